"""Where uploaded files are kept.

Images and their renditions are public: they sit under MEDIA_ROOT and are served at
MEDIA_URL. Documents may belong to a private collection, so they are kept under
PRIVATE_MEDIA_ROOT, which no URL and no web server maps to: Wagtail's document view
(``/documents/<id>/<filename>``), which checks the collection's privacy first, is the
only way to them.

With AWS_STORAGE_BUCKET_NAME set, both go to S3-compatible storage instead (AWS, MinIO,
Ceph, any provider speaking the S3 API): images to that bucket, served from its
address; documents to AWS_PRIVATE_STORAGE_BUCKET_NAME, a bucket that is never given an
address either, so documents still pass through the document view.
"""

import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.functional import cached_property

# Wagtail stores documents under this folder of the default storage.
PRIVATE_FOLDERS = ("documents/",)


class MediaStorage(FileSystemStorage):
    def __init__(self, *args, private_location=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._private_location = private_location

    @cached_property
    def private(self):
        """The storage documents are written to and read from."""
        return FileSystemStorage(
            location=self._private_location or settings.PRIVATE_MEDIA_ROOT,
            file_permissions_mode=self.file_permissions_mode,
            directory_permissions_mode=self.directory_permissions_mode,
        )

    @staticmethod
    def is_private(name):
        """Whether `name` is a document's, however it is spelt ("images/../documents/x",
        "/Documents/x" on a case-insensitive disk)."""
        normal = posixpath.normpath(str(name).replace("\\", "/")).lstrip("/").lower()
        return normal.startswith(PRIVATE_FOLDERS)

    # Every other file operation goes through path().
    def path(self, name):
        if self.is_private(name):
            return self.private.path(name)
        return super().path(name)

    def _save(self, name, content):
        if self.is_private(name):
            return self.private._save(name, content)
        return super()._save(name, content)

    def url(self, name):
        if self.is_private(name):
            # Wagtail's document view treats this as "no direct address" and streams it.
            raise NotImplementedError("Documents are served only through the document view.")
        return super().url(name)


def _s3_storage(**options):
    # Imported here: django-storages and boto3 are needed only when S3 is configured.
    from storages.backends.s3 import S3Storage

    # Never overwrite: two uploads called "report.pdf" must stay two files. Plain
    # addresses for public images (a signed one expires, and defeats every cache).
    return S3Storage(file_overwrite=False, querystring_auth=False, **options)


class S3MediaStorage(Storage):
    """Images in AWS_STORAGE_BUCKET_NAME, documents in AWS_PRIVATE_STORAGE_BUCKET_NAME.

    Each file operation goes to the bucket its name belongs in, by the same rule as
    MediaStorage; a document has no address, so Wagtail's document view reads it from
    the private bucket and streams it after checking the collection's restriction.
    """

    @cached_property
    def public(self):
        return _s3_storage()

    @cached_property
    def private(self):
        return _s3_storage(
            bucket_name=settings.AWS_PRIVATE_STORAGE_BUCKET_NAME,
            default_acl="private",
            custom_domain=None,
        )

    def _storage_for(self, name):
        return self.private if MediaStorage.is_private(name) else self.public

    def _open(self, name, mode="rb"):
        return self._storage_for(name)._open(name, mode)

    def _save(self, name, content):
        return self._storage_for(name)._save(name, content)

    def get_valid_name(self, name):
        return self.public.get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return self._storage_for(name).get_available_name(name, max_length=max_length)

    def delete(self, name):
        return self._storage_for(name).delete(name)

    def exists(self, name):
        return self._storage_for(name).exists(name)

    def listdir(self, path):
        return self._storage_for(path).listdir(path)

    def size(self, name):
        return self._storage_for(name).size(name)

    def get_modified_time(self, name):
        return self._storage_for(name).get_modified_time(name)

    def url(self, name):
        if MediaStorage.is_private(name):
            # Wagtail's document view treats this as "no direct address" and streams it.
            raise NotImplementedError("Documents are served only through the document view.")
        return self.public.url(name)
