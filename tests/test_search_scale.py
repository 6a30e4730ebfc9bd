"""Site search and its index at scale, on the database backend (SQLite here,
PostgreSQL with DATABASE_URL): a rare word is ranked as Wagtail ranks it, a word on
more pages than are ranked still finds pages, a search costs the same queries whatever
the number of matches, and a rebuild of the index reads a fixed number of queries per
batch, not per page."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from home.models import StandardPage
from search.backends import database
from search.backends.database import full_text_query
from search.catalogue import PAGE_TYPES
from search.query import SearchQuery
from tests.factories import AreaFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def add_page(parent, title, summary, *, partners=(), areas=()):
    page = parent.add_child(instance=StandardPage(title=title, summary=summary))
    page.partners.set(partners)
    page.areas.set(areas)
    page.save_revision().publish()
    return page


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.context["results"]


def wagtail_ranking(word):
    """Titles and scores as Wagtail's own search ranks the live, public pages."""
    shown = Page.objects.live().public().type(*(t.model for t in PAGE_TYPES))
    matches = shown.search(full_text_query([word])).annotate_score("_score")
    return {page.title: float(page._score or 0) for page in matches}


def test_a_rare_word_is_ranked_as_wagtail_ranks_it(client, home_page):
    add_page(home_page, "Allotment waiting list", "How long the allotment list is.")
    add_page(home_page, "Allotment rents", "What an allotment costs a year.")
    add_page(home_page, "Parks", "Allotment plots, bowling greens and play areas in parks.")
    add_page(home_page, "Libraries", "Opening hours and events.")
    expected = wagtail_ranking("allotment")
    assert len(expected) == 3

    results = search(client, q="allotment")

    assert results.total == 3
    assert [item.title for item in results.items] == sorted(
        expected, key=lambda title: (-expected[title], title)
    )


def test_words_with_several_forms_are_ranked_as_wagtail_ranks_them(client, home_page):
    # "library" and "libraries" are one lexeme to PostgreSQL's English stemmer, which
    # ranks it once for both; the scores must still be Wagtail's, form by form.
    add_page(home_page, "Library opening hours", "When each library opens.")
    add_page(
        home_page,
        "Libraries",
        "Opening hours of the libraries, and the hours of the mobile library.",
    )
    add_page(home_page, "Opening times", "The library is open late on Thursdays.")
    add_page(home_page, "Parks", "Parks open at dawn.")
    words = ["libraries", "opening"]
    shown = Page.objects.live().public().type(*(t.model for t in PAGE_TYPES))
    matches = shown.search(full_text_query(words)).annotate_score("_score")
    expected = {page.title: float(page._score or 0) for page in matches}
    assert len(expected) >= 2

    results = search(client, q="libraries opening")

    assert results.total == len(expected)
    assert [item.title for item in results.items] == sorted(
        expected, key=lambda title: (-expected[title], title)
    )
    if connection.vendor == "postgresql":
        hits = (
            database.DatabaseSearchBackend()
            .search(SearchQuery(text="libraries opening"), per_page=10)
            .hits
        )
        for hit in hits:
            assert hit.score == pytest.approx(expected[hit.title], rel=1e-6)


def test_results_say_when_more_pages_match_than_were_ranked(client, home_page, monkeypatch):
    monkeypatch.setattr(database, "RANKED_MATCHES", 3)
    monkeypatch.setattr(database, "MAX_CANDIDATES", 3)
    for n in range(3):
        add_page(home_page, f"Bus route {n}", "Buses every ten minutes.")

    exactly = client.get("/search/", {"q": "bus"})
    add_page(home_page, "Bus route 3", "Buses every ten minutes.")
    beyond = client.get("/search/", {"q": "bus"})

    assert exactly.context["results"].more is False
    assert "More pages match" not in exactly.content.decode()
    assert beyond.context["results"].more is True
    assert beyond.context["results"].total == 3
    page = beyond.content.decode()
    assert "The closest <strong>3</strong> results for “bus”" in page
    assert "More pages match: add a word to narrow your search." in page


