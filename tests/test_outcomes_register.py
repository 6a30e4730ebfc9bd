"""The site-wide "You said, we did" register of published outcomes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation_blocks.models import AreaKind
from tests.factories import AreaFactory

URL = "/you-said-we-did/"


def you_said_we_did(*pairs):
    return {
        "type": "you_said_we_did",
        "value": {
            "heading": "You said, we did",
            "items": [{"you_said": said, "we_did": did} for said, did in pairs],
        },
    }


@pytest.fixture
def borough(db):
    return AreaFactory(name="Northshire", slug="northshire", kind=AreaKind.LOCAL_AUTHORITY)


@pytest.fixture
def outcome(make_consultation, borough, partner_a):
    def make(title, *, partner=partner_a, area=borough, topic="parks", when=None, **fields):
        when = when or timezone.now() - datetime.timedelta(days=1)
        page = make_consultation(
            title=title,
            lead_partner=partner,
            opens_at=when - datetime.timedelta(days=60),
            closes_at=when - datetime.timedelta(days=30),
            outcome_published_at=when,
            **fields,
        )
        page.areas.add(area)
        page.tags.add(topic)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


def titles(response):
    assert response.status_code == 200
    return [outcome.title for outcome in response.context["page_obj"]]


def test_an_outcome_shows_what_was_asked_said_changed_and_decided(client, outcome):
    outcome(
        "Library hours <b>",
        proposal="Close on Sundays?",
        outcome_summary="Sunday opening stays.",
        outcome_body=[you_said_we_did(("Keep Sundays <script>", "We kept them"))],
    )
    html = client.get(URL).content.decode()
    for text in (
        "Library hours &lt;b&gt;",
        "Close on Sundays?",
        "Keep Sundays &lt;script&gt;",
        "We kept them",
        "Sunday opening stays.",
        "Northshire Council",
    ):
        assert text in html
    assert "<script>" not in html.split("<main")[1]


def test_only_published_outcomes_are_listed(client, outcome, make_consultation):
    outcome("Decided")
    outcome("Not yet", when=timezone.now() + datetime.timedelta(days=3))
    make_consultation(live=True, title="Still open")
    draft = make_consultation(title="Draft outcome", outcome_published_at=timezone.now())
    assert draft.live is False
    assert titles(client.get(URL)) == ["Decided"]


def test_filters_and_search(client, outcome, partner_b):
    other = AreaFactory(name="Southvale", slug="southvale", kind=AreaKind.LOCAL_AUTHORITY)
    last_year = timezone.now() - datetime.timedelta(days=400)
    outcome("Parks", outcome_summary="More benches")
    outcome("Buses", partner=partner_b, area=other, topic="transport")
    outcome("Old parks", when=last_year)
    assert titles(client.get(URL, {"partner": "southvale-nhs"})) == ["Buses"]
    assert titles(client.get(URL, {"topic": "parks"})) == ["Parks", "Old parks"]
    assert titles(client.get(URL, {"area": "southvale"})) == ["Buses"]
    assert titles(client.get(URL, {"year": str(last_year.year)})) == ["Old parks"]
    assert titles(client.get(URL, {"q": "benches"})) == ["Parks"]
    assert titles(client.get(URL, {"q": "parks", "topic": "parks"})) == ["Parks", "Old parks"]


def test_an_unknown_filter_is_ignored_and_said_so(client, outcome):
    outcome("Parks")
    response = client.get(URL, {"area": "atlantis", "year": "not-a-year"})
    assert titles(response) == ["Parks"]
    assert "We ignored a filter we did not recognise" in response.content.decode()


def test_empty_state(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "No outcome has been published yet." in response.content.decode()
    response = client.get(URL, {"q": "nothing"})
    assert "Try removing a filter" in response.content.decode()


def test_pagination_keeps_the_filters(client, outcome):
    for n in range(12):
        outcome(f"Outcome {n:02}", when=timezone.now() - datetime.timedelta(days=n + 1))
    first = client.get(URL, {"topic": "parks"})
    assert len(titles(first)) == 10
    assert "?topic=parks&amp;page=2" in first.content.decode()
    assert titles(client.get(URL, {"topic": "parks", "page": 2})) == ["Outcome 10", "Outcome 11"]
    assert titles(client.get(URL, {"page": 99})) == ["Outcome 10", "Outcome 11"]


def test_the_register_runs_in_a_constant_number_of_queries(client, outcome):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    outcome("First", outcome_body=[you_said_we_did(("a", "b"))])
    count()  # fills the site's cached root paths
    small = count()
    for n in range(6):
        outcome(f"More {n}", topic=f"topic-{n}", outcome_body=[you_said_we_did(("a", "b"))])
    count()  # publishing cleared the cached navigation; fill it again
    assert count() == small
