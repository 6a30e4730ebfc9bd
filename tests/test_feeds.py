"""RSS, Atom and iCalendar feeds of consultations, with the listing's filters, read
back as XML and as a calendar."""

import datetime
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation_blocks.models import AreaKind
from tests.factories import AreaFactory

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def borough(db):
    return AreaFactory(name="Northshire", slug="northshire", kind=AreaKind.LOCAL_AUTHORITY)


@pytest.fixture
def elsewhere(db):
    return AreaFactory(name="Southvale", slug="southvale", kind=AreaKind.LOCAL_AUTHORITY)


@pytest.fixture
def pages(make_consultation, borough, elsewhere, partner_a, partner_b):
    def make(title, area, partner, topic, **fields):
        page = make_consultation(lead_partner=partner, title=title, **fields)
        page.areas.add(area)
        page.tags.add(topic)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    now = timezone.now()
    return {
        "parks": make("Parks & <gardens>", borough, partner_a, "parks", summary="Trees <b>"),
        "buses": make("Buses", elsewhere, partner_b, "transport"),
        "ongoing": make(
            "Ongoing chat", borough, partner_a, "parks", kind="engagement", closes_at=None
        ),
        "closed": make(
            "Old roads",
            borough,
            partner_a,
            "roads",
            opens_at=now - datetime.timedelta(days=60),
            closes_at=now - datetime.timedelta(days=30),
        ),
    }


def rss_titles(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    return sorted(item.findtext("title") for item in root.iter("item"))


def test_rss_lists_live_consultations_escaped_with_absolute_links(client, pages):
    response = client.get("/feeds/consultations/rss/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    items = {item.findtext("title"): item for item in root.iter("item")}
    parks = items["Parks & <gardens> (Open)"]
    assert parks.findtext("description") == "Trees <b>"
    assert parks.findtext("link") == f"http://testserver{pages['parks'].url}"
    assert [category.text for category in parks.findall("category")] == ["parks"]
    assert len(items) == 4


def test_filters_narrow_the_feed(client, pages):
    assert rss_titles(client.get("/feeds/consultations/rss/", {"area": "northshire"})) == [
        "Old roads (Closed – under review)",
        "Ongoing chat (Open)",
        "Parks & <gardens> (Open)",
    ]
    assert rss_titles(client.get("/feeds/consultations/rss/", {"partner": "southvale-nhs"})) == [
        "Buses (Open)"
    ]
    assert rss_titles(
        client.get("/feeds/consultations/rss/", {"topic": "parks", "status": "open"})
    ) == ["Ongoing chat (Open)", "Parks & <gardens> (Open)"]


def test_drafts_are_not_in_the_feeds(client, pages, make_consultation):
    make_consultation(title="Secret draft")
    assert "Secret draft" not in client.get("/feeds/consultations/rss/").content.decode()
    assert "Secret draft" not in client.get("/feeds/consultations/atom/").content.decode()
    assert "Secret draft" not in client.get("/feeds/consultations.ics").content.decode()


def test_atom_feed(client, pages):
    response = client.get("/feeds/consultations/atom/", {"area": "southvale"})
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Buses (Open)"]
    assert entries[0].find(f"{ATOM}link").get("href") == f"http://testserver{pages['buses'].url}"
    assert "southvale" in root.findtext(f"{ATOM}title")


@pytest.mark.parametrize(
    "query", [{"area": "atlantis"}, {"status": "sideways"}, {"partner": "<script>"}]
)
@pytest.mark.parametrize(
    "url", ["/feeds/consultations/rss/", "/feeds/consultations/atom/", "/feeds/consultations.ics"]
)
def test_an_unknown_filter_is_a_400_not_everything(client, pages, url, query):
    response = client.get(url, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert f"Unknown value for: {next(iter(query))}" in response.content.decode()


def test_icalendar_has_an_event_for_each_consultation_with_a_closing_date(client, pages):
    response = client.get("/feeds/consultations.ics", {"area": "northshire"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    # The ongoing engagement has no end date, so no event.
    assert sorted(events) == ["Consultation: Old roads", "Consultation: Parks & <gardens>"]
    parks = events["Consultation: Parks & <gardens>"]
    page = pages["parks"]
    # iCalendar times are to the second.
    assert parks.decoded("dtstart") == page.opens_at.replace(microsecond=0)
    assert parks.decoded("dtend") == page.closes_at.replace(microsecond=0)
    assert str(parks["url"]) == f"http://testserver{page.url}"
    assert str(parks["description"]) == "Trees <b>"
    assert str(parks["uid"]) == f"consultation-{page.pk}@testserver"


def test_feeds_run_in_a_constant_number_of_queries(client, pages, make_consultation):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = ["/feeds/consultations/rss/", "/feeds/consultations/atom/", "/feeds/consultations.ics"]
    [count(url) for url in urls]  # the first request fills the site's cached root paths
    before = [count(url) for url in urls]
    for n in range(5):
        page = make_consultation(title=f"More {n}")
        page.tags.add(f"topic-{n}")
        page.save_revision().publish()
    assert [count(url) for url in urls] == before


def test_the_consultation_index_links_its_feeds_and_alerts_with_its_filters(
    client, pages, consultation_index
):
    html = client.get(consultation_index.url, {"area": "northshire"}).content.decode()
    assert 'href="/feeds/consultations/rss/?area=northshire"' in html
    assert 'type="application/atom+xml"' in html
    assert 'href="/alerts/?area=northshire"' in html
    assert 'href="/feeds/consultations.ics?area=northshire"' in html
    assert 'href="/you-said-we-did/"' in html
