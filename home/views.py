"""The partnership's own colours, as a stylesheet.

They used to be an inline <style> carrying the request's CSP nonce; a page served from
the page cache would replay a nonce its Content-Security-Policy no longer names. As a
stylesheet of the site's own, the policy allows it with no nonce. Its address carries
a hash of the colours, so browsers keep it until the colours change.
"""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .models import PartnershipSettings

YEAR = 60 * 60 * 24 * 365


@require_safe
def brand_css(request):
    partnership = PartnershipSettings.for_request(request)
    # Both colours are validated as #rrggbb when saved (hex_colour_validator).
    css = (
        f":root{{--govuk-brand-colour:{partnership.brand_colour};"
        f"--govuk-link-colour:{partnership.link_colour}}}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    if request.GET.get("v") == partnership.colours_version:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=60)
    return response
