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


# The newsletter digest in the admin ----------------------------------------------------

DIGEST = "/admin/you-said-we-did-digest/"


def test_the_digest_needs_the_admin(client, outcome):
    outcome("Parks")
    response = client.get(DIGEST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_digest_gives_text_and_html_of_recent_outcomes(client_for, role_users, outcome):
    outcome(
        "Parks <b>",
        proposal="Benches?",
        outcome_summary="More benches & bins",
        outcome_body=[you_said_we_did(("We want <benches>", "We added ten"))],
    )
    outcome("Long ago", when=timezone.now() - datetime.timedelta(days=45))
    client = client_for(role_users["comms_editor"])
    response = client.get(DIGEST)
    assert response.status_code == 200
    text = response.context["text"]
    assert "Parks <b>" in text and "You said: We want <benches>" in text
    assert "We did: We added ten" in text and "Decision: More benches & bins" in text
    assert "Long ago" not in text
    page_html = response.content.decode()
    # The HTML to copy is shown as source, and its preview is escaped once.
    assert "&lt;h3&gt;" in page_html
    assert "We want &lt;benches&gt;" in response.context["html"]
    assert "<benches>" not in page_html
    assert "Long ago" in client.get(DIGEST, {"days": "90"}).context["text"]
    # A period the form does not offer falls back to the default.
    assert "Long ago" not in client.get(DIGEST, {"days": "nonsense"}).context["text"]
    assert "Long ago" not in client.get(DIGEST, {"days": "3650"}).context["text"]


def test_the_digest_says_when_nothing_was_published(client_for, role_users, db):
    response = client_for(role_users["comms_editor"]).get(DIGEST, {"days": "7"})
    assert "No outcomes were published in the last week." in response.context["text"]
