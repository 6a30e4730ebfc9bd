"""The forward plan: residents' list and calendar of published activities, the staff
version in the admin, the iCalendar feed and the CSV export, through the real views."""

import csv
import datetime
import io

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultation_blocks.forms.activities import add_months, month_key
from tests.activities_support import ActivityFactory
from tests.factories import AreaFactory, UserFactory

LIST_URL = reverse("consultation_blocks:forward_plan_list")
CALENDAR_URL = reverse("consultation_blocks:forward_plan_calendar")
ICAL_URL = reverse("consultation_blocks:forward_plan_ical")
ADMIN_LIST_URL = reverse("consultation_blocks_admin_forward_plan_list")
ADMIN_CALENDAR_URL = reverse("consultation_blocks_admin_forward_plan_calendar")
ADMIN_ICAL_URL = reverse("consultation_blocks_admin_forward_plan_ical")
ADMIN_CSV_URL = reverse("consultation_blocks_admin_forward_plan_csv")


def first_of_next_month():
    return add_months(timezone.localdate().replace(day=1), 1)


@pytest.fixture
def places(db):
    derbyshire = AreaFactory(name="Derbyshire", slug="derbyshire")
    tameside = AreaFactory(name="Tameside", slug="tameside")
    return {
        "derbyshire": derbyshire,
        "glossop": AreaFactory(name="Glossop", slug="glossop", kind="town", parent=derbyshire),
        "tameside": tameside,
        "hyde": AreaFactory(name="Hyde", slug="hyde", kind="town", parent=tameside),
    }


@pytest.fixture
def plan(home_page, partner_a, partner_b, places):
    """Three activities next month: two shown to residents, one still in staff planning."""
    start = first_of_next_month() + datetime.timedelta(days=4)
    return {
        "drop_in": ActivityFactory(
            title="Glossop carers' drop-in",
            method="drop_in",
            stage="open",
            lead_partner=partner_a,
            starts_on=start,
            ends_on=start,
            areas=[places["glossop"]],
            tags=["carers"],
            audience_groups=["carers"],
        ),
        "survey": ActivityFactory(
            title="Hyde transport survey",
            lead_partner=partner_b,
            partners=[partner_a],
            starts_on=start + datetime.timedelta(days=2),
            ends_on=start + datetime.timedelta(days=30),
            areas=[places["hyde"]],
            tags=["transport"],
            audience_groups=["young_people", "older_people"],
        ),
        "idea": ActivityFactory(
            title="Idea: a veterans' panel",
            stage="idea",
            lead_partner=partner_b,
            starts_on=start + datetime.timedelta(days=10),
            ends_on=start + datetime.timedelta(days=10),
            audience_groups=["veterans"],
            live=False,
        ),
    }


@pytest.fixture
def staff(partner_a):
    return UserFactory(username="planner", groups=["Comms editors"], partners=[partner_a])


