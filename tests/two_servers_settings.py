"""Production settings for the two app servers tests/test_two_servers.py starts.

The one change: static files without WhiteNoise's manifest, which only `collectstatic`
(a minute of work, writing into the project) would make. Everything the test is about,
sessions, CSRF, the cache and the database, is exactly as in production.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
