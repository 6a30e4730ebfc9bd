"""Settings for the test suite: fast, isolated, deterministic."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key-not-used-anywhere-else"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

# A second alias onto the test database, standing for a replica: the router tests turn
# DATABASE_READ_REPLICA on to show which queries go where (tests/test_read_replica.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_READ_REPLICA = ""

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One test process: a memory cache is shared by everything it runs.
SILENCED_SYSTEM_CHECKS = ["consultation_blocks.W001"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Tests must not depend on a built front end or a manifest.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Nor on `collectstatic` having run: without a collected root, WhiteNoise has nothing to
# scan (it would warn "No directory at" for each middleware chain built, several times a
# test), and a checkout's stale collected files are never served. The live server of
# the browser tests serves the unbuilt files through the staticfiles finders.
STATIC_ROOT = None
WAGTAILADMIN_BASE_URL = "http://testserver"

# Browser tests fill forms faster than people do; the spam tests set their own minimum.
CONSULTATION_MIN_FILL_SECONDS = 0
