"""Fragments of pages kept in the cache: the parts of a page that are the same for
every visitor (the header, the footer, the navigation, the breadcrumbs, the page's
languages, the home page's listings), so that a page the page cache does not serve
(a signed-in editor, a new address, a page with a form to fill in) is still quick to
draw.

A fragment is kept under the same generation as the page cache's copies
(services.current_generation): every change that empties the page cache (publishing,
moving, deleting a page, a moderator's decision, partners, settings, navigation)
retires every fragment at once. Changes that come with time alone (a consultation
opening or closing) show within FRAGMENT_CACHE_SECONDS, as they do for cached pages.
Nothing that belongs to one visitor goes in a fragment: no form token, no CSRF token,
no message, nothing read from the session. Previews are never drawn from fragments.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from .services import GENERATION_KEY, current_generation

logger = logging.getLogger(__name__)

KEY_PREFIX = "pagecache:fragment:"
_GENERATION_ATTRIBUTE = "_page_fragment_generation"


def fragment_cache_seconds():
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 0)


def fragment_key(request, name, vary):
    """The fragment's name and what it varies on, with the site (scheme and host) and
    the language shown, which every fragment varies on."""
    parts = [
        name,
        request.scheme,
        request.get_host(),
        translation.get_language() or settings.LANGUAGE_CODE,
        *(str(value) for value in vary),
    ]
    return KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _usable(request):
    return (
        fragment_cache_seconds() > 0
        and request is not None
        and hasattr(request, "get_host")
        and not getattr(request, "is_preview", False)
    )


def cached_fragment(request, name, vary, make):
    """The value ``make()`` returns (rendered HTML, or any value that pickles), kept
    for every visitor of this site and language until the next change; ``vary``: what
    else it depends on (a page's id, an address)."""
    if not _usable(request):
        return make()
    try:
        key = fragment_key(request, name, vary)
        generation = getattr(request, _GENERATION_ATTRIBUTE, None)
        if generation is None:
            # The generation and the first fragment in one round trip.
            found = cache.get_many([GENERATION_KEY, key])
            generation = current_generation(found.get(GENERATION_KEY))
            setattr(request, _GENERATION_ATTRIBUTE, generation)
            stored = found.get(key)
        else:
            stored = cache.get(key)
    except Exception:
        # The cache is unreachable: the fragment is drawn each time.
        logger.warning("Fragment cache unavailable", exc_info=True)
        return make()
    if stored is not None and stored[0] == generation:
        return stored[1]
    value = make()
    try:
        cache.set(key, (generation, value), fragment_cache_seconds())
    except Exception:
        logger.warning("Fragment cache unavailable", exc_info=True)
    return value
