"""Read-only queries the plugin's pages and the site's templates share."""

from .models import Partner


def featured_partners():
    """Partners shown on the home page and in the footer, with their logos in one query."""
    return Partner.objects.filter(featured=True).select_related("logo").order_by("name")
