"""The page cache on Redis, as in production, for tests: each test its own key prefix,
and each web process's own copies (pagecache/local.py) listening for changes."""

import secrets
import time
from contextlib import contextmanager

import redis
from django.core.cache import cache

from pagecache import local
from pagecache.services import current_generation

REDIS_URL = "redis://127.0.0.1:6379/11"


def use_redis_page_cache(settings, *, local_mb=16):
    """Point the cache at Redis with a prefix of its own; returns a function that
    removes the test's keys."""
    prefix = f"page-cache-test-{secrets.token_hex(4)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.PAGE_CACHE_LOCAL_MB = local_mb
    local.copies.forget()

    def remove_keys():
        store = redis.Redis.from_url(REDIS_URL)
        keys = list(store.scan_iter(f"{prefix}:*"))
        if keys:
            store.delete(*keys)

    return remove_keys


def wait_until_listening(timeout=5.0):
    """Until this process's listening thread has read the current generation."""
    assert local.usable()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if local.copies.generation is not None and local.copies.generation == current_generation():
            return
        time.sleep(0.02)
    raise AssertionError("The page cache never heard the current generation.")


def redis_key(name):
    """The key or channel `name` as the cache writes it in Redis."""
    return cache.make_key(name)


@contextmanager
def redis_page_cache(settings, *, page_seconds=60):
    """For one test: the page cache on Redis, its process listening, its keys removed
    afterwards; ``page_seconds`` 0 keeps fragments only, no whole pages."""
    settings.PAGE_CACHE_SECONDS = page_seconds
    remove_keys = use_redis_page_cache(settings)
    try:
        wait_until_listening()
        yield
    finally:
        remove_keys()
