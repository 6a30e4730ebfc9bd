"""The stock Wagtail project the benchmark compares the site with: the apps and
middleware of the project `wagtail start` writes (read from the installed Wagtail's
project template), its template settings and its production settings, serving the
stock pages of bench.baseline from the benchmark's database.

Served by a gunicorn of its own beside the site's (bench/run.py), measured the same way:
the same number of workers, PostgreSQL on persistent connections. The stock pages used
to be served by the site's own process, where this site's middleware and caches (the
Wagtail site and its root page kept with the page fragments) served them too; "× stock"
then compared the site with itself more than with Wagtail.

Read from the environment the benchmark sets: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL.
The site's migrations (under config.settings.bench, which installs bench.baseline) have
made every table these pages use; this project never migrates.
"""

import ast
import os
from pathlib import Path

import dj_database_url
import wagtail

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = [host for host in os.environ.get("ALLOWED_HOSTS", "").split(",") if host]


def _project_template(*names):
    """Settings as Wagtail's own project template writes them (the file `wagtail start`
    copies), read from the installed Wagtail, so that the baseline follows Wagtail."""
    source = Path(wagtail.__file__).parent / "project_template/project_name/settings/base.py"
    return {
        target.id: ast.literal_eval(node.value)
        for node in ast.parse(source.read_text()).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id in names
    }


_STOCK = _project_template("INSTALLED_APPS", "MIDDLEWARE")
# The template's own home and search apps are the project's pages: here, bench.baseline.
INSTALLED_APPS = [
    "bench.baseline",
    *(app for app in _STOCK["INSTALLED_APPS"] if app not in ("home", "search")),
]
MIDDLEWARE = _STOCK["MIDDLEWARE"]

ROOT_URLCONF = "bench.baseline.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The site's connection settings (config/settings/base.py), so that the comparison is
# of the pages and not of how each opens its connections.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True
    )
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# The site's collected static files hold the stock pages' stylesheet and its manifest.
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Stock Wagtail"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_BASE_URL = "http://localhost"
