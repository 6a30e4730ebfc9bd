"""The engagement network's public pages: the index of bodies with their next
meetings, a body's page, and a meeting's page with the actions carried forward to it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from consultation_blocks.models import Action, ActionUpdate, MeetingPage, MeetingPaper
from tests.network_support import (
    close,
    make_action,
    make_body,
    make_meeting,
    make_network_index,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _queries(client, url):
    client.get(url)  # publishing a page empties the site's navigation cache: refill it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def network_index(home_page):
    return make_network_index(home_page)


@pytest.fixture
def forum(network_index, partner_a):
    from consultation_blocks.models import Area

    tameside = Area.objects.create(name="Tameside", slug="tameside", kind="local_authority")
    return make_body(
        network_index,
        "PEN Forum",
        partners=[partner_a],
        invitees=[
            ("Tameside Council", "council", tameside, "Engagement lead"),
            ("Action Together", "vcs", tameside, "Chief officer"),
            ("Healthwatch Tameside", "patient_group", None, "Chair"),
            ("Greater Manchester Police", "police", tameside, "Neighbourhood inspector"),
        ],
        review_due_on=TODAY + 200 * DAY,
    )


def test_index_lists_bodies_with_their_next_meeting(client, network_index, forum, partner_a):
    conference = make_body(network_index, "PEN Conference", partners=[partner_a])
    make_meeting(forum, TODAY - 60 * DAY, title="Forum, past")
    make_meeting(forum, TODAY + 30 * DAY, title="Forum, next")
    make_meeting(forum, TODAY + 150 * DAY, title="Forum, later")
    make_meeting(forum, TODAY + 10 * DAY, title="Forum, draft", live=False)
    make_body(network_index, "Draft panel", live=False)

    html = client.get(network_index.url).content.decode()

    assert "PEN Forum" in html and conference.title in html
    assert "Draft panel" not in html
    forum_card = html.split("PEN Forum</a>")[1].split("</li>")[0]
    assert "Forum, next" not in forum_card  # the meeting is named by its date
    assert f'href="{MeetingPage.objects.get(title="Forum, next").url}"' in forum_card
    assert "Three times a year, with ad hoc meetings as required" in forum_card
    assert "No meeting arranged yet" in html.split("PEN Conference</a>")[1]


def test_index_asks_a_fixed_number_of_queries(client, network_index, partner_a):
    def add(count, start):
        for number in range(start, start + count):
            body = make_body(network_index, f"Body {number}", partners=[partner_a])
            for offset in (-30, 30, 60):
                make_meeting(body, TODAY + (offset + number) * DAY)

    add(1, 0)
    small = _queries(client, network_index.url)
    add(2, 1)
    assert _queries(client, network_index.url) == small


def test_body_page_shows_purpose_cadence_invite_list_by_sector_and_meetings(client, forum):
    past = make_meeting(forum, TODAY - 100 * DAY, title="Spring forum")
    make_meeting(forum, TODAY + 20 * DAY, title="Autumn forum")
    make_action(forum, past, "Share the <b>forward plan</b>", due_on=TODAY - 5 * DAY)

    html = client.get(forum.url).content.decode()

    assert "Bring together common issues." in html
    assert "Three times a year" in html
    upcoming, past_html = html.split("Past meetings")
    assert "Autumn forum" in upcoming.split("Coming up")[1]
    assert "Spring forum" in past_html.split("Open actions")[0]
    # One organisation in each of four sectors, counted in the table, every role listed.
    assert ">Police</th>" in html and ">Voluntary and community</th>" in html
    assert "Neighbourhood inspector, Greater Manchester Police" in html
    assert "Not yet on the list:" in html and "Business" in html
    # Residents' text is escaped; the open action is flagged as overdue.
    assert "Share the &lt;b&gt;forward plan&lt;/b&gt;" in html
    assert "Overdue" in html


def test_body_page_asks_a_fixed_number_of_queries(client, forum):
    def add(count, start):
        for number in range(start, start + count):
            meeting = make_meeting(forum, TODAY + (number * 20 - 50) * DAY)
            make_action(forum, meeting, f"Action {number}", due_on=TODAY)
            forum.invitees.create(organisation=f"Org {number}", sector="business", role="Owner")

    add(1, 0)
    small = _queries(client, forum.url)
    add(3, 1)
    assert _queries(client, forum.url) == small


@pytest.fixture
def year_of_meetings(forum):
    april = make_meeting(forum, TODAY - 200 * DAY, title="April forum")
    july = make_meeting(forum, TODAY - 100 * DAY, title="July forum")
    november = make_meeting(forum, TODAY + 20 * DAY, title="November forum")
    return april, july, november


def _section(html, heading_id):
    return html.split(f'id="{heading_id}"')[1].split("<h2")[0]


def test_open_actions_carry_forward_until_closed_and_keep_their_history(
    client, forum, year_of_meetings
):
    april, july, november = year_of_meetings
    still_open = make_action(forum, april, "Map seldom-heard groups", due_on=TODAY - 10 * DAY)
    closed_in_july = make_action(forum, april, "Circulate the strategy draft")
    close(closed_in_july, july, note="Circulated to all partners.")
    dropped = make_action(forum, april, "Book the summer venue")
    close(dropped, july, state="dropped", note="No longer needed.")
    raised_in_july = make_action(forum, july, "Review attendance by sector", due_on=TODAY + DAY)

    july_html = client.get(july.url).content.decode()
    carried = _section(july_html, "carried-forward-heading")
    assert "Map seldom-heard groups" in carried
    # Closed at this meeting: it was still open when the meeting met, and shows how it ended.
    assert "Circulate the strategy draft" in carried
    assert "Circulated to all partners." in carried
    assert "Book the summer venue" in carried and "Dropped" in carried
    assert "Review attendance by sector" not in carried
    assert "Review attendance by sector" in _section(july_html, "actions-raised-heading")

    november_html = client.get(november.url).content.decode()
    carried = _section(november_html, "carried-forward-heading")
    assert "Map seldom-heard groups" in carried and "Overdue" in carried
    assert "Review attendance by sector" in carried
    assert "Circulate the strategy draft" not in carried
    assert "Book the summer venue" not in carried
    # Nothing was copied: each action is one row, with its whole history.
    assert Action.objects.count() == 4
    assert list(
        ActionUpdate.objects.filter(action=closed_in_july).values_list("state", "meeting")
    ) == [("open", april.pk), ("done", july.pk)]
    closed_in_july.refresh_from_db()
    assert (closed_in_july.closed_at, closed_in_july.closed_on) == (july, july.meeting_date)
    assert not still_open.closed_on

    april_html = client.get(april.url).content.decode()
    assert "No actions were open from earlier meetings." in april_html
    assert raised_in_july.description not in april_html


def test_meeting_page_shows_agenda_papers_notes_and_decisions(client, forum, year_of_meetings):
    _april, july, _november = year_of_meetings
    july.agenda = [
        (
            "item",
            {"title": "Forward plan review", "detail": "", "lead_role": "Chair", "minutes": 20},
        )
    ]
    july.notes = "<p>Twelve organisations took part.</p>"
    july.decisions = [("decision", "Agreed to hold the next forum in Glossop.")]
    document = Document.objects.create(title="Forward plan 2026", file="forward-plan.pdf")
    secret_collection = Collection.get_first_root_node().add_child(name="Board only")
    CollectionViewRestriction.objects.create(collection=secret_collection, restriction_type="login")
    secret = Document.objects.create(
        title="Draft budget", file="budget.pdf", collection=secret_collection
    )
    july.papers.add(MeetingPaper(document=document))
    july.papers.add(MeetingPaper(document=secret, title="Confidential budget paper"))
    july.save_revision().publish()

    html = client.get(july.url).content.decode()

    assert "Forward plan review" in html and "Led by Chair" in html and "20 minutes" in html
    assert "Twelve organisations took part." in html
    assert "Agreed to hold the next forum in Glossop." in html
    assert "Forward plan 2026" in html
    assert "Confidential budget paper" not in html and "Draft budget" not in html
    assert "Step-free entrance on Market Street." in html
    assert "6pm on" in html


def test_meeting_page_asks_a_fixed_number_of_queries(client, forum, year_of_meetings):
    april, july, _november = year_of_meetings

    def add(count, start):
        for number in range(start, start + count):
            carried = make_action(forum, april, f"Carried {number}")
            close(carried, july) if number % 2 else None
            make_action(forum, july, f"Raised {number}")

    add(1, 0)
    small = _queries(client, july.url)
    add(5, 1)
    assert _queries(client, july.url) == small


def test_a_meeting_must_end_after_it_starts(forum):
    from django.core.exceptions import ValidationError

    meeting = MeetingPage(
        title="Backwards",
        slug="backwards",
        starts_at=timezone.now(),
        ends_at=timezone.now() - DAY,
        place="Hall",
    )
    with pytest.raises(ValidationError) as error:
        forum.add_child(instance=meeting)
    assert "The meeting must end after it starts." in str(error.value)


def test_pages_api_lists_bodies_and_meetings_with_their_fields(client, forum, year_of_meetings):
    response = client.get(
        "/api/v2/pages/",
        {"type": "consultation_blocks.NetworkBodyPage", "fields": "cadence,invite_list"},
    )
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["cadence"] == "three_times"
    assert {
        "organisation": "Action Together",
        "sector": "vcs",
        "area": "Tameside",
        "role": "Chief officer",
    } in item["invite_list"]

    response = client.get(
        "/api/v2/pages/",
        {
            "type": "consultation_blocks.MeetingPage",
            "fields": "starts_at,place,paper_list,agenda",
            "order": "starts_at",
        },
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["April forum", "July forum", "November forum"]
    assert items[0]["place"] == "Town hall, Market Street"


def test_actions_raised_at_an_unpublished_meeting_are_not_carried_forward(
    client, forum, year_of_meetings
):
    april, july, november = year_of_meetings
    draft = make_meeting(forum, TODAY - 50 * DAY, title="Extra forum", live=False)
    make_action(forum, draft, "Draft meeting action")
    make_action(forum, july, "Published meeting action")

    carried = _section(client.get(november.url).content.decode(), "carried-forward-heading")
    assert "Published meeting action" in carried
    assert "Draft meeting action" not in carried
