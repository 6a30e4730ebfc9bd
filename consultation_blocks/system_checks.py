"""Django system checks for how the plugin is deployed."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.urls import NoReverseMatch, reverse

from .defaults import setting

# Caches that live inside one process: each worker would keep its own rate-limit
# counters (or none), so a limit of N per address becomes N per worker.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register("caches")
def check_rate_limit_cache(app_configs, **kwargs):
    """Warn when a deployed site counts rate limits in a cache no other process sees.

    Development (DEBUG on) runs one process, where a memory cache is right; the test
    settings silence this check for the same reason."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend}) is kept separately by each process, so every "
            "worker counts its own rate limits for public forms.",
            hint=(
                "Use a cache that all processes share: set REDIS_URL, or use Django's "
                "database cache (run `manage.py createcachetable`)."
            ),
            id="consultation_blocks.W001",
        )
    ]


@register("urls")
def check_search_url_name(app_configs, **kwargs):
    """A search URL name the site does not have would fail every consultation page with
    topics; say so at start-up rather than on the first visitor's request."""
    name = setting("CONSULTATION_SEARCH_URL_NAME")
    if not name:
        return []
    try:
        reverse(name)
    except NoReverseMatch:
        return [
            Error(
                f"CONSULTATION_SEARCH_URL_NAME is {name!r}, but no URL has that name.",
                hint=(
                    "Set it to the name of the site's search page (a view taking "
                    "?tag=<slug>), or to None to show topics without links."
                ),
                id="consultation_blocks.E001",
            )
        ]
    return []
