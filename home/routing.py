"""Routing an address to a page in a fixed number of queries, whatever its depth."""

from django.http import Http404
from wagtail.models import Page

from consultation_blocks.fragments import visitor_has_state
from pagecache.fragments import cached_fragment

# Levels read in the one query. Each candidate repeats the address up to its level, so
# an address of thousands of components would otherwise make a query of megabytes;
# below this depth, routing continues Wagtail's way (one level at a time).
MAX_LEVELS = 16

# A sub-route's address (a survey's answer address, "other formats") -> how many of its
# components are its page's own address, so that the next request for it starts from
# the page kept at that address. A process remembers this many, then starts again: a
# made-up sub-route must not grow its memory (nor the cache: only the page's own
# address is kept there).
REMEMBERED_SUB_ROUTES = 2000
_page_levels_by_address = {}


def _specific(page):
    """``page.specific`` in one query, with its locale, keeping the parent routing put
    on it."""
    model = page.specific_class  # ContentType.objects.get_for_id: kept in memory
    if model is None or isinstance(page, model):
        return page
    specific = model._default_manager.select_related("locale").get(pk=page.pk)
    specific._cached_parent_obj = page._cached_parent_obj
    return specific


def _route_target(root, path_components):
    """Where routing the address from ``root`` goes: ``(page, rest, True)`` when
    ``page`` (its specific form) routes the components ``rest`` itself, or
    ``(parent, rest, False)`` when Wagtail's own lookup continues from ``parent``.

    Wagtail reads each level with two queries (the child by its slug, then its specific
    page), so a consultation three levels below the home page cost six. Each page's
    ``url_path`` is its parent's plus its slug, so one query reads every page on the
    way: those whose ``url_path`` is the root's followed by the first 1, 2, …
    components. Only the final page is then read as its specific model.

    Walking down from the root, the next page must be in what was read and a child of
    the previous one (a ``url_path`` out of step with the slugs, from a move gone
    wrong, fails that); when it is not, Wagtail's own lookup continues from the
    previous page, and gives its 404. A page whose class routes for itself (routable
    pages' sub-routes, which come before their children) is given the rest of the
    address, as Wagtail would. Pages on the way need not be live: Wagtail routes
    through a draft to its live child; the final page's own ``route`` decides.

    The pages read are whole rows of Wagtail's page table (no deferred fields): each is
    kept as its child's parent (``get_parent()``, pagecache/restrictions.py), where a
    deferred field would cost a query each time one was read. Each comes with its
    locale (a join), which the page's views read to learn its language (where a
    survey answer is stored: consultation_blocks.models.locales.in_default_language),
    and which is then kept with the page.
    """
    prefixes = []
    url_path = root.url_path
    for component in path_components[:MAX_LEVELS]:
        url_path = f"{url_path}{component}/"
        prefixes.append(url_path)
    found = {}
    pages = Page.objects.filter(url_path__in=prefixes, path__startswith=root.path)
    for page in pages.select_related("locale").order_by():
        found.setdefault(page.url_path, []).append(page)

    parent = root
    for level, slug in enumerate(path_components):
        if parent.is_leaf():
            raise Http404  # Wagtail asks a page that records no children for none
        candidates = found.get(prefixes[level], ()) if level < len(prefixes) else ()
        child = next(
            (
                page
                for page in candidates
                if page.slug == slug
                and page.depth == parent.depth + 1
                and page.path.startswith(parent.path)
            ),
            None,
        )
        if child is None:
            # Wagtail's Page.route from here: this parent's class does not override it.
            return parent, path_components[level:], False
        child._cached_parent_obj = parent
        specific_class = child.specific_class
        if specific_class is not None and specific_class.route is not Page.route:
            return _specific(child), path_components[level + 1 :], True
        parent = child
    return _specific(parent), [], True


class _NotAPagesOwnAddress(Exception):
    """The address goes on past a page (a routable page's sub-route) or to no page:
    it is routed each time, so that made-up addresses keep nothing in the cache."""

    def __init__(self, target):
        super().__init__()
        self.target = target


def _page_at_address(root, path_components):
    target = _route_target(root, path_components)
    page, rest, page_routes = target
    if page_routes and not rest:
        return page
    raise _NotAPagesOwnAddress(target)


def route_by_url_path(root, request, path_components):
    """Route ``path_components`` (one or more) from ``root``, a page whose class routes
    as Wagtail's ``Page.route`` does, with the result that would give
    (``_route_target`` says how, in two queries whatever the depth).

    A page's own address (not a sub-route, not a 404) leads to the same page until the
    next publication, move or deletion of a page (a draft saved meanwhile changes
    nothing a visitor is shown), yet cost those two queries and the building of their
    SQL on every request: the page found, with the pages above it that routing keeps as
    its parents, is kept with the page fragments (pagecache/fragments.py), whose
    generation each of those changes moves. A sub-route starts from the page kept at
    its page's own address. The page's own ``route`` still decides each time (live or
    not, which sub-route, a 404 for a made-up one).

    The kept page is the page as last published: its draft fields (``draft_title``,
    ``latest_revision``, ``has_unpublished_changes``) may be out of date, so a view
    must never save the page it is given (none does: answers, comments and requests
    are stored against the page's id).
    """
    if visitor_has_state(request):
        # Signed in (an editor's userbar reads the page's lock and drafts, which move
        # no generation) or holding a session: routed to the page as it is now.
        return _route_from(_route_target(root, path_components), request)
    address = (root.pk, "/".join(path_components))
    levels = _page_levels_by_address.get(address)
    if levels is not None:
        try:
            page = _kept_page(request, root, path_components[:levels])
        except _NotAPagesOwnAddress:
            # No longer a page's address (moved, deleted): routed afresh below.
            _page_levels_by_address.pop(address, None)
        else:
            return page.route(request, path_components[levels:])
    try:
        page = _kept_page(request, root, path_components)
    except _NotAPagesOwnAddress as not_a_page:
        page, rest, page_routes = not_a_page.target
        if page_routes and rest:
            _remember_sub_route(address, len(path_components) - len(rest))
            _kept_page(request, root, path_components[: -len(rest)], found=page)
        return _route_from(not_a_page.target, request)
    return page.route(request, [])


def _kept_page(request, root, page_components, found=None):
    """The page at the address ``page_components``, kept with the fragments (``found``:
    that page, already routed to)."""
    return cached_fragment(
        request,
        "routed_page",
        # The components joined: none holds a "/", so two addresses never share one.
        [root.pk, "/".join(page_components)],
        lambda: found if found is not None else _page_at_address(root, page_components),
    )


def _remember_sub_route(address, levels):
    if len(_page_levels_by_address) >= REMEMBERED_SUB_ROUTES:
        _page_levels_by_address.clear()
    _page_levels_by_address[address] = levels


def _route_from(target, request):
    page, rest, page_routes = target
    if not page_routes:
        # Wagtail's Page.route from here: this page's class does not override it.
        return Page.route(page, request, rest)
    return page.route(request, rest)
