"""Settings shared by every environment.

Everything that differs between machines comes from environment variables; the
defaults here are safe for a developer's laptop. Production overrides only what
must be secret or hardened (see production.py).
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from consultation_blocks.defaults import (
    CONTACTS_DEFAULTS,
    PANEL_SURVEY_DEFAULTS,
    REGISTRATION_DEFAULTS,
    SPAM_DEFAULTS,
)

from .env import env_bool, env_int, env_list, env_networks, env_request_header, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

INSTALLED_APPS = [
    # Project apps first so their templates override the defaults.
    "home",
    "search",
    "consultation_blocks",
    "pagecache",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "csp",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and everything after it: a copy served from the cache costs
    # one cache read and no database query. Headers the middleware above adds (CSP,
    # Permissions-Policy, HSTS) are added to copies too.
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address alone (/cy/… is Welsh; no prefix is English),
    # never from a cookie or Accept-Language, so that a cached page has one language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The Wagtail site of an address that draws fragments, kept with them.
    "pagecache.fragments.SiteMiddleware",
    # Anonymous posts to public pages' forms are checked by their origin; everything
    # else by Django's CSRF token (see config/middleware.py).
    "config.middleware.CrossOriginProtectionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.db_router.AnonymousReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "config.middleware.RefuseNulCharactersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


def _database(url):
    """A database from its URL, its connections kept open and checked before reuse.
    Persistent connections: opening a PostgreSQL connection per request costs about two
    thirds of a page's throughput."""
    database = dj_database_url.parse(
        url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600), conn_health_checks=True
    )
    if database["ENGINE"] == "django.db.backends.postgresql":
        # Django's own, with a health check that needs no round trip (config/postgresql).
        database["ENGINE"] = "config.postgresql"
    return database


