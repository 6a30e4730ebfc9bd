"""A consultation's activity log, summarised in its outcome; and activities in the read
API. Both show only what is published."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.activities_support import ActivityFactory
from tests.factories import ConsultationPageFactory

DAY = datetime.timedelta(days=1)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def finished_consultation(consultation_index):
    return publish(
        ConsultationPageFactory(
            parent=consultation_index,
            opens_at=timezone.now() - 60 * DAY,
            closes_at=timezone.now() - 20 * DAY,
            outcome_summary="We will keep the walk-in centre open in the evenings.",
            outcome_published_at=timezone.now() - DAY,
        )
    )


def outcome_html(client, page):
    html = client.get(page.url).content.decode()
    start = html.index('id="outcome-heading"')
    return html[start : html.index("</section>", html.index('id="activity-log-heading"'))]


@pytest.mark.django_db
class TestActivityLog:
    def test_the_outcome_summarises_how_people_were_heard(
        self, client, finished_consultation, partner_a
    ):
        today = timezone.localdate()
        ActivityFactory(
            consultation=finished_consultation,
            lead_partner=partner_a,
            title="Evening drop-ins",
            method="drop_in",
            stage="feedback_given",
            starts_on=today - 50 * DAY,
            ends_on=today - 40 * DAY,
            participants=34,
            groups_reached=["carers", "older_people"],
            what_we_heard="Evening opening matters most to carers.",
        )
        ActivityFactory(
            consultation=finished_consultation,
            lead_partner=partner_a,
            title="Online survey",
            method="survey",
            stage="closed",
            starts_on=today - 60 * DAY,
            ends_on=today - 20 * DAY,
            participants=410,
        )
        ActivityFactory(
            consultation=finished_consultation,
            lead_partner=partner_a,
            title="Staff-only debrief",
            live=False,
            participants=1000,
        )
        section = outcome_html(client, finished_consultation)
        assert "How we heard from people" in section
        assert "We used 2 methods (survey, drop-in session), and 444 people took part." in section
        assert "Evening opening matters most to carers." in section
        assert "Carers, Older people" in section
        assert "Staff-only debrief" not in section

    def test_no_log_before_the_outcome_is_published(self, client, consultation_index, partner_a):
        page = publish(
            ConsultationPageFactory(
                parent=consultation_index,
                outcome_summary="Not yet.",
                outcome_published_at=timezone.now() + 5 * DAY,
            )
        )
        ActivityFactory(consultation=page, lead_partner=partner_a, title="Evening drop-ins")
        assert "How we heard from people" not in client.get(page.url).content.decode()

    def test_the_log_costs_the_same_queries_however_long(
        self, client, finished_consultation, partner_a
    ):
        ActivityFactory(consultation=finished_consultation, lead_partner=partner_a)
        client.get(finished_consultation.url)
        with CaptureQueriesContext(connection) as small:
            client.get(finished_consultation.url)
        for _ in range(8):
            ActivityFactory(consultation=finished_consultation, lead_partner=partner_a)
        with CaptureQueriesContext(connection) as large:
            client.get(finished_consultation.url)
        assert len(large) == len(small)


@pytest.mark.django_db
class TestActivitiesApi:
    def test_only_published_activities_are_listed(self, client, partner_a, home_page):
        shown = ActivityFactory(lead_partner=partner_a, title="Open survey", tags=["health"])
        ActivityFactory(lead_partner=partner_a, title="Draft idea", live=False)
        response = client.get("/api/v2/activities/?fields=*")
        assert response.status_code == 200
        items = response.json()["items"]
        assert [item["title"] for item in items] == ["Open survey"]
        assert items[0]["lead_partner_name"] == partner_a.name
        assert items[0]["topic_names"] == ["health"]
        assert items[0]["uid"] == str(shown.uid)

    def test_an_unpublished_activity_is_not_found(self, client, partner_a, home_page):
        hidden = ActivityFactory(lead_partner=partner_a, live=False)
        assert client.get(f"/api/v2/activities/{hidden.pk}/").status_code == 404

    def test_the_api_is_read_only(self, client, home_page):
        assert client.post("/api/v2/activities/", {"title": "x"}).status_code == 405

    def test_filter_by_stage(self, client, partner_a, home_page):
        ActivityFactory(lead_partner=partner_a, title="Open one", stage="open")
        ActivityFactory(lead_partner=partner_a, title="Planned one", stage="planned")
        items = client.get("/api/v2/activities/?stage=open").json()["items"]
        assert [item["title"] for item in items] == ["Open one"]

    def test_search_finds_published_activities(self, client, partner_a, home_page):
        ActivityFactory(lead_partner=partner_a, title="Carers' evening drop-in")
        ActivityFactory(lead_partner=partner_a, title="Carers' planning idea", live=False)
        ActivityFactory(lead_partner=partner_a, title="Transport survey")
        response = client.get("/api/v2/activities/?search=carers")
        assert response.status_code == 200
        assert [item["title"] for item in response.json()["items"]] == ["Carers' evening drop-in"]

    def test_the_listing_costs_the_same_queries_however_long(self, client, partner_a, home_page):
        def fetch():
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/api/v2/activities/?fields=*")
            assert response.status_code == 200
            return len(queries)

        ActivityFactory(lead_partner=partner_a, tags=["a"], partners=[partner_a])
        small = fetch()
        for n in range(8):
            ActivityFactory(lead_partner=partner_a, tags=[f"t{n}"], partners=[partner_a])
        assert fetch() == small
