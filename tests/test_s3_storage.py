"""With AWS_STORAGE_BUCKET_NAME set, images and documents live in S3-compatible storage,
here moto's S3 server on loopback: images in the public bucket, served from its
address; documents in the private bucket, reachable only through the document view,
which still checks a private collection's restriction."""

import io
import json
import os
import socket
import subprocess
import sys

import boto3
import pytest
import requests
from django.core.files.storage import default_storage, storages
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from config.storage import S3MediaStorage

from .test_settings import PRODUCTION_ENV, PROJECT_ROOT

pytestmark = pytest.mark.django_db
PUBLIC, PRIVATE = "engage-media", "engage-documents"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{PUBLIC}/*",
        }
    ],
}
SECRET = b"%PDF-1.4 Minutes of the closed board meeting"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, settings, monkeypatch):
    """The site's settings as the environment would give them for S3 storage."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    for bucket in (PUBLIC, PRIVATE):
        client.create_bucket(Bucket=bucket)
    # As the README tells operators: anyone may read the images bucket, nobody the other.
    client.put_bucket_policy(Bucket=PUBLIC, Policy=json.dumps(PUBLIC_READ))
    settings.AWS_STORAGE_BUCKET_NAME = PUBLIC
    settings.AWS_PRIVATE_STORAGE_BUCKET_NAME = PRIVATE
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "config.storage.S3MediaStorage"},
    }
    assert isinstance(storages["default"], S3MediaStorage)
    yield client
    for bucket in (PUBLIC, PRIVATE):
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
        client.delete_bucket(Bucket=bucket)


def keys(client, bucket):
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def png_bytes():
    output = io.BytesIO()
    PILImage.new("RGB", (320, 200), "teal").save(output, "PNG")
    return output.getvalue()


@pytest.fixture
def editor(client, admin_user):
    client.force_login(admin_user)
    return client


def test_an_uploaded_image_is_stored_in_the_public_bucket_and_served_from_it(s3, editor):
    picture = png_bytes()
    upload = io.BytesIO(picture)
    upload.name = "park.png"

    response = editor.post(
        "/admin/images/add/",
        {"title": "The park", "file": upload, "collection": Collection.get_first_root_node().pk},
    )

    assert response.status_code == 302
    image = get_image_model().objects.get(title="The park")
    assert keys(s3, PUBLIC) == [image.file.name]
    assert keys(s3, PRIVATE) == []
    original = requests.get(image.file.url, timeout=10)
    assert original.status_code == 200
    assert original.content == picture
    # A rendition is made from the stored original and stored beside it.
    rendition = image.get_rendition("width-100")
    served = requests.get(rendition.url, timeout=10)
    assert served.status_code == 200
    assert PILImage.open(io.BytesIO(served.content)).size == (100, 62)


def test_a_private_document_is_kept_in_the_private_bucket_and_still_needs_permission(
    s3, editor, settings
):
    board = Collection.get_first_root_node().add_child(name="Board")
    CollectionViewRestriction.objects.create(collection=board, restriction_type="login")
    upload = io.BytesIO(SECRET)
    upload.name = "board-minutes.pdf"

    response = editor.post(
        "/admin/documents/add/",
        {"title": "Board minutes", "file": upload, "collection": board.pk},
    )

    assert response.status_code == 302
    document = get_document_model().objects.get(title="Board minutes")
    assert keys(s3, PRIVATE) == [document.file.name]
    assert keys(s3, PUBLIC) == []
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018 - no address to give away
    # Nor can its bucket be read without the site's credentials.
    bucket_address = f"{settings.AWS_S3_ENDPOINT_URL}/{PRIVATE}/{document.file.name}"
    assert requests.get(bucket_address, timeout=10).status_code == 403

    served = editor.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == SECRET

    editor.logout()
    refused = editor.get(document.url)
    assert refused.status_code == 302
    assert "login" in refused["Location"]


def test_two_uploads_with_one_name_are_two_files(s3):
    first = default_storage.save("documents/report.pdf", io.BytesIO(b"first"))
    second = default_storage.save("documents/report.pdf", io.BytesIO(b"second"))

    assert first != second
    assert sorted(keys(s3, PRIVATE)) == sorted([first, second])
    with default_storage.open(first) as handle:
        assert handle.read() == b"first"


def settings_under(env, expression):
    """A settings value as a fresh production process reads it from `env`."""
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={
            **os.environ,
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **env,
        },
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_bucket_variables_switch_production_to_s3_and_local_files_stay_the_default():
    backend = "settings.STORAGES['default']['BACKEND']"

    assert settings_under({}, backend).stdout.strip() == "config.storage.MediaStorage"
    both = {"AWS_STORAGE_BUCKET_NAME": PUBLIC, "AWS_PRIVATE_STORAGE_BUCKET_NAME": PRIVATE}
    assert settings_under(both, backend).stdout.strip() == "config.storage.S3MediaStorage"

    alone = settings_under({"AWS_STORAGE_BUCKET_NAME": PUBLIC}, backend)
    assert alone.returncode != 0
    assert "AWS_PRIVATE_STORAGE_BUCKET_NAME is required" in alone.stderr