# Database: SQLite in the project by default, anything dj-database-url understands otherwise.
DATABASES = {
    "default": _database(env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# A read-only PostgreSQL replica, if there is one: anonymous visitors' page views read
# from it, everything else uses the primary (see config/db_router.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
DATABASE_READ_REPLICA = ""
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = _database(DATABASE_REPLICA_URL)
    # Tests read the primary through this alias: there is no replica to create.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_READ_REPLICA = "replica"
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock rather than failing while another process writes.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis where REDIS_URL is set, process memory otherwise (production uses the
# database instead, so that every worker shares the rate-limit counters).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, answering as an empty cache while Redis is down so
            # that pages still serve (see config/cache.py).
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "engage"),
            # Give up on an unreachable Redis quickly rather than holding the request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "engage",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The languages pages can be translated into (wagtail-localize). English stays at "/";
# every other language has its prefix (/cy/, /ur/). Urdu is written right to left.
LANGUAGES = [
    ("en-gb", "English"),
    ("cy", "Cymraeg"),
    ("ur", "اردو"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The site's own translations of its interface (compiled .mo files are committed).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
# The compiled GOV.UK Frontend theme; built by `make` and never committed.
STATICFILES_DIRS = [BASE_DIR / "frontend" / "build"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# Documents: outside MEDIA_ROOT, reachable only through Wagtail's document view, which
# checks a private collection's restriction (see config/storage.py).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT") or BASE_DIR / "private_media")
STORAGES = {
    "default": {"BACKEND": "config.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Or S3-compatible storage (read by django-storages; credentials from the environment's
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as boto3 reads them). Documents need a
# bucket of their own, which is never made public (see config/storage.py).
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_PRIVATE_STORAGE_BUCKET_NAME = env_str("AWS_PRIVATE_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN") or None
if AWS_STORAGE_BUCKET_NAME:
    if not AWS_PRIVATE_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured(
            "AWS_PRIVATE_STORAGE_BUCKET_NAME is required with AWS_STORAGE_BUCKET_NAME: "
            "documents may be private, so they need a bucket that is never public."
        )
    STORAGES["default"] = {"BACKEND": "config.storage.S3MediaStorage"}

# The page editor posts many fields for long StreamFields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: console in development, SMTP configured by environment elsewhere.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "engagement@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks: run in the request's process by default; production queues them
# in the database for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Partnership engagement hub")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The read API's `detail_url`s; its `html_url`s come from the default site, which
# `manage.py set_site_address` points at the same address.
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAIL_I18N_ENABLED = True
# Staff pictures are uploaded, not fetched from Gravatar with a hash of their email.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Approval emails (sent by a background task; see consultation_blocks/signal_handlers.py).
# Moderators are told when a page waits for them; superusers see the dashboard instead.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = env_str(
    "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", DEFAULT_FROM_EMAIL
)
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = env_bool(
    "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", False
)
# Every document link goes to Wagtail's view, never to the file's own address.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILSEARCH_HITS_MAX_AGE = 90
TAGGIT_CASE_INSENSITIVE = True

# Search: Wagtail's database backend (SQLite FTS5 or PostgreSQL full text) unless an
# Elasticsearch URL is given.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "engage")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX_PREFIX}-wagtail-",
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Content-Security-Policy (django-csp). Public pages load scripts and styles only from
# this site, with no inline code and so no per-request nonce: a page served from the
# page cache would carry a nonce its policy no longer names. Nothing is loaded from
# another site, except frames from the video sites an operator lists in
# VIDEO_EMBED_ORIGINS.
VIDEO_EMBED_ORIGINS = env_list("VIDEO_EMBED_ORIGINS")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *VIDEO_EMBED_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin (and its previews) gets a looser policy, each source there because the
# admin needs it; nothing else is allowed that the public policy refuses.
CONTENT_SECURITY_POLICY_ADMIN = {
    "PATH_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        # Wagtail's templates write inline <script> blocks without a nonce (the inline
        # panels' forms, the date and time pickers).
        "script-src": [SELF, "'unsafe-inline'"],
        # Its bundled libraries (jQuery UI while reordering, the rich text editor) add
        # <style> elements without a nonce.
        "style-src": [SELF, "'unsafe-inline'"],
        # data: for the icons in Wagtail's own stylesheet; blob: for the previews of
        # images chosen for upload, drawn before they are sent.
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        # The dashboard asks wagtail.org whether a new release is out.
        "connect-src": [SELF, "https://releases.wagtail.org"],
        # Editors see the same embedded videos the public pages may show.
        "frame-src": [SELF, *VIDEO_EMBED_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # The page editor shows its preview in a frame of its own.
        "frame-ancestors": [SELF],
    },
}
# The anonymous page cache (pagecache/, README "Caching"): seconds a public page is kept
# for visitors with no session, in the cache above and in a CDN. 0 switches it off
# (the default in development, where a changed template should show at once).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0, minimum=0)
# Megabytes of those pages each web process also keeps in its own memory, served
# without a round trip to Redis while it hears of every change (pagecache/local.py).
# Only with Redis as the cache; 0 switches it off.
PAGE_CACHE_LOCAL_MB = env_int("PAGE_CACHE_LOCAL_MB", 0, minimum=0)
# Fragments of pages that are the same for every visitor (header, footer, navigation,
# the home page's listings: pagecache/fragments.py), kept until the next change and for
# at most this many seconds. 0 switches them off (the default in development).
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 0, minimum=0)
# A CDN or caching proxy in front of the site, purged when pages change
# (wagtail.contrib.frontend_cache): a proxy that accepts PURGE requests (Varnish,
# nginx), or Cloudflare.
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_BEARER_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
    }
    if not WAGTAILFRONTENDCACHE["cloudflare"]["ZONEID"]:
        raise ImproperlyConfigured("CLOUDFLARE_ZONE_ID is required with CLOUDFLARE_BEARER_TOKEN.")

# Browser features nothing on the site uses, refused to the site and what it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Seconds a visitor is asked to wait (Retry-After) when the database is unavailable.
RETRY_AFTER_SECONDS = SPAM_DEFAULTS["RETRY_AFTER_SECONDS"]

# The consultation plugin's defences against spam (see consultation_blocks/spam.py).
CONSULTATION_RATE_LIMIT = env_int(
    "CONSULTATION_RATE_LIMIT", SPAM_DEFAULTS["CONSULTATION_RATE_LIMIT"], minimum=1
)
CONSULTATION_RATE_LIMIT_WINDOW = env_int(
    "CONSULTATION_RATE_LIMIT_WINDOW", SPAM_DEFAULTS["CONSULTATION_RATE_LIMIT_WINDOW"], minimum=1
)
CONSULTATION_MIN_FILL_SECONDS = env_int(
    "CONSULTATION_MIN_FILL_SECONDS", SPAM_DEFAULTS["CONSULTATION_MIN_FILL_SECONDS"], minimum=0
)
# The reverse proxies (load balancers, CDNs) in front of the app servers, as addresses or
# CIDR ranges. Only a request from one of them has its forwarding header believed; with
# none listed, the address that connected is the client's (see spam.client_address).
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
CONSULTATION_CLIENT_IP_HEADER = env_request_header(
    "CONSULTATION_CLIENT_IP_HEADER", SPAM_DEFAULTS["CONSULTATION_CLIENT_IP_HEADER"]
)
CONSULTATION_MAX_BODY_BYTES = env_int(
    "CONSULTATION_MAX_BODY_BYTES", SPAM_DEFAULTS["CONSULTATION_MAX_BODY_BYTES"], minimum=1
)
CONSULTATION_POLL_VOTES_PER_ADDRESS = env_int(
    "CONSULTATION_POLL_VOTES_PER_ADDRESS",
    SPAM_DEFAULTS["CONSULTATION_POLL_VOTES_PER_ADDRESS"],
    minimum=1,
)
# The contacts register's retention (see the README's "Contacts, invitations and your
# data"): days kept after the last consent, days of notice before removal, and hours
# the emailed link to see one's own data works.
CONTACTS_RETENTION_DAYS = env_int(
    "CONTACTS_RETENTION_DAYS", CONTACTS_DEFAULTS["CONTACTS_RETENTION_DAYS"], minimum=1
)
CONTACTS_REMINDER_DAYS = env_int(
    "CONTACTS_REMINDER_DAYS", CONTACTS_DEFAULTS["CONTACTS_REMINDER_DAYS"], minimum=1
)
SUBJECT_ACCESS_LINK_HOURS = env_int(
    "SUBJECT_ACCESS_LINK_HOURS", CONTACTS_DEFAULTS["SUBJECT_ACCESS_LINK_HOURS"], minimum=1
)
# Days after a meeting or event that registrations keep personal details.
MEETING_REGISTRATION_RETENTION_DAYS = env_int(
    "MEETING_REGISTRATION_RETENTION_DAYS",
    REGISTRATION_DEFAULTS["MEETING_REGISTRATION_RETENTION_DAYS"],
    minimum=1,
)
# Panel-only surveys: days between reminders to members who have not answered, and
# the most reminders one member gets (``manage.py send_panel_survey_reminders``).
PANEL_SURVEY_REMINDER_DAYS = env_int(
    "PANEL_SURVEY_REMINDER_DAYS", PANEL_SURVEY_DEFAULTS["PANEL_SURVEY_REMINDER_DAYS"], minimum=1
)
PANEL_SURVEY_MAX_REMINDERS = env_int(
    "PANEL_SURVEY_MAX_REMINDERS", PANEL_SURVEY_DEFAULTS["PANEL_SURVEY_MAX_REMINDERS"], minimum=0
)
# How the plugin fits this site (not deployment settings, so not read from the
# environment): topic links go to the site's search page. The README's plugin section
# lists these; the site's other contribution is templates/consultation_blocks/.
CONSULTATION_SEARCH_URL_NAME = "search"
CONSULTATION_FRAGMENT_CACHE = "pagecache.fragments.cached_fragment"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        # One line per task and per page action is noise outside debugging.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
