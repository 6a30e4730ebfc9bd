"""Routing an address from the home page (home/routing.py): the same page, sub-route
or 404 as Wagtail's own Page.route, in as many queries for a page four levels down as
for one two levels down."""

import pytest
from django.conf import settings
from django.db import connection
from django.http import Http404
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import Page, PageViewRestriction

from consultation_blocks.models import ConsultationPage
from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def outcome(route, home, components):
    """What routing gave: the page (its id and class) with the sub-route's view and
    arguments, or 404."""
    request = RequestFactory().get("/")
    try:
        page, args, kwargs = route(home, request, components)
    except Http404:
        return "404"
    args = tuple(getattr(arg, "__name__", arg) for arg in args)  # a routable page's view
    return page.pk, type(page), args, kwargs


def components_of(page, home):
    return [part for part in page.url_path[len(home.url_path) :].split("/") if part]


def standard_page(parent, slug, *, live=True):
    page = parent.add_child(instance=StandardPage(title=slug.title(), slug=slug))
    if live:
        page.save_revision().publish()
    else:
        page.unpublish()
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def addresses(seeded):
    """Every page of the demo in each language, and what might follow each one:
    a consultation's sub-routes, a name no page has. Then a draft section with a live
    page below it, an unpublished page, an alias."""
    from consultation_blocks.models import ConsultationPage

    english = HomePage.objects.get(locale__language_code="en-gb")
    homes = HomePage.objects.order_by("path")  # English, Welsh and Urdu
    assert len(homes) == 3
    table = []
    for home in homes:
        table += [(home, []), (home, ["no-such-page"])]
        for page in home.get_descendants():
            components = components_of(page, home)
            table += [
                (home, components),
                (home, [*components, "other-formats"]),
                (home, [*components, "respond", "survey-1", "thank-you"]),
                (home, [*components, "register"]),
                (home, [*components, "no-such-page"]),
                (home, [*components[:-1], f"{components[-1]}-typo"]),
            ]

    draft = standard_page(english, "draft-section", live=False)
    below = standard_page(draft, "live-below-a-draft")
    unpublished = standard_page(below, "unpublished", live=False)
    consultation = ConsultationPage.objects.live().get(slug="how-should-we-engage-with-you")
    alias = consultation.create_alias(parent=english, update_slug="engage-alias")
    for page in (draft, below, unpublished, alias):
        components = components_of(page, english)
        table += [(english, components), (english, [*components, "other-formats"])]
    return table


def test_routing_gives_what_wagtails_own_routing_gives(addresses):
    results = {}
    for home, components in addresses:
        ours = outcome(HomePage.route, home, components)
        assert (components, ours) == (components, outcome(Page.route, home, components))
        if home.locale.language_code == "en-gb":
            results[tuple(components)] = ours

    # The table holds each kind of address, not only 404s.
    kinds = [result if result == "404" else result[1].__name__ for result in results.values()]
    assert {"HomePage", "ConsultationIndexPage", "ConsultationPage", "StandardPage"} <= set(kinds)
    consultation = ("consultations", "how-should-we-engage-with-you")
    assert results[(*consultation, "other-formats")][2][0] == "other_formats"
    assert results[(*consultation, "respond", "survey-1", "thank-you")][2][0] == "respond_thanks"
    assert results[(*consultation, "no-such-page")] == "404"
    assert results[("draft-section",)] == "404"
    assert results[("draft-section", "live-below-a-draft")][1] is StandardPage
    assert results[("draft-section", "live-below-a-draft", "unpublished")] == "404"
    assert results[("engage-alias",)][1].__name__ == "ConsultationPage"
    assert results[("engage-alias", "other-formats")][2][0] == "other_formats"
    welsh = HomePage.objects.get(locale__language_code="cy")
    welsh_consultation = welsh.get_descendants().get(depth=welsh.depth + 2)
    routed = outcome(HomePage.route, welsh, components_of(welsh_consultation, welsh))
    assert routed[0] == welsh_consultation.pk


def test_serving_the_addresses_answers_as_before(addresses):
    draft_child = "/draft-section/live-below-a-draft/"
    for address, status in [
        ("/", 200),
        ("/consultations/", 200),
        ("/consultations/how-should-we-engage-with-you/", 200),
        ("/consultations/how-should-we-engage-with-you/other-formats/", 200),
        ("/consultations/how-should-we-engage-with-you/no-such-page/", 404),
        ("/consultations/no-such-page/", 404),
        ("/draft-section/", 404),
        (draft_child, 200),
        (f"{draft_child}no-such-page/", 404),
        (f"{draft_child}unpublished/", 404),
        ("/engage-alias/", 200),
        ("/cy/", 200),
        ("/cy/no-such-page/", 404),
    ]:
        assert (address, Client().get(address).status_code) == (address, status)

    welsh = HomePage.objects.get(locale__language_code="cy")
    for page in welsh.get_descendants().live():
        response = Client().get(f"/cy/{'/'.join(components_of(page, welsh))}/")
        assert response.status_code == 200
        assert escape(page.title) in response.content.decode()


