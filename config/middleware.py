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

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

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
