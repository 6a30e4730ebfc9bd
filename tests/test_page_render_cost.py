"""What an uncached public page costs with fragments kept (pagecache/fragments.py,
pagecache/restrictions.py): the database queries and cache round trips of the home
page, the consultations index and the open consultation with its survey, and that
what is kept per change (view restrictions, the site's settings) shows a change at
once."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from home.models import PartnershipSettings
from tests.factories import ConsultationPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragment_cache_only")]

# No query: the site with its home page in the address's language, the page the address
# routes to with the pages above it (home/routing.py), the site's settings, its root
# paths, the view restrictions and the consultation's body with its survey, comments and
# published answers are kept.
QUERIES = {"home": 0, "index": 0, "consultation": 0}
# One round trip fetches the generation and every fragment the address used last time.
ROUND_TRIPS = {"home": 1, "index": 1, "consultation": 1}


@pytest.fixture
def cache_calls(monkeypatch):
    """Every call to the cache (each one round trip to Redis in production)."""
    calls = []
    inside = []  # the memory cache's get_many calls its own get: one call, not several
    backend = caches["default"]
    for name in ("get", "get_many", "set", "set_many", "add", "incr", "delete", "get_or_set"):
        method = getattr(backend, name)

        def counted(*args, _name=name, _method=method, **kwargs):
            if not inside:
                calls.append(_name)
            inside.append(_name)
            try:
                return _method(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(backend, name, counted)
    return calls


def cost(address, cache_calls):
    cache_calls.clear()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(address)
    assert response.status_code == 200
    return len(queries), len(cache_calls), response.content.decode()


def demo_addresses():
    from consultation_blocks.models import ConsultationPage

    consultation = ConsultationPage.objects.live().get(slug="how-should-we-engage-with-you")
    return {"home": "/", "index": consultation.get_parent().url, "consultation": consultation.url}


def test_the_demo_pages_cost_few_queries_and_round_trips(seeded, cache_calls):
    for name, address in demo_addresses().items():
        # A parameter no page reads: the page cache would not answer it, fragments do.
        Client().get(f"{address}?bench=1")  # fragments kept
        Client().get(f"{address}?bench=2")  # the keys the address uses remembered
        queries, round_trips, _html = cost(f"{address}?bench=3", cache_calls)
        assert (name, queries) == (name, QUERIES[name])
        assert (name, round_trips) == (name, ROUND_TRIPS[name])


def test_the_open_consultations_queries_do_not_grow_with_comments_or_partners(seeded, cache_calls):
    from consultation_blocks.models import Comment, ConsultationPage, Partner

    address = demo_addresses()["consultation"]
    Client().get(address)
    Client().get(address)
    before = cost(address, cache_calls)[:2]
    page = ConsultationPage.objects.live().get(slug="how-should-we-engage-with-you")
    for number in range(5):
        Comment.objects.create(
            page=page,
            name=f"Resident {number}",
            email=f"r{number}@example.org",
            body=f"Comment {number}",
            state="approved",
        )
    page.partners.add(*Partner.objects.all())
    page.save_revision().publish()
    Client().get(address)
    Client().get(address)
    queries, round_trips, html = cost(address, cache_calls)
    assert "Comment 4" in html
    assert (queries, round_trips) == before


@pytest.fixture
def page(consultation_index):
    page = ConsultationPageFactory(parent=consultation_index, title="Library opening hours")
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def test_a_restriction_added_or_removed_applies_at_once(page, consultation_index):
    Client().get(page.url)
    assert "Library opening hours" in Client().get(page.url).content.decode()

    restriction = PageViewRestriction.objects.create(
        page=consultation_index, restriction_type=PageViewRestriction.LOGIN
    )
    response = Client().get(page.url)
    assert response.status_code == 302  # to the sign-in page
    assert "login" in response["Location"]

    restriction.delete()
    assert "Library opening hours" in Client().get(page.url).content.decode()

    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    response = Client().get(page.url)
    assert response.status_code == 200  # Wagtail's password form
    assert "Library opening hours" not in response.content.decode()


def test_an_alias_of_a_restricted_page_is_restricted(page, consultation_index, home_page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    alias = page.create_alias(parent=home_page, update_slug="library-hours-alias")
    Client().get(alias.url)  # the restricted paths kept
    response = Client().get(alias.url)
    assert response.status_code == 200
    assert "Library opening hours" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_a_settings_change_shows_in_every_page_title_at_once(page):
    Client().get(page.url)
    assert "– Riverside Together</title>" not in Client().get(page.url).content.decode()
    partnership = PartnershipSettings.for_site(Site.objects.get(is_default_site=True))
    partnership.name = "Riverside Together"
    partnership.save()
    assert "– Riverside Together</title>" in Client().get(page.url).content.decode()


def test_a_process_remembers_a_bounded_number_of_addresses(rf, monkeypatch):
    from pagecache import fragments

    monkeypatch.setattr(fragments, "REMEMBERED_ADDRESSES", 2)
    monkeypatch.setattr(fragments, "_used_by_address", {})
    for number in range(5):
        request = rf.get(f"/made-up-{number}/", {"utm_source": "leaflet"})
        assert fragments.cached_fragment(request, "test", [number], lambda: "drawn") == "drawn"
        assert len(fragments._used_by_address) <= 2
    # Parameters no page reads share an address; those pages read do not.
    fragments.cached_fragment(rf.get("/made-up-4/"), "test", [4], lambda: "drawn")
    assert len(fragments._used_by_address) == 1
    fragments.cached_fragment(rf.get("/made-up-4/", {"page": "2"}), "test", [4], lambda: "drawn")
    assert len(fragments._used_by_address) == 2


def test_an_unpublished_page_is_gone_at_once_and_a_restricted_childs_page_stays_private(
    page, consultation_index
):
    """The page an address routes to is kept, and unpublishing retires it at once."""
    for _ in range(2):
        assert Client().get(page.url).status_code == 200
    url = page.url
    page.unpublish()
    assert Client().get(url).status_code == 404
    PageViewRestriction.objects.create(
        page=consultation_index, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    response = Client().get(consultation_index.url)
    assert 'name="password"' in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_the_home_page_kept_with_the_site_shows_its_changes_at_once(home_page):
    for _ in range(2):
        Client().get("/")  # the site, with its home page, kept
    home_page.hero_heading = "Have your say in Riverside"
    home_page.save_revision().publish()
    assert "Have your say in Riverside" in Client().get("/").content.decode()
    home_page.unpublish()
    assert Client().get("/").status_code == 404


def test_the_welsh_home_page_is_kept_with_the_site_and_follows_its_publication(
    seeded, settings, cache_calls
):
    from home.models import HomePage

    def html(address):
        response = Client().get(address)
        assert response.status_code == 200
        return response.content.decode()

    for _ in range(2):
        html("/cy/")
        html("/")
    queries, _round_trips, welsh = cost("/cy/?bench=1", cache_calls)
    assert queries == 0
    assert '<html lang="cy"' in welsh
    assert '<html lang="en-GB"' in html("/")

    # Unpublished, the Welsh home page is no longer what /cy/ shows: the same page as
    # Wagtail finds with nothing kept.
    HomePage.objects.get(locale__language_code="cy").unpublish()
    kept = html("/cy/")
    settings.FRAGMENT_CACHE_SECONDS = 0
    assert kept == html("/cy/")
    assert kept != welsh


def test_the_index_with_another_parameter_is_drawn_from_fragments(consultation_index, cache_calls):
    """A tracking tag or a cache-buster on a listing of several pages: the results
    come from the fragments kept for its filters and page, and only the links to other
    pages, which keep the tag, are drawn again."""
    for number in range(12):
        page = ConsultationPageFactory(parent=consultation_index, title=f"Item {number:02}")
        page.save_revision().publish()
    address = f"{consultation_index.url}?page=2"
    for tag in ("", "&utm_source=one", "&utm_source=two"):
        Client().get(f"{address}{tag}")
    without_tag = cost(address, cache_calls)[:2]
    queries, round_trips, html = cost(f"{address}&utm_source=three", cache_calls)
    assert (queries, round_trips) == without_tag
    assert round_trips == 1
    assert len(BeautifulSoup(html, "html.parser").select(".app-card h2 a")) == 2  # of 12
    assert 'href="?page=1&amp;utm_source=three" rel="prev"' in html


def test_a_page_moved_to_a_new_address_is_found_there_at_once(page):
    old_address = page.url
    for _ in range(2):
        assert Client().get(old_address).status_code == 200  # the routed page kept
    page.slug = "library-hours"
    page.save_revision().publish()
    assert Client().get(old_address).status_code == 404
    response = Client().get(f"{old_address.rsplit('/', 2)[0]}/library-hours/")
    assert response.status_code == 200
    assert "Library opening hours" in response.content.decode()


def test_only_a_pages_own_address_keeps_its_routing(page, rf, home_page):
    """Sub-routes and addresses of no page are routed each time, so that made-up
    addresses fill no cache."""
    from django.core.cache import cache

    from pagecache.fragments import fragment_key

    own = page.url
    for address, status in [
        (own, 200),
        (f"{own}other-formats/", 200),
        (f"{own}no-such-page/", 404),
        ("/no-such-page/", 404),
    ]:
        for _ in range(2):
            assert (address, Client().get(address).status_code) == (address, status)
        path = address.strip("/")
        key = fragment_key(rf.get(address), "routed_page", [home_page.pk, path])
        assert (address, cache.get(key) is not None) == (address, address == own)


def test_the_decisions_a_consultation_informed_are_not_looked_up_when_kept(page, monkeypatch):
    """Building their query is a good part of what the page costs drawn from
    fragments; the records part that shows them is kept."""
    from consultation_blocks.models import Decision
    from consultation_blocks.views import decisions

    looked_up = []

    def decisions_informed_by(consultation):
        looked_up.append(consultation.pk)
        return Decision.objects.none()

    monkeypatch.setattr(decisions, "decisions_informed_by", decisions_informed_by)
    Client().get(page.url)
    assert looked_up == [page.pk]  # drawn
    Client().get(page.url)
    assert looked_up == [page.pk]  # the part kept
