"""Reads about partners for the site's pages. Who acts for which partner is a rule
about people, and lives beside the team model (``models/teams.py``)."""

from ..models import Partner


def featured_partners():
    """Partners shown on the home page and in the footer, with their logos and the
    logos' renditions loaded up front (two queries however many partners)."""
    return (
        Partner.objects.filter(featured=True)
        .select_related("logo")
        .prefetch_related("logo__renditions")
        .order_by("name")
    )
