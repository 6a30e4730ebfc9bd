"""Django system checks for how the plugin is deployed."""

from django.conf import settings
from django.core.checks import Warning, register

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
