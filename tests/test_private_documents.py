"""Documents in a private collection are reachable only through Wagtail's document
view, which checks the collection's restriction; never from a public media address,
whether the development server or a web server exposing the media folder serves it."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from config.settings import base

pytestmark = pytest.mark.django_db

SECRET = b"%PDF-1.4 Minutes of the closed board meeting"


def reload_urls():
    import config.urls

    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def dev_server(settings, tmp_path):
    """The project's own storage on disk and the development server's URLs (DEBUG on,
    so uploaded files are served as `manage.py runserver` serves them)."""
    media, private = tmp_path / "media", tmp_path / "private_media"
    settings.MEDIA_ROOT = media
    settings.PRIVATE_MEDIA_ROOT = private
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**base.STORAGES["default"], "OPTIONS": {"location": media}},
    }
    settings.DEBUG = True
    reload_urls()
    yield media, private
    settings.DEBUG = False
    reload_urls()


@pytest.fixture
def private_document(dev_server):
    board = Collection.get_first_root_node().add_child(name="Board")
    CollectionViewRestriction.objects.create(collection=board, restriction_type="login")
    return get_document_model().objects.create(
        title="Board minutes", file=ContentFile(SECRET, name="board-minutes.pdf"), collection=board
    )


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def media_addresses(document, media_root):
    """Every /media/ address the file could have, however spelt."""
    name = document.file.name
    addresses = {
        f"/media/{name}",
        f"/media/documents/{document.filename}",
        f"/media//{name}",
        f"/media/./{name}",
        f"/media/images/../{name}",
        f"/media/{name.replace('documents/', 'Documents/')}",
        f"/media/{name.replace('/', '%2F')}",
    }
    # Wherever it landed on disk under the public media folder, by its path there.
    for path in media_root.rglob("*"):
        if path.is_file():
            addresses.add("/media/" + path.relative_to(media_root).as_posix())
    return sorted(addresses)


def test_a_private_document_is_unreachable_anonymously_by_any_url(
    client, private_document, dev_server
):
    media_root, _ = dev_server

    served = client.get(private_document.url)
    assert private_document.url == (f"/documents/{private_document.pk}/{private_document.filename}")
    assert served.status_code in (302, 403, 404)
    if served.status_code == 302:
        assert served["Location"].startswith("/_util/authenticate_with_password/") or (
            "login" in served["Location"]
        )
    assert SECRET not in body(served)

    for address in media_addresses(private_document, media_root):
        response = client.get(address)
        assert response.status_code == 404, address
        assert SECRET not in body(response), address


def test_the_file_is_kept_outside_the_public_media_folder(private_document, dev_server):
    media_root, private_root = dev_server

    public_files = [path for path in media_root.rglob("*") if path.is_file()]
    assert not any(SECRET in path.read_bytes() for path in public_files)
    assert (private_root / private_document.file.name).read_bytes() == SECRET


def test_signed_in_staff_get_the_document_through_its_view(client, admin_user, private_document):
    client.force_login(admin_user)

    response = client.get(private_document.url)

    assert response.status_code == 200
    assert body(response) == SECRET


def test_images_are_still_served_from_media_in_development(client, dev_server):
    media_root, _ = dev_server
    (media_root / "original_images").mkdir(parents=True)
    (media_root / "original_images" / "park.txt").write_bytes(b"a picture")

    response = client.get("/media/original_images/park.txt")

    assert response.status_code == 200
    assert body(response) == b"a picture"
