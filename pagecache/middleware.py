"""The anonymous page cache.

A GET for a public Wagtail page from a visitor with no session and no message is
answered from Django's cache (Redis in production) when a copy is there; otherwise the
page is rendered, and stored when nothing in it belongs to one visitor. Pages are sent
with ``Cache-Control: public, max-age=0, s-maxage=N``: a CDN may keep them for N
seconds (and is purged on changes, see services.py), browsers check back each time so
that a resident coming back from a form sees its thank-you message and results.
Everything else a page route answers (signed-in users, previews, restricted pages,
errors, thank-you and resume pages, POSTs) is sent ``private, no-cache``.

Each copy served gets fresh signed start times in its forms (spam.py's minimum time to
fill a form in counts from when the copy was sent, not from when it was rendered), and
the page holds no other per-visitor value: no CSRF token (anonymous forms are protected
by their Origin, config/middleware.py), no submission key (made from that start time,
views/surveys.py) and no CSP nonce (base.html has no inline code).
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from consultation_blocks.fragments import SHAREABLE_METHODS, visitor_has_state
from consultation_blocks.spam import join_with_fresh_token, split_at_form_tokens

from . import local
from .restrictions import has_view_restrictions
from .services import GENERATION_KEY, current_generation

logger = logging.getLogger(__name__)

# A query string is part of a copy's key, so any made-up parameter would make a new
# copy: only the parameters pages read are shared (listing filters, pagination, the
# comment being replied to); any other (a tracking tag, a cache-buster) is rendered.
QUERY_PARAMETERS = frozenset({"page", "status", "partner", "topic", "area", "kind", "reply_to"})
MAX_QUERY_LENGTH = 200
# Headers that belong to one response, never replayed from a copy.
NOT_STORED = {"set-cookie", "content-length", "date", "expires"}
# On a routable page, only the page itself is shared: its sub-routes are forms, a
# resident's thank-you page and private resume links.
SHARED_ROUTE = "index_route"


def page_cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def mark_page_request(request, page, serve_args):
    """Called by the before_serve_page hook: this request serves a Wagtail page, and
    whether its response may be shared."""
    request.page_cache_served_page = True
    view = serve_args[0] if serve_args else None
    # Asked for every page: with no restriction, Wagtail's own check then costs no query.
    restricted = has_view_restrictions(request, page)
    request.page_cache_shareable = (
        getattr(request, "page_cache_lookup", False)
        and not getattr(request, "is_preview", False)
        and (view is None or getattr(view, "__name__", "") == SHARED_ROUTE)
        # Password-protected, signed-in-only and group-only pages and their children.
        and not restricted
    )


def _shareable_address(request):
    query = request.META.get("QUERY_STRING", "")
    return not query or (
        len(query) <= MAX_QUERY_LENGTH
        and set(request.GET) <= getattr(settings, "PAGE_CACHE_QUERY_PARAMETERS", QUERY_PARAMETERS)
    )


def cache_key(request):
    """Site (scheme and host), path, query string and language. The language is the
    address's (/cy/… is Welsh, no prefix the default language), which is also the only
    way a page's language is chosen; the language active in this thread may still be
    the previous request's, since this runs before LocaleMiddleware."""
    parts = "\n".join(
        (
            request.scheme,
            request.get_host(),
            request.path,
            request.META.get("QUERY_STRING", ""),
            translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE,
        )
    )
    return f"pagecache:page:{hashlib.sha256(parts.encode()).hexdigest()}"


def _keep(key, stored):
    if local.usable():
        local.copies.put(key, stored, local.local_bytes())


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = page_cache_seconds()
        key = stored = generation = None
        if (
            seconds > 0
            and request.method in SHAREABLE_METHODS
            and not visitor_has_state(request)
            and _shareable_address(request)
        ):
            try:
                key = cache_key(request)
                # This process's own copy, when it knows it is current: no round trip.
                kept = local.copies.get(key) if local.usable() else None
                if kept is not None:
                    return self._from_copy(kept)
                # One round trip for the copy and the current generation.
                found = cache.get_many([GENERATION_KEY, key])
                generation = current_generation(found.get(GENERATION_KEY))
                stored = found.get(key)
            except DisallowedHost:
                key = None  # CommonMiddleware answers it with a 400
            except Exception:
                # The cache is unreachable: pages are still served, rendered each time.
                logger.warning("Page cache unavailable", exc_info=True)
                key = None
        if stored is not None and stored["generation"] == generation:
            _keep(key, stored)
            return self._from_copy(stored)
        if key is not None:
            request.page_cache_lookup = True

        response = self.get_response(request)

        if not getattr(request, "page_cache_served_page", False):
            return response
        if key is not None and self._shareable(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            # Visitors with a session or a message get their own page (see above).
            patch_vary_headers(response, ["Cookie"])
            try:
                copy = self._copy(response, generation, seconds)
                cache.set(key, copy, seconds)
                _keep(key, copy)
            except Exception:
                logger.warning("Page cache unavailable", exc_info=True)
            response.headers["X-Page-Cache"] = "miss"
        elif "Cache-Control" not in response.headers:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def _shareable(request, response):
        return (
            getattr(request, "page_cache_shareable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "Cache-Control" not in response.headers
        )

    @staticmethod
    def _copy(response, generation, seconds):
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in NOT_STORED
        ]
        # Cut once here where the forms' start times go, so that each visitor's copy
        # costs a join rather than a search through the page.
        return {
            # The generation read before rendering: a change saved meanwhile has
            # moved it on, so this copy is never served.
            "generation": generation,
            "pieces": split_at_form_tokens(response.content),
            "headers": headers,
            # When the cache lets it go: a process's own copy goes then too.
            "expires": time.time() + seconds,
        }

    @staticmethod
    def _from_copy(stored):
        response = HttpResponse(join_with_fresh_token(stored["pieces"]))
        for name, value in stored["headers"]:
            response.headers[name] = value
        response.headers["Content-Length"] = str(len(response.content))
        response.headers["X-Page-Cache"] = "hit"
        return response
