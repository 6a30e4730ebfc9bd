"""Emptying the page cache: the one place that does it, for every trigger.

Our own cache is emptied as a whole, by moving to a new generation: every copy records
the generation it was rendered in and is served only while that is current. A page is
shown on its own address but also in listings, in the navigation, in breadcrumbs and on
the home page, so emptying only its own entry would leave those stale. Content changes
are rare next to page views, and a refilled page costs one render.

A CDN (wagtail.contrib.frontend_cache, configured in WAGTAILFRONTENDCACHE) is purged by
address: the changed pages and their ancestors (the listings that show them), or every
live page when something on every page changed (settings, partners, the navigation).
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import get_backends, purge_pages_from_cache
from wagtail.models import Page

from .local import announce_change

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"


def current_generation(read=None):
    """The generation a copy must carry to be served. ``read``: the value already read
    with the copy itself, in the same round trip. Kept without expiry; if the cache
    loses it (eviction, restart of a memory cache), a fresh one starts from the clock,
    so no copy from before can ever be served again."""
    if read is not None:
        return read
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _next_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there: any new value retires every old key
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    # Every web process's own copies (local.py).
    announce_change()


def page_cache_purge(*, pages=None):
    """Forget cached pages after a change. ``pages``: the pages that changed (their
    ancestors are purged from a CDN with them); None when the change shows on every
    page.

    The generation moves now, so this request and the tests see the change at once,
    and again once the transaction commits: a page rendered by another worker between
    the two, from data not yet committed, is then retired too.
    """
    _next_generation()
    # Tree paths, not ids: a deleted page's row is gone by then, its ancestors are not.
    paths = None if pages is None else [page.path for page in pages if page.path]

    def after_commit():
        _next_generation()
        _purge_cdn(paths)

    transaction.on_commit(after_commit)


def _purge_cdn(paths):
    if not get_backends():
        return
    if paths is None:
        targets = Page.objects.live().public().specific()
    else:
        ancestor_paths = {
            path[:end] for path in paths for end in range(Page.steplen, len(path) + 1, Page.steplen)
        }
        targets = Page.objects.filter(path__in=ancestor_paths).live().specific()
    try:
        purge_pages_from_cache(targets)
    except Exception:
        # A CDN that cannot be reached must not undo the change that was just saved;
        # its copies expire after PAGE_CACHE_SECONDS anyway.
        logger.exception("Could not purge the CDN")
