"""Parts of the plugin's pages that are the same for every visitor (the consultation
index's listing, a consultation's details and body), kept by the site's fragment cache
when it has one.

CONSULTATION_FRAGMENT_CACHE names a function ``(request, name, vary, make)`` that
returns ``make()``'s value, kept until content changes (this site:
``pagecache.fragments.cached_fragment``); without one, every part is drawn each time.
The site's function must forget kept parts whenever pages are published, moved or
deleted, a comment is approved or removed, an answer is published or withdrawn, and
after a short time, since a consultation opens and closes with time.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.module_loading import import_string

from .defaults import setting

SHAREABLE_METHODS = ("GET", "HEAD")


def visitor_has_state(request):
    """Signed in, or holding a session (a poll voted in, a report made) or a message
    waiting to be shown: their page is their own, and no part of it is shared. The
    site's page cache asks the same question (pagecache/middleware.py)."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )


def shares_forms_with(request):
    """Whether markup holding public forms may come from what another visitor was
    shown: a plain GET from a visitor with no state of their own. Anyone else may see
    their own forms: a signed-in person's carry a CSRF token, a voter's poll shows its
    results, a failed POST its errors (views/comments.py renders the page with them)."""
    return (
        request is not None
        and request.method in SHAREABLE_METHODS
        and not visitor_has_state(request)
    )


def cached_part(request, name, vary, make):
    path = setting("CONSULTATION_FRAGMENT_CACHE")
    if not path:
        return make()
    return import_string(path)(request, f"consultation_blocks:{name}", vary, make)
