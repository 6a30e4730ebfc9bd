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

A page draws ten or so fragments; asked for one at a time they would cost a round trip
to the cache each. Each process remembers which fragments the last drawing of an
address used, and the first fragment of a request fetches them all, with the
generation, in one round trip; a fragment the address did not use last time (another
language, a listing with new filters) is fetched on its own. What is remembered is
only keys: values are still checked against the generation.

A web process that keeps its own copies of cached pages (local.py) keeps fragments the
same way: while it knows the current generation, the fragments it has kept are drawn
from its own memory, with no round trip, until they expire from the cache.
"""

import hashlib
import logging
import pickle
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.utils import translation
from wagtail.models import Site

from . import local
from .services import GENERATION_KEY, current_generation

logger = logging.getLogger(__name__)

KEY_PREFIX = "pagecache:fragment:"
_STATE_ATTRIBUTE = "_page_fragments"
_SITE_ATTRIBUTE = "_page_fragments_site"
# Addresses whose fragment keys a process remembers; past that, it starts again
# (a made-up address must not grow a process's memory).
REMEMBERED_ADDRESSES = 2000
# What a kept fragment takes in memory besides its pickled bytes, roughly.
KEPT_OVERHEAD = 200
# Address -> the keys its last drawing used, filled in as that drawing goes.
_used_by_address = {}


@dataclass
class _RequestFragments:
    generation: object
    # Every key asked for in the first round trip, found or not.
    fetched: set
    found: dict
    used: list = field(default_factory=list)


def fragment_cache_seconds():
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 0)


def fragment_key(request, name, vary):
    """The fragment's name and what it varies on, with the site (scheme and host) and
    the language shown, which every fragment varies on."""
    parts = [
        name,
        *_site_of(request),
        translation.get_language() or settings.LANGUAGE_CODE,
        *(str(value) for value in vary),
    ]
    return KEY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _site_of(request):
    """(scheme, host) of the request, worked out once for its dozen fragments: Django
    validates the host against ALLOWED_HOSTS each time it is asked."""
    site = getattr(request, _SITE_ATTRIBUTE, None)
    if site is None:
        site = (request.scheme, request.get_host())
        setattr(request, _SITE_ATTRIBUTE, site)
    return site


def _usable(request):
    return (
        fragment_cache_seconds() > 0
        and request is not None
        and hasattr(request, "get_host")
        and not getattr(request, "is_preview", False)
    )


def _address(request):
    """The page's address, with only the query parameters pages read (a cache-buster
    or a tracking tag uses the same fragments)."""
    from .middleware import QUERY_PARAMETERS

    read = getattr(settings, "PAGE_CACHE_QUERY_PARAMETERS", QUERY_PARAMETERS)
    query = sorted((name, value) for name, value in request.GET.items() if name in read)
    return (*_site_of(request), request.path, tuple(query))


def _start(request, key):
    """The first fragment of this request: the generation, this key and every key the
    address used last time, in one round trip, or none when this process has kept
    them all and knows the generation (local.py)."""
    address = _address(request)
    remembered = _used_by_address.get(address, ())
    wanted = [key, *(known for known in remembered if known != key)]
    generation = local.copies.generation if local.usable() else None
    if generation is None:
        found = cache.get_many([GENERATION_KEY, *wanted])
        generation = current_generation(found.pop(GENERATION_KEY, None))
    else:
        found = _kept(wanted)
        missing = [wanted_key for wanted_key in wanted if wanted_key not in found]
        if missing:
            fetched = cache.get_many(missing)
            _keep(fetched, generation)
            found.update(fetched)
    state = _RequestFragments(generation=generation, fetched=set(wanted), found=found)
    if len(_used_by_address) >= REMEMBERED_ADDRESSES and address not in _used_by_address:
        _used_by_address.clear()
    # The list this request fills in: the next request to this address fetches what
    # this one used, as far as it got.
    _used_by_address[address] = state.used
    setattr(request, _STATE_ATTRIBUTE, state)
    return state


def _kept(keys):
    """The fragments this process keeps of ``keys``, current ones only, as the cache
    holds them. Each request gets its own copy of a value (kept pickled): a page or a
    site in a fragment is an object a request may change."""
    found = {}
    for key in keys:
        kept = local.copies.get(key)
        if kept is not None:
            found[key] = (kept["generation"], pickle.loads(kept["pickled"]), kept["expires"])
    return found


def _keep(fragments, generation):
    """Keep fragments of the current generation in this process too, until they expire
    from the cache (values written before they carried that time are not kept)."""
    if not local.usable():
        return
    for key, stored in fragments.items():
        if len(stored) == 3 and stored[0] == generation:
            pickled = pickle.dumps(stored[1], pickle.HIGHEST_PROTOCOL)
            local.copies.put(
                key,
                {"generation": generation, "pickled": pickled, "expires": stored[2]},
                local.local_bytes(),
                size=len(pickled) + KEPT_OVERHEAD,
            )


def cached_fragment(request, name, vary, make):
    """The value ``make()`` returns (rendered HTML, or any value that pickles), kept
    for every visitor of this site and language until the next change; ``vary``: what
    else it depends on (a page's id, an address)."""
    if not _usable(request):
        return make()
    try:
        key = fragment_key(request, name, vary)
        state = getattr(request, _STATE_ATTRIBUTE, None)
        if state is None:
            state = _start(request, key)
        if key not in state.used:
            state.used.append(key)
        stored = state.found.get(key) if key in state.fetched else _fetch(key, state)
    except Exception:
        # The cache is unreachable: the fragment is drawn each time.
        logger.warning("Fragment cache unavailable", exc_info=True)
        return make()
    generation = state.generation
    if stored is not None and stored[0] == generation:
        return stored[1]
    value = make()
    seconds = fragment_cache_seconds()
    stored = (generation, value, time.time() + seconds)
    try:
        cache.set(key, stored, seconds)
        _keep({key: stored}, generation)
    except Exception:
        logger.warning("Fragment cache unavailable", exc_info=True)
    # Drawn again in this request (the same part twice on a page): this value.
    state.fetched.add(key)
    state.found[key] = stored
    return value


def _fetch(key, state):
    """A fragment the first round trip did not ask for: kept here, or from the cache."""
    stored = _kept([key]).get(key) if local.usable() else None
    if stored is None:
        stored = cache.get(key)
        if stored is not None:
            _keep({key: stored}, state.generation)
    return stored


def _find_site(request):
    site = Site.find_for_request(request)
    if site is not None:
        # Wagtail routes every address from the root page's specific form, in the
        # address's language (a query for the language, one for the translation, one
        # for the specific form): kept with the site, the translation as
        # ``kept_translations`` (see home.models.HomePage.localized). Publishing,
        # unpublishing or moving either moves the generation like any other page.
        root = site.root_page.specific
        language = translation.get_language()
        root.kept_translations = {language: root.localized.specific}
        site.root_page = root
    return site


class SiteMiddleware:
    """Wagtail finds each request's site with a query, and the sites' root paths with
    a round trip to the cache. On an address that draws fragments, both are kept with
    the fragments until the next change (sites, publishing, moving and deleting pages
    move the generation) and come in their one round trip. Other addresses (the admin,
    the API) are left to Wagtail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _usable(request) and not hasattr(request, "_wagtail_site"):
            try:
                remembered = _address(request) in _used_by_address
            except DisallowedHost:
                remembered = False  # answered with a 400 further on
            if remembered:
                request._wagtail_site = cached_fragment(
                    request, "site", [request.get_port()], lambda: _find_site(request)
                )
                # Where Wagtail keeps, for one request, the sites' root paths it builds
                # page addresses from (otherwise one more round trip to the cache).
                request._wagtail_cached_site_root_paths = cached_fragment(
                    request, "site_root_paths", [], Site.get_site_root_paths
                )
        return self.get_response(request)