@pytest.mark.django_db
class TestResidentsList:
    def test_residents_see_only_published_activities(self, client, plan):
        response = client.get(LIST_URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Glossop carers&#x27; drop-in" in html
        assert "Hyde transport survey" in html
        assert "Idea: a veterans" not in html

    def test_the_list_is_a_table_per_month_with_headers(self, client, plan):
        html = client.get(LIST_URL).content.decode()
        month = first_of_next_month().strftime("%B %Y")
        assert f"Starting in {month}</caption>" in html
        assert '<th scope="col" class="govuk-table__header">Dates</th>' in html

    @pytest.mark.parametrize(
        ("query", "shown", "hidden"),
        [
            ("area=glossop", ["Glossop carers"], ["Hyde transport"]),
            # A town's authority covers it: Tameside finds Hyde's survey.
            ("area=tameside", ["Hyde transport"], ["Glossop carers"]),
            ("topic=carers", ["Glossop carers"], ["Hyde transport"]),
            ("audience=older_people", ["Hyde transport"], ["Glossop carers"]),
            ("stage=open", ["Glossop carers"], ["Hyde transport"]),
            ("method=survey", ["Hyde transport"], ["Glossop carers"]),
            # A co-partner's activities are theirs too.
            ("partner=northshire", ["Glossop carers", "Hyde transport"], []),
            ("partner=southvale-nhs", ["Hyde transport"], ["Glossop carers"]),
        ],
    )
    def test_filters(self, client, plan, query, shown, hidden):
        html = client.get(f"{LIST_URL}?{query}").content.decode()
        for title in shown:
            assert title in html
        for title in hidden:
            assert title not in html

    def test_a_month_filter_lists_that_month(self, client, plan):
        later = month_key(add_months(first_of_next_month(), 3))
        html = client.get(f"{LIST_URL}?month={later}").content.decode()
        assert "No activities match these filters" in html
        assert "Glossop carers" not in html

    def test_empty_parameters_are_dropped_with_a_redirect(self, client, plan):
        response = client.get(f"{LIST_URL}?partner=&area=glossop&stage=")
        assert response.status_code == 302
        assert response["Location"] == f"{LIST_URL}?area=glossop"

    def test_unknown_values_are_ignored_and_named(self, client, plan):
        response = client.get(f"{LIST_URL}?area=atlantis&month=2027-13&stage=open")
        assert response.status_code == 200
        html = response.content.decode()
        assert "We ignored a filter we did not recognise (Area, Month)" in html
        assert "Glossop carers" in html

    def test_links_carry_only_the_filters_in_use(self, client, plan):
        response = client.get(f"{LIST_URL}?area=glossop")
        context = response.context
        assert context["calendar_url"] == f"{CALENDAR_URL}?area=glossop"
        assert context["ical_url"] == f"{ICAL_URL}?area=glossop"
        assert context["active_filters"][0]["remove_url"] == LIST_URL
        assert "=&" not in response.content.decode()

    def test_empty_plan(self, client, db, home_page):
        html = client.get(LIST_URL).content.decode()
        assert "Nothing is planned yet" in html

    def test_resident_words_are_escaped(self, client, partner_a, home_page):
        ActivityFactory(lead_partner=partner_a, title="<script>alert(1)</script>")
        html = client.get(LIST_URL).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_the_page_is_printable(self, client, plan):
        html = client.get(LIST_URL).content.decode()
        assert "consultation_blocks/css/forward-plan.css" in html
        assert 'class="app-filters app-no-print"' in html

    def test_only_get_is_allowed(self, client, plan):
        assert client.post(LIST_URL).status_code == 405


@pytest.mark.django_db
class TestCalendar:
    def test_a_month_is_an_accessible_table(self, client, plan):
        month = first_of_next_month()
        response = client.get(f"{CALENDAR_URL}?month={month_key(month)}")
        assert response.status_code == 200
        html = response.content.decode()
        assert (
            f'<caption class="govuk-table__caption govuk-table__caption--l">{month.strftime("%B %Y")}'
            in html
        )
        assert (
            '<th scope="col" class="govuk-table__header"><abbr title="Monday">Mon</abbr></th>'
            in html
        )
        weeks = response.context["calendar"].weeks
        start_day = plan["drop_in"].starts_on
        cell = next(day for week in weeks for day in week if day.date == start_day)
        assert [activity.title for activity in cell.starting] == ["Glossop carers' drop-in"]
        # Unpublished plans are not shown to residents.
        assert all(
            activity.title != plan["idea"].title
            for week in weeks
            for day in week
            for activity in day.starting
        )

    def test_an_activity_running_into_a_month_is_listed_apart(self, client, plan):
        month = add_months(first_of_next_month(), 1)
        response = client.get(f"{CALENDAR_URL}?month={month_key(month)}")
        continuing = [activity.title for activity in response.context["calendar"].continuing]
        assert continuing == ["Hyde transport survey"]
        assert "Already running at the start of" in response.content.decode()

    def test_month_links_keep_filters_and_no_empty_ones(self, client, plan):
        month = first_of_next_month()
        response = client.get(f"{CALENDAR_URL}?area=glossop&month={month_key(month)}")
        assert response.context["next_url"] == (
            f"{CALENDAR_URL}?area=glossop&month={month_key(add_months(month, 1))}"
        )
        assert response.context["previous_url"] == (
            f"{CALENDAR_URL}?area=glossop&month={month_key(add_months(month, -1))}"
        )

    def test_the_current_month_by_default_and_an_empty_state(self, client, db, home_page):
        response = client.get(CALENDAR_URL)
        assert response.status_code == 200
        assert response.context["month"] == timezone.localdate().replace(day=1)
        assert "No activities are planned for" in response.content.decode()


def read_calendar(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


@pytest.mark.django_db
class TestICalendarFeed:
    def test_the_feed_is_valid_and_holds_published_activities(self, client, plan):
        calendar = read_calendar(client.get(ICAL_URL))
        assert str(calendar["VERSION"]) == "2.0"
        assert calendar["PRODID"]
        events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
        assert set(events) == {"Glossop carers' drop-in", "Hyde transport survey"}
        survey = events["Hyde transport survey"]
        # All-day events: DTSTART is a date and DTEND the day after the last day.
        assert survey.decoded("DTSTART") == plan["survey"].starts_on
        assert survey.decoded("DTEND") == plan["survey"].ends_on + datetime.timedelta(days=1)
        assert isinstance(survey.decoded("DTSTART"), datetime.date)
        assert not isinstance(survey.decoded("DTSTART"), datetime.datetime)
        assert survey.decoded("DTSTAMP").tzinfo is not None
        assert str(survey["UID"]) == f"{plan['survey'].uid}@engagement-activities"
        assert "Hyde" in str(survey["LOCATION"])

    def test_an_event_links_to_its_live_consultation(self, client, plan, make_consultation):
        page = make_consultation(live=True, title="Carers' strategy")
        plan["drop_in"].consultation = page
        plan["drop_in"].save()
        calendar = read_calendar(client.get(ICAL_URL))
        event = next(e for e in calendar.walk("VEVENT") if "drop-in" in str(e["SUMMARY"]))
        assert str(event["URL"]) == page.get_full_url()
        other = next(e for e in calendar.walk("VEVENT") if "transport" in str(e["SUMMARY"]))
        assert str(other["URL"]).endswith(LIST_URL)

    def test_uids_are_stable_between_requests(self, client, plan):
        first = [str(e["UID"]) for e in read_calendar(client.get(ICAL_URL)).walk("VEVENT")]
        second = [str(e["UID"]) for e in read_calendar(client.get(ICAL_URL)).walk("VEVENT")]
        assert first == second and len(set(first)) == 2

    def test_a_feed_per_filter(self, client, plan):
        calendar = read_calendar(client.get(f"{ICAL_URL}?area=glossop&stage=open"))
        assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Glossop carers' drop-in"]
        assert "Glossop" in str(calendar["X-WR-CALNAME"])

    def test_an_empty_feed_is_still_a_calendar(self, client, db, home_page):
        calendar = read_calendar(client.get(f"{ICAL_URL}?stage=feedback_given"))
        assert calendar.walk("VEVENT") == []

    def test_staff_feed_holds_every_stage(self, client, plan, staff):
        client.force_login(staff)
        calendar = read_calendar(client.get(ADMIN_ICAL_URL))
        summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
        assert "Idea: a veterans' panel" in summaries
        idea = next(e for e in calendar.walk("VEVENT") if "veterans" in str(e["SUMMARY"]))
        assert str(idea["STATUS"]) == "TENTATIVE"


@pytest.mark.django_db
class TestStaffPlan:
    def test_staff_see_planned_and_pre_planning_activities(self, client, plan, staff):
        client.force_login(staff)
        response = client.get(ADMIN_LIST_URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Idea: a veterans&#x27; panel" in html
        assert "Staff only" in html
        assert "Glossop carers&#x27; drop-in" in html

    def test_staff_filter_by_stage(self, client, plan, staff):
        client.force_login(staff)
        html = client.get(f"{ADMIN_LIST_URL}?stage=idea").content.decode()
        assert "veterans" in html
        assert "Hyde transport survey" not in html

    def test_edit_links_only_for_the_staff_members_partners(self, client, plan, staff):
        client.force_login(staff)
        html = client.get(ADMIN_LIST_URL).content.decode()
        own = reverse(
            "wagtailsnippets_consultation_blocks_engagementactivity:edit",
            args=[plan["drop_in"].pk],
        )
        other = reverse(
            "wagtailsnippets_consultation_blocks_engagementactivity:edit",
            args=[plan["idea"].pk],
        )
        assert own in html
        assert other not in html

    def test_the_staff_calendar(self, client, plan, staff):
        client.force_login(staff)
        month = first_of_next_month()
        response = client.get(f"{ADMIN_CALENDAR_URL}?month={month_key(month)}")
        assert response.status_code == 200
        assert "veterans" in response.content.decode()

    def test_residents_accounts_cannot_see_the_staff_plan(self, client, plan, role_users):
        client.force_login(role_users["resident"])
        for url in (ADMIN_LIST_URL, ADMIN_CALENDAR_URL, ADMIN_ICAL_URL, ADMIN_CSV_URL):
            response = client.get(url)
            assert response.status_code == 302
            assert "veterans" not in response.content.decode()

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, plan):
        response = client.get(ADMIN_CSV_URL)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.django_db
class TestCsvExport:
    def rows(self, response):
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))

    def test_the_export_lists_every_stage_with_filters(self, client, plan, staff):
        client.force_login(staff)
        response = client.get(ADMIN_CSV_URL)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = self.rows(response)
        assert rows[0][:3] == ["Title", "Method", "Stage"]
        titles = [row[0] for row in rows[1:]]
        assert titles == [
            "Glossop carers' drop-in",
            "Hyde transport survey",
            "Idea: a veterans' panel",
        ]
        filtered = self.rows(client.get(f"{ADMIN_CSV_URL}?area=glossop"))
        assert [row[0] for row in filtered[1:]] == ["Glossop carers' drop-in"]

    def test_formula_looking_cells_are_neutralised(self, client, partner_a, staff):
        ActivityFactory(
            lead_partner=partner_a,
            title='=HYPERLINK("http://evil.example","click")',
            contact_role="+44 team",
        )
        client.force_login(staff)
        row = self.rows(client.get(ADMIN_CSV_URL))[1]
        assert row[0].startswith("'=HYPERLINK")
        assert "'+44 team" in row


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
class TestConstantQueries:
    """The number of queries does not grow with the number of activities."""

    def grow(self, partner, places, count):
        start = first_of_next_month() + datetime.timedelta(days=3)
        for n in range(count):
            ActivityFactory(
                lead_partner=partner,
                starts_on=start + datetime.timedelta(days=n % 20),
                ends_on=start + datetime.timedelta(days=n % 20 + 3),
                areas=[places["glossop"], places["hyde"]],
                tags=[f"topic {n}", "shared"],
                partners=[partner],
            )

    @pytest.mark.parametrize(
        "url",
        [
            LIST_URL,
            f"{LIST_URL}?area=glossop&topic=shared",
            f"{CALENDAR_URL}?month={month_key(first_of_next_month())}",
            ICAL_URL,
        ],
    )
    def test_public_views(self, client, home_page, partner_a, places, url):
        self.grow(partner_a, places, 2)
        client.get(url)  # warm the site's per-process caches
        small = count_queries(client, url)
        self.grow(partner_a, places, 10)
        assert count_queries(client, url) == small

    @pytest.mark.parametrize(
        "url",
        [
            ADMIN_LIST_URL,
            f"{ADMIN_CALENDAR_URL}?month={month_key(first_of_next_month())}",
            ADMIN_CSV_URL,
        ],
    )
    def test_staff_views(self, client, home_page, partner_a, places, staff, url):
        client.force_login(staff)
        self.grow(partner_a, places, 2)
        client.get(url)
        with CaptureQueriesContext(connection) as small_queries:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        self.grow(partner_a, places, 10)
        with CaptureQueriesContext(connection) as large_queries:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        assert len(large_queries) == len(small_queries)


@pytest.mark.django_db
def test_the_consultations_page_points_to_the_forward_plan(client, consultation_index):
    consultation_index.save_revision().publish()
    html = client.get(consultation_index.url).content.decode()
    assert f'href="{LIST_URL}"' in html