def test_a_restriction_on_a_page_on_the_way_still_applies(home_page):
    section = standard_page(home_page, "members")
    page = standard_page(section, "minutes")
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    response = Client().get("/members/minutes/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert page.title not in response.content.decode()


def test_the_routed_page_knows_its_parents_without_a_query(home_page):
    page = standard_page(standard_page(standard_page(home_page, "a"), "b"), "c")
    routed = home_page.route(RequestFactory().get("/"), ["a", "b", "c"]).page
    assert routed.pk == page.pk
    assert type(routed) is StandardPage
    assert routed.body is not None  # the specific page, read whole
    with CaptureQueriesContext(connection) as queries:
        parents = []
        current = routed
        while current.depth > home_page.depth:
            current = current.get_parent()
            parents.append((current.slug, current.title))
    assert parents == [("b", "B"), ("a", "A"), (home_page.slug, home_page.title)]
    assert len(queries) == 0


def routing_queries(address):
    request = RequestFactory().get(address)
    with CaptureQueriesContext(connection) as queries:
        result = Page.route_for_request(request, address)
    assert result is not None
    return len(queries)


def test_routing_costs_the_same_queries_two_or_four_levels_down(home_page):
    page = home_page
    for slug in ("one", "two", "three", "four"):
        page = standard_page(page, slug)
    routing_queries("/one/")  # the site and the content types read once per process

    two = routing_queries("/one/two/")
    four = routing_queries("/one/two/three/four/")
    assert two == four

    # From the home page: the pages on the way, then the page itself; Wagtail's own
    # routing reads two a level.
    for route, expected in [(HomePage.route, 2), (Page.route, 8)]:
        with CaptureQueriesContext(connection) as queries:
            route(home_page, RequestFactory().get("/"), ["one", "two", "three", "four"])
        assert (route, len(queries)) == (route, expected)

    for address in ("/one/two/", "/one/two/three/four/"):
        assert Client().get(address).status_code == 200


@pytest.mark.usefixtures("fragment_cache_only")
def test_routing_a_kept_page_gives_what_wagtails_own_routing_gives(addresses):
    """Each page's own address is routed to the page kept with the fragments the second
    time (home/routing.py), with the same result; its parents still cost no query."""
    for _pass in ("kept", "from the cache"):
        for home, components in addresses:
            ours = outcome(HomePage.route, home, components)
            assert (components, ours) == (components, outcome(Page.route, home, components))

    consultation = ("consultations", "how-should-we-engage-with-you")
    english = HomePage.objects.get(locale__language_code="en-gb")
    with CaptureQueriesContext(connection) as queries:
        routed = english.route(RequestFactory().get("/"), list(consultation)).page
        index = routed.get_parent()
        assert index.get_parent().pk == english.pk
    assert (type(routed).__name__, index.slug) == ("ConsultationPage", "consultations")
    assert len(queries) == 0


@pytest.mark.usefixtures("fragment_cache_only")
def test_signed_in_people_are_routed_to_the_page_as_it_is(seeded):
    """A visitor with no session, reading or sending a form, uses the routed page kept
    with the fragments; signed-in people do not: an editor's userbar reads the page's
    lock and drafts, which move no generation."""
    english = HomePage.objects.get(locale__language_code="en-gb")
    consultation = ["consultations", "how-should-we-engage-with-you"]
    factory = RequestFactory()
    english.route(factory.get("/"), list(consultation))  # kept

    def routing_queries(request):
        with CaptureQueriesContext(connection) as queries:
            assert english.route(request, list(consultation)).page.slug == consultation[-1]
        return len(queries)

    signed_in = factory.get("/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert routing_queries(factory.get("/")) == 0
    assert routing_queries(factory.post("/", {})) == 0
    assert routing_queries(signed_in) > 0


@pytest.mark.usefixtures("fragment_cache_only")
def test_a_sub_route_is_routed_from_the_page_kept_at_its_own_address(
    seeded, django_capture_on_commit_callbacks
):
    english = HomePage.objects.get(locale__language_code="en-gb")
    consultation = ConsultationPage.objects.get(
        locale=english.locale, slug="how-should-we-engage-with-you"
    )
    page_address = components_of(consultation, english)
    sub_routes = [page_address + ["other-formats"], page_address + ["comments"]]
    made_up = page_address + ["no-such-thing"]

    def routed(components, method="get"):
        # A new request each time: a request keeps the fragment generation it began with.
        request = getattr(RequestFactory(), method)("/")
        with CaptureQueriesContext(connection) as queries:
            try:
                page, args, _ = english.route(request, list(components))
                result = (page.pk, getattr(args[0], "__name__", args[0]) if args else None)
            except Http404:
                result = "404"
        return result, len(queries)

    first = [routed(components) for components in sub_routes]
    again = [routed(components, method) for components in sub_routes for method in ("get", "post")]
    assert all(queries > 0 for _, queries in first)
    assert [result for result, _ in again] == [result for result, _ in first for _ in (0, 1)]
    assert [queries for _, queries in again] == [0] * len(again)
    for components in sub_routes:
        ours = outcome(HomePage.route, english, components)
        assert ours == outcome(Page.route, english, components)
        assert ours[0] == consultation.pk
    assert routed(made_up)[0] == routed(made_up)[0] == "404"

    with django_capture_on_commit_callbacks(execute=True):
        consultation.delete()
    for components in sub_routes:
        assert routed(components)[0] == "404"


@pytest.mark.usefixtures("fragment_cache_only")
def test_made_up_sub_routes_are_remembered_only_so_far(seeded, monkeypatch):
    from home import routing

    monkeypatch.setattr(routing, "_page_levels_by_address", {})
    monkeypatch.setattr(routing, "REMEMBERED_SUB_ROUTES", 3)
    english = HomePage.objects.get(locale__language_code="en-gb")
    consultation = ["consultations", "how-should-we-engage-with-you"]
    for number in range(10):
        with pytest.raises(Http404):
            english.route(RequestFactory().get("/"), [*consultation, f"made-up-{number}"])
        assert len(routing._page_levels_by_address) <= 3
