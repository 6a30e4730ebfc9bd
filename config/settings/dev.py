"""Development settings: a laptop, a browser, the console for email."""

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)

# A development key that changes per process would log everyone out on each reload, so
# only fall back to a random one when none is configured.
SECRET_KEY = _SECRET_KEY or env_str("DEV_SECRET_KEY") or get_random_secret_key()

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
