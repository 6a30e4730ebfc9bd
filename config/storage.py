"""Where uploaded files are kept.

Images and their renditions are public: they sit under MEDIA_ROOT and are served at
MEDIA_URL. Documents may belong to a private collection, so they are kept under
PRIVATE_MEDIA_ROOT, which no URL and no web server maps to: Wagtail's document view
(``/documents/<id>/<filename>``), which checks the collection's privacy first, is the
only way to them.
"""

import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
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
