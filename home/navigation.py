"""Cached navigation data. It changes only when pages are published, moved or deleted,
or when partners change; the signal handlers in home.signals clear it then."""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Page, Site

from consultation_blocks.selectors import featured_partners

# One copy per site and language: a Welsh page lists the Welsh home page's children.
NAVIGATION_CACHE_KEY = "navigation:primary:{site_id}:{language}"
FOOTER_PARTNERS_CACHE_KEY = "navigation:footer-partners"
CACHE_SECONDS = 60 * 60


def _language():
    return translation.get_language() or settings.LANGUAGE_CODE


def primary_navigation_items(site):
    if site is None:
        return []
    key = NAVIGATION_CACHE_KEY.format(site_id=site.pk, language=_language())
    items = cache.get(key)
    if items is None:
        # The home page in the active language, if it has been translated.
        root = Page.objects.get(pk=site.root_page_id).localized
        items = [
            {"title": page.title, "url": page.get_url(), "path": page.path}
            for page in root.get_children().live().public().in_menu()
        ]
        cache.set(key, items, CACHE_SECONDS)
    return items


def footer_partner_links():
    links = cache.get(FOOTER_PARTNERS_CACHE_KEY)
    if links is None:
        links = [
            {"name": row["name"], "website": row["website"]}
            for row in featured_partners().values("name", "website")
        ]
        cache.set(FOOTER_PARTNERS_CACHE_KEY, links, CACHE_SECONDS)
    return links


FOOTER_PAGES_CACHE_KEY = "navigation:footer-pages:{site_id}:{language}"
FOOTER_PAGE_FIELDS = (
    ("privacy_page", "Privacy"),
    ("accessibility_page", "Accessibility statement"),
    ("house_rules_page", "House rules"),
)


def footer_page_links(partnership):
    """Links to the policy pages chosen in the partnership's settings."""
    key = FOOTER_PAGES_CACHE_KEY.format(site_id=partnership.site_id, language=_language())
    links = cache.get(key)
    if links is None:
        ids = {field: getattr(partnership, f"{field}_id") for field, _label in FOOTER_PAGE_FIELDS}
        pages = Page.objects.live().public().in_bulk([pk for pk in ids.values() if pk])
        links = [
            # The label is translated where the template shows it; the page is the
            # translation in the active language when there is one.
            {"title": label, "url": pages[ids[field]].localized.get_url(), "field": field}
            for field, label in FOOTER_PAGE_FIELDS
            if ids[field] in pages
        ]
        cache.set(key, links, CACHE_SECONDS)
    return links


def clear_navigation_cache(**kwargs):
    site_ids = list(Site.objects.values_list("pk", flat=True))
    languages = [code for code, _name in settings.LANGUAGES]
    cache.delete_many(
        [
            key.format(site_id=pk, language=language)
            for key in (NAVIGATION_CACHE_KEY, FOOTER_PAGES_CACHE_KEY)
            for pk in site_ids
            for language in languages
        ]
        + [FOOTER_PARTNERS_CACHE_KEY]
    )
