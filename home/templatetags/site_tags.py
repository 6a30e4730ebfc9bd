"""Template tags for the parts of every page: branding, navigation, breadcrumbs, footer."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Site

from home.models import PartnershipSettings
from home.navigation import footer_page_links, footer_partner_links, primary_navigation_items
from pagecache.fragments import cached_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def get_partnership(context):
    """The partnership's settings for the current site, read from the database once
    per change: every settings change moves the fragments' generation (see
    pagecache/signal_handlers.py). Kept on the request for everything else that asks."""
    request = context.get("request")
    if request is None:
        return PartnershipSettings()
    attribute = PartnershipSettings.get_cache_attr_name()
    if not hasattr(request, attribute):
        partnership = cached_fragment(
            request,
            "partnership_settings",
            [],
            lambda: PartnershipSettings.for_request(request),
        )
        # Left out when it was pickled: the request it builds page addresses for.
        partnership._request = request
        setattr(request, attribute, partnership)
    return PartnershipSettings.for_request(request)


@register.inclusion_tag("includes/primary_navigation.html", takes_context=True)
def primary_navigation(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current = context.get("page")
    items = []
    for item in primary_navigation_items(site):
        is_current = current is not None and current.path == item["path"]
        is_active = current is not None and current.path.startswith(item["path"])
        items.append({**item, "current": is_current, "active": is_active})
    return {
        "items": items,
        "search_active": request is not None
        and request.resolver_match is not None
        and request.resolver_match.url_name == "search",
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    request = context.get("request")
    # Ancestors below the tree root; the current page is the heading, not a crumb.
    ancestors = page.get_ancestors().filter(depth__gt=1) if page.depth > 2 else []
    return {
        "crumbs": [
            {
                "title": gettext("Home") if ancestor.depth == 2 else ancestor.title,
                "url": ancestor.get_url(request=request),
            }
            for ancestor in ancestors
        ]
    }


@register.simple_tag
def footer_partners():
    return footer_partner_links()


@register.simple_tag(takes_context=True)
def footer_pages(context, partnership):
    if partnership.pk is None:
        return []
    # Also read outside the footer (the house rules link above a comment form): kept
    # with the page's other fragments, so it comes in the same round trip.
    return cached_fragment(
        context.get("request"),
        "footer_pages",
        [partnership.site_id],
        lambda: footer_page_links(partnership),
    )


def _html_lang(code):
    """A language code as HTML's lang attribute wants it: en-GB, cy, ur."""
    return translation.to_locale(code).replace("_", "-")


@register.simple_tag(takes_context=True)
def page_languages(context, page=None):
    """The page's language and the languages it is published in, from one query.

    ``lang`` and ``rtl`` describe the page shown: its own language, which is not the
    address's when a language has no translation of it (Wagtail then serves the
    default language's page under /ur/…). ``languages`` feeds the language switcher
    and the alternate links (code, name in that language, relative and absolute
    address, whether it is this page); empty when the page has no translation."""
    page = page if page is not None else context.get("page")
    request = context.get("request")
    if page is None or not hasattr(page, "get_translations") or request is None:
        return _page_languages(page, request)
    # The same for every visitor, until a page is published, moved or deleted.
    return cached_fragment(
        request, "page_languages", [page.pk], lambda: _page_languages(page, request)
    )


def _page_languages(page, request):
    code = translation.get_language() or settings.LANGUAGE_CODE
    info = {"lang": _html_lang(code), "rtl": translation.get_language_bidi(), "languages": []}
    if page is None or not hasattr(page, "get_translations") or request is None:
        return info
    names = dict(settings.LANGUAGES)
    translations = page.get_translations(inclusive=True).live().public().select_related("locale")
    languages = []
    for translated in translations:
        translated_code = translated.locale.language_code
        if translated.pk == page.pk:
            info["lang"] = _html_lang(translated_code)
            info["rtl"] = translation.get_language_info(translated_code)["bidi"]
        url = translated.get_url(request=request)
        if translated_code not in names or url is None:
            continue
        languages.append(
            {
                "code": translated_code,
                "lang": _html_lang(translated_code),
                "name": names[translated_code],
                "url": url,
                "full_url": request.build_absolute_uri(url),
                "current": translated.pk == page.pk,
            }
        )
    if len(languages) >= 2:
        order = list(names)
        info["languages"] = sorted(languages, key=lambda item: order.index(item["code"]))
    return info


@register.simple_tag
def page_description(page):
    """What a page says of itself to search engines and link previews: its search
    description, or else its summary. Asked in Python because a page type without a
    summary would otherwise cost the template engine a listing of every attribute of
    the page, which it makes for each lookup that fails."""
    return getattr(page, "search_description", "") or getattr(page, "summary", "") or ""
