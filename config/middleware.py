"""Response headers that tell browsers what the site's pages may do."""

from csp.middleware import CSPMiddleware
from django.conf import settings


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
