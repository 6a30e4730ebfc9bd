"""The site's own middleware: requests it refuses outright, and the headers that tell
browsers what its pages may do.

Addresses carrying a NUL character are refused before any view sees them. No browser
puts NUL in a link or a search box, and PostgreSQL cannot store or even compare text
containing it: a search, an API filter or a listing filter holding one would otherwise
end in a server error. Refusing here keeps every view, Wagtail's admin and API
included, from having to remember it. Form bodies are left to their forms, which
refuse NUL with an error beside the field (Django's CharField does) so the resident
keeps everything else they typed.
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils.http import is_same_domain
from wagtail.views import serve as serve_wagtail_page

from .api import API_PREFIX

NUL = "\x00"
# Site search reads its query through search/query.py, which drops control characters
# and answers with results: a visitor pasting odd text into the box gets a page, not an
# error.
CLEANS_ITS_OWN_QUERY = frozenset({"search", "search_suggest"})
REFUSAL = (
    "The web address you used contains a character we cannot accept. "
    "Check the address, or go back and try again."
)


def _sent_nul(request):
    if NUL in request.path_info:
        return True
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()
    )


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.url_name in CLEANS_ITS_OWN_QUERY or not _sent_nul(request):
            return None
        if request.path_info.startswith(f"/{API_PREFIX}"):
            # The shape of Wagtail's own API errors.
            return JsonResponse({"message": REFUSAL}, status=400)
        return render(request, "request_refused.html", {"message": REFUSAL}, status=400)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the policy by path.

    Public pages get CONTENT_SECURITY_POLICY: scripts and styles from this site, or
    inline only with the request's nonce. Wagtail's admin writes inline scripts and
    style attributes throughout, so under its paths CONTENT_SECURITY_POLICY_ADMIN
    applies instead. A view's own django-csp decorator still wins over both.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_policy = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None)
        if (
            not report_only
            and parts.config is None
            and admin_policy
            and request.path_info.startswith(tuple(admin_policy["PATH_PREFIXES"]))
        ):
            parts.config = admin_policy["DIRECTIVES"]
        return parts


class PermissionsPolicyMiddleware:
    """Switch off browser features no page of the site uses (camera, microphone,
    location, payment...), for the site and anything it embeds."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


REASON_CROSS_SITE = "cross-site"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class CrossOriginProtectionMiddleware:
    """Anonymous posts to public pages' forms are checked by their origin instead of
    Django's CSRF token; everything else is left to Django's CsrfViewMiddleware, which
    comes after this in MIDDLEWARE.

    A public page may be served to everyone from the page cache, so it cannot carry a
    CSRF token, which belongs to one visitor. Those forms (surveys, comments, reports,
    polls: the sub-routes of Wagtail pages) are protected as Go 1.25's
    http.CrossOriginProtection protects every form: a browser says where a request
    comes from, and a forged one comes from another site.

    - ``Sec-Fetch-Site`` (every current browser sends it): ``same-origin`` and
      ``none`` (typed or bookmarked) pass; ``same-site`` and ``cross-site`` pass only
      from an origin in CSRF_TRUSTED_ORIGINS.
    - Without it, ``Origin`` (browsers send it on every POST) must be this site's own
      scheme and host, or a trusted origin (Django's own rule for Origin).
    - With neither, the request did not come from a browser that can be tricked into
      sending it (curl, a script, a very old browser), so it passes, as in Go: a
      CSRF attack needs a victim's browser. Such requests still meet the spam
      defences (rate limit, honeypot, minimum time).

    Everyone signed in, the admin and every other view keep Django's token check.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Django's middleware knows the trusted origins and how to refuse.
        self.django_csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if (
            request.method in SAFE_METHODS
            or getattr(callback, "csrf_exempt", False)
            or getattr(request, "_dont_enforce_csrf_checks", False)
            or callback is not serve_wagtail_page
            or request.user.is_authenticated
        ):
            return None
        if not self._sent_by_this_site(request):
            return self.django_csrf._reject(request, REASON_CROSS_SITE)
        # Django's CsrfViewMiddleware then lets the request through without a token.
        request.csrf_processing_done = True
        return None

    def _sent_by_this_site(self, request):
        fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
        origin = request.META.get("HTTP_ORIGIN")
        if fetch_site is not None:
            return fetch_site in ("same-origin", "none") or self._trusted(origin)
        if origin is not None:
            return self.django_csrf._origin_verified(request)
        return True

    def _trusted(self, origin):
        if not origin:
            return False
        if origin in self.django_csrf.allowed_origins_exact:
            return True
        parts = urlsplit(origin)
        return any(
            is_same_domain(parts.netloc, host)
            for host in self.django_csrf.allowed_origin_subdomains.get(parts.scheme, ())
        )