def test_a_word_on_more_pages_than_are_ranked_still_finds_pages(client, home_page, monkeypatch):
    monkeypatch.setattr(database, "RANKED_MATCHES", 3)
    titles = {
        add_page(home_page, f"Bus route {n}", "Buses every ten minutes.").title for n in range(6)
    }

    results = search(client, q="bus")

    # PostgreSQL ranks the first three matches it finds; SQLite's index ranks them all.
    assert results.total == (3 if connection.vendor == "postgresql" else 6)
    assert {item.title for item in results.items} <= titles


def test_a_search_costs_the_same_queries_whatever_the_number_of_matches(
    client, home_page, monkeypatch
):
    monkeypatch.setattr(database, "RANKED_MATCHES", 5)
    partner = PartnerFactory(name="Hillside Council", slug="hillside")
    area = AreaFactory(name="North ward", slug="north-ward")
    for n in range(2):
        add_page(home_page, f"Recycling centre {n}", "Recycling.", partners=[partner], areas=[area])
    # A search after publishing fills the caches publishing cleared.
    search(client, q="recycling")
    with CaptureQueriesContext(connection) as few:
        assert search(client, q="recycling").total == 2
    for n in range(2, 12):
        add_page(home_page, f"Recycling centre {n}", "Recycling.", partners=[partner], areas=[area])
    search(client, q="recycling")
    with CaptureQueriesContext(connection) as many:
        assert search(client, q="recycling").total >= 5

    assert len(many) == len(few)


def select_queries(captured):
    return [query for query in captured if query["sql"].lstrip().upper().startswith("SELECT")]


def test_rebuilding_the_index_reads_a_fixed_number_of_queries_not_one_per_page(home_page):
    partners = [PartnerFactory(), PartnerFactory()]
    areas = [AreaFactory(), AreaFactory()]
    for n in range(2):
        add_page(home_page, f"Page {n}", "Words.", partners=partners, areas=areas)
    call_command("rebuild_search_index", "--no-progress", verbosity=0)  # content types cached
    with CaptureQueriesContext(connection) as few:
        call_command("rebuild_search_index", "--no-progress", verbosity=0)
    for n in range(2, 8):
        add_page(home_page, f"Page {n}", "Words.", partners=partners, areas=areas)
    with CaptureQueriesContext(connection) as many:
        call_command("rebuild_search_index", "--no-progress", verbosity=0)

    # Writes may be one per entry (SQLite updates entries one by one); reads are per
    # batch of each indexed model.
    assert len(select_queries(many)) == len(select_queries(few))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="lexemes are PostgreSQL's")
def test_a_word_searched_again_is_not_sent_for_its_lexemes_again(client, home_page, monkeypatch):
    monkeypatch.setattr(database, "_LEXEME_CACHE", {})
    add_page(home_page, "Library opening hours", "When each library opens.")

    def lexeme_queries(captured):
        return [q for q in captured if "to_tsquery(quoted)" in q["sql"]]

    with CaptureQueriesContext(connection) as first:
        found_first = search(client, q="libraries")
    with CaptureQueriesContext(connection) as again:
        found_again = search(client, q="libraries")
    with CaptureQueriesContext(connection) as another:
        search(client, q="libraries opening")

    assert len(lexeme_queries(first)) == 1
    assert lexeme_queries(again) == []
    # Only the new word's forms are asked about.
    [asked] = lexeme_queries(another)
    assert "opening" in asked["sql"] and "libraries" not in asked["sql"]
    assert [i.title for i in found_again.items] == [i.title for i in found_first.items]
    assert found_again.total == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="lexemes are PostgreSQL's")
def test_the_lexeme_cache_is_bounded(client, home_page, monkeypatch):
    monkeypatch.setattr(database, "_LEXEME_CACHE", {})
    monkeypatch.setattr(database, "LEXEME_CACHE_SIZE", 3)
    add_page(home_page, "Library opening hours", "When each library opens.")

    search(client, q="libraries")  # two forms: library, libraries
    search(client, q="opening")  # two more: over the bound, so the cache starts again

    assert len(database._LEXEME_CACHE) == 2
    assert search(client, q="library opening").total == 1
