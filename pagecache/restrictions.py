"""Whether a page being served has view restrictions (a password, signed-in people
only, some groups only), without asking the database each time.

Wagtail's own check (its on_serve_page hook) and the page cache's each ask the
database for the page's ancestors, then for their restrictions. Restrictions are few
and change rarely: the paths of restricted pages are kept in the fragment cache until
the next change (adding, changing or removing a restriction, moving or deleting a
page moves the generation, see signal_handlers.py). A page is then restricted when it
or an ancestor is at one of those paths.

An alias (a page that shows another page) is restricted by its source's restrictions,
which a path does not tell. Routing has just read every page from the site's root down
to this one (Wagtail keeps each parent on its child); when any of them is an alias, or
the chain is not there (a page served some other way), the database is asked as
before. Previews are never served through this (Wagtail serves them without its
before_serve_page hooks).
"""

from functools import cache

from wagtail.models import Page, PageViewRestriction

from .fragments import cached_fragment


def _restricted_paths():
    return frozenset(PageViewRestriction.objects.values_list("page__path", flat=True))


def _routed_pages_without_aliases(page):
    """True when the pages from the site's root down to ``page`` are all known to this
    request and none of them is an alias."""
    current = page
    while True:
        if current.alias_of_id is not None:
            return False
        if current.depth <= 2:  # the site's root page; above it is the tree's root
            return True
        current = current.__dict__.get("_cached_parent_obj")
        if current is None:
            return False


def has_view_restrictions(request, page):
    """Whether ``page`` or an ancestor has a view restriction. When it has none, the
    page answers Wagtail's own check without a query."""
    if not _routed_pages_without_aliases(page):
        return page.get_view_restrictions().exists()
    restricted = cached_fragment(request, "view_restrictions", [], _restricted_paths)
    path = page.path
    if any(path[:end] in restricted for end in range(Page.steplen, len(path) + 1, Page.steplen)):
        return True
    # Wagtail's on_serve_page check asks the page for its restrictions once more.
    page.get_view_restrictions = _no_restrictions
    return False


@cache
def _no_restrictions():
    """No restrictions, as a queryset already read: looping over it (Wagtail's check)
    or asking ``exists()`` then builds no SQL, where a fresh ``none()`` compiles its
    query each time to find it has nothing to ask."""
    restrictions = PageViewRestriction.objects.none()
    len(restrictions)
    return restrictions
