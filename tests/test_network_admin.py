"""The network's action log for staff: editing actions with their history, the
partner rule on every screen, the CSV export and the yearly review reminder."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consultation_blocks.models import Action, ActionUpdate, NetworkReviewReminder
from consultation_blocks.services.network import send_review_reminders
from tests.network_support import (
    action_form,
    close,
    make_action,
    make_body,
    make_meeting,
    make_network_index,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
ACTIONS = "/admin/snippets/consultation_blocks/action/"


@pytest.fixture
def network_index(home_page):
    return make_network_index(home_page)


@pytest.fixture
def forum(network_index, partner_a):
    return make_body(network_index, "PEN Forum", partners=[partner_a])


@pytest.fixture
def panel(network_index, partner_b):
    return make_body(network_index, "PEN Panel", partners=[partner_b])


@pytest.fixture
def meetings(forum):
    return (
        make_meeting(forum, TODAY - 100 * DAY, title="April forum"),
        make_meeting(forum, TODAY - 10 * DAY, title="July forum"),
    )


PUBLISH = {"action-publish": "action-publish"}


def test_a_moderator_records_an_action_and_closes_it_at_a_later_meeting(
    client_for, role_users, forum, meetings
):
    april, july = meetings
    client = client_for(role_users["moderator_a"])

    response = client.post(f"{ACTIONS}add/", {**action_form(forum, april), **PUBLISH})
    assert response.status_code == 302
    action = Action.objects.get()
    assert list(action.updates.values_list("state", "meeting", "note")) == [
        ("open", april.pk, "Raised.")
    ]

    response = client.post(
        f"{ACTIONS}edit/{action.pk}/",
        {
            **action_form(
                forum,
                april,
                state="done",
                update_meeting=july.pk,
                update_note="Twelve groups mapped; shared with partners.",
            ),
            **PUBLISH,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.state, action.closed_at, action.closed_on) == ("done", july, july.meeting_date)
    assert list(action.updates.values_list("state", "meeting", "note")) == [
        ("open", april.pk, "Raised."),
        ("done", july.pk, "Twelve groups mapped; shared with partners."),
    ]

    edit_page = client.get(f"{ACTIONS}edit/{action.pk}/").content.decode()
    assert "Twelve groups mapped; shared with partners." in edit_page  # the history panel

    # Publishing again without a change of status or a note adds nothing to the history.
    client.post(
        f"{ACTIONS}edit/{action.pk}/",
        {
            **action_form(forum, april, state="done", closed_at=july.pk, owner_role="Chair"),
            **PUBLISH,
        },
    )
    assert action.updates.count() == 2
    # Reopening clears the closing meeting and is kept in the history too.
    client.post(
        f"{ACTIONS}edit/{action.pk}/",
        {**action_form(forum, april, state="open", update_note="More groups found."), **PUBLISH},
    )
    action.refresh_from_db()
    assert (action.state, action.closed_at, action.closed_on) == ("open", None, None)
    assert action.updates.count() == 3


def test_another_partners_editor_can_neither_see_nor_change_an_action(
    client_for, role_users, forum, meetings, panel
):
    april, _july = meetings
    action = make_action(forum, april, "Forum action")
    own_meeting = make_meeting(panel, TODAY - 5 * DAY, title="Panel meeting")
    own = make_action(panel, own_meeting, "Panel action")
    client = client_for(role_users["moderator_b"])

    listing = client.get(ACTIONS).content.decode()
    assert "Panel action" in listing and "Forum action" not in listing
    for url in (f"{ACTIONS}edit/{action.pk}/", f"{ACTIONS}delete/{action.pk}/"):
        assert client.get(url).status_code in (302, 403)
    response = client.post(
        f"{ACTIONS}edit/{action.pk}/", action_form(forum, april, description="Taken over")
    )
    assert response.status_code in (302, 403)
    client.post(f"{ACTIONS}delete/{action.pk}/")
    action.refresh_from_db()
    assert action.description == "Forum action"

    # Nor can they record a new action for a body they do not belong to.
    response = client.post(f"{ACTIONS}add/", action_form(forum, april))
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert Action.objects.count() == 2
    assert client.get(f"{ACTIONS}edit/{own.pk}/").status_code == 200

    # An administrator acts for every partner.
    admin = client_for(role_users["administrator"])
    assert admin.get(f"{ACTIONS}edit/{action.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"raised_at": ""}, "raised_at", "Choose the meeting that agreed the action."),
        ({"raised_at": "999999"}, "raised_at", "Choose a meeting from the list."),
        ({"raised_at": "not-a-number"}, "raised_at", "Choose a meeting from the list."),
        ({"state": "finished"}, "state", "valid choice"),
        ({"description": ""}, "description", "required"),
        ({"description": "x" * 1001}, "description", "at most 1000"),
        ({"due_on": "31/02/2026"}, "due_on", "valid date"),
        ({"due_on": "2001-01-01"}, "due_on", "cannot be due before the meeting"),
    ],
)
def test_bad_action_input_is_refused_with_a_message(
    client_for, role_users, forum, meetings, overrides, field, message
):
    april, _july = meetings
    client = client_for(role_users["moderator_a"])
    response = client.post(f"{ACTIONS}add/", {**action_form(forum, april, **overrides), **PUBLISH})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not Action.objects.exists()


def test_meetings_must_belong_to_the_body_and_follow_the_one_that_raised_it(
    client_for, role_users, forum, meetings, panel
):
    april, july = meetings
    elsewhere = make_meeting(panel, TODAY - 50 * DAY, title="Panel meeting")
    client = client_for(role_users["administrator"])

    errors = client.post(f"{ACTIONS}add/", action_form(forum, elsewhere)).context["form"].errors
    assert "Choose a meeting of PEN Forum." in errors["raised_at"]

    errors = (
        client.post(f"{ACTIONS}add/", action_form(forum, july, state="done", closed_at=april.pk))
        .context["form"]
        .errors
    )
    assert "on or after the one that raised" in " ".join(errors["closed_at"])

    errors = (
        client.post(f"{ACTIONS}add/", action_form(forum, april, closed_at=july.pk))
        .context["form"]
        .errors
    )
    assert "An open action has not been closed" in " ".join(errors["closed_at"])
    assert not Action.objects.exists()


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_action_log_csv_has_history_and_neutralises_formulas(
    client_for, role_users, forum, meetings
):
    april, july = meetings
    make_action(forum, april, '=HYPERLINK("http://evil.example")', owner_role="+Chair")
    done = make_action(forum, april, "Circulate the draft strategy", due_on=TODAY - 50 * DAY)
    close(done, july, note="Sent to every partner.")
    make_action(forum, july, "Book the autumn venue", due_on=TODAY - DAY)

    client = client_for(role_users["moderator_a"])
    response = client.get(f"/admin/network/{forum.pk}/action-log.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv(response)
    assert header[:3] == ["Reference", "Action", "Owner"]
    by_action = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert '\'=HYPERLINK("http://evil.example")' in by_action
    assert by_action['\'=HYPERLINK("http://evil.example")']["Owner"] == "'+Chair"
    closed = by_action["Circulate the draft strategy"]
    assert (closed["Status"], closed["Closed at"], closed["Overdue"]) == (
        "Done",
        "July forum",
        "No",
    )
    assert "Open at April forum: Raised." in closed["History"]
    assert "Done at July forum: Sent to every partner." in closed["History"]
    assert by_action["Book the autumn venue"]["Overdue"] == "Yes"


def test_action_log_csv_is_refused_outside_the_bodys_partners(
    client_for, role_users, forum, meetings
):
    url = f"/admin/network/{forum.pk}/action-log.csv"
    refused = client_for(role_users["moderator_b"]).get(url)
    # The admin turns a refusal into a redirect to the dashboard with a message.
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert client_for(role_users["administrator"]).get(url).status_code == 200
    assert client_for(None).get(url).status_code == 302  # to the sign-in page
    missing = client_for(role_users["administrator"]).get("/admin/network/999999/action-log.csv")
    assert missing.status_code == 404


def test_the_body_editor_offers_the_action_log(client_for, role_users, forum):
    html = client_for(role_users["moderator_a"]).get(f"/admin/pages/{forum.pk}/edit/")
    assert f"/admin/network/{forum.pk}/action-log.csv" in html.content.decode()


def test_review_reminder_is_sent_once_per_review_date(
    role_users, forum, django_capture_on_commit_callbacks
):
    forum.review_due_on = TODAY + 10 * DAY
    forum.contact_email = "pen@partnership.example"
    forum.save_revision().publish()

    with django_capture_on_commit_callbacks(execute=True):
        assert send_review_reminders(today=TODAY, notice_days=28, base_url="https://hub") == 1
    (message,) = mail.outbox
    assert message.subject == "Review due soon: PEN Forum"
    assert set(message.to) == {"pen@partnership.example", role_users["moderator_a"].email}
    assert f"https://hub/admin/pages/{forum.pk}/edit/" in message.body

    with django_capture_on_commit_callbacks(execute=True):
        assert send_review_reminders(today=TODAY + 5 * DAY, notice_days=28) == 0
        assert send_review_reminders(today=TODAY + 20 * DAY, notice_days=28) == 0  # overdue now
    assert len(mail.outbox) == 1
    assert NetworkReviewReminder.objects.count() == 1

    # After the review the date moves on a year; that review gets its own reminder.
    forum.review_due_on = TODAY + 365 * DAY
    forum.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_review_reminders(today=TODAY + 345 * DAY, notice_days=28) == 1
    assert len(mail.outbox) == 2


def test_overdue_review_is_reminded_and_far_off_or_unstaffed_ones_are_not(
    network_index, partner_b, django_capture_on_commit_callbacks, role_users
):
    overdue = make_body(network_index, "PEN Panel", partners=[partner_b])
    overdue.review_due_on = TODAY - 3 * DAY
    overdue.save_revision().publish()
    far = make_body(network_index, "PEN Conference", partners=[partner_b])
    far.review_due_on = TODAY + 100 * DAY
    far.save_revision().publish()
    nobody = make_body(network_index, "Unstaffed group")
    nobody.review_due_on = TODAY
    nobody.save_revision().publish()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_network_review_reminders", "--days", "14", stdout=io.StringIO())
    assert [message.subject for message in mail.outbox] == ["Review overdue: PEN Panel"]
    # Nobody to tell: nothing recorded, so it is sent once someone joins a partner's team.
    assert list(NetworkReviewReminder.objects.values_list("body", flat=True)) == [overdue.pk]


def test_reminder_command_refuses_a_bad_notice_period():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="between 0 and 366"):
        call_command("send_network_review_reminders", "--days", "-1")


def test_history_is_kept_when_an_action_is_dropped(forum, meetings):
    april, july = meetings
    action = make_action(forum, april, "Hold a summer event")
    close(action, july, state="dropped", note="Folded into the conference.")
    assert ActionUpdate.objects.filter(action=action).count() == 2
    assert action.closed_on == july.meeting_date


def _meeting_form(**overrides):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    data = {
        "title": "October forum",
        "slug": "october-forum",
        "starts_at": "2030-10-01 14:00",
        "ends_at": "2030-10-01 16:00",
        "place": "Hyde Town Hall",
        "access_information": "Step-free access.",
        "agenda": streamfield(
            [
                (
                    "item",
                    {"title": "Forward plan", "detail": "", "lead_role": "Chair", "minutes": "20"},
                )
            ]
        ),
        "papers": inline_formset([]),
        "notes": rich_text(""),
        "decisions": streamfield([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_an_editor_adds_a_meeting_and_bad_times_are_refused(client_for, role_users, forum):
    from consultation_blocks.models import MeetingPage

    client = client_for(role_users["administrator"])
    add_url = f"/admin/pages/add/consultation_blocks/meetingpage/{forum.pk}/"
    assert client.get(add_url).status_code == 200
    assert client.get(f"/admin/pages/{forum.pk}/edit/").status_code == 200

    response = client.post(add_url, _meeting_form(ends_at="2030-10-01 13:00"))
    assert response.status_code == 200
    assert "The meeting must end after it starts." in response.content.decode()
    response = client.post(add_url, _meeting_form(starts_at="the first of October"))
    assert response.status_code == 200
    assert not MeetingPage.objects.exists()

    response = client.post(add_url, _meeting_form())
    assert response.status_code == 302
    meeting = MeetingPage.objects.get()
    assert meeting.agenda[0].value["title"] == "Forward plan"
    assert client.get(f"/admin/pages/{meeting.pk}/edit/").status_code == 200


def test_new_bodies_and_meetings_can_be_previewed(client_for, role_users, network_index, forum):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    client = client_for(role_users["administrator"])
    url = f"/admin/pages/add/consultation_blocks/meetingpage/{forum.pk}/preview/"
    response = client.post(url, _meeting_form())
    assert response.status_code == 200 and response.json()["is_valid"]
    preview = client.get(url)
    assert preview.status_code == 200
    assert "Forward plan" in preview.content.decode()

    body_form = nested_form_data(
        {
            "title": "PEN Panel",
            "slug": "pen-panel",
            "summary": "",
            "purpose": rich_text("<p>Neighbourhood engagement.</p>"),
            "audience": "",
            "cadence": "ad_hoc",
            "cadence_detail": "",
            "review_due_on": "",
            "terms_of_reference": rich_text(""),
            "contact_email": "",
            "invitees": inline_formset(
                [{"organisation": "Action Together", "sector": "vcs", "area": "", "role": "Chair"}]
            ),
            "tags": "",
        }
    )
    url = f"/admin/pages/add/consultation_blocks/networkbodypage/{network_index.pk}/preview/"
    response = client.post(url, body_form)
    assert response.status_code == 200 and response.json()["is_valid"], response.json()
    preview = client.get(url)
    assert preview.status_code == 200
    assert "Chair, Action Together" in preview.content.decode()


def test_an_action_recorded_after_it_was_done_starts_its_history_closed(
    client_for, role_users, forum, meetings
):
    april, july = meetings
    client = client_for(role_users["moderator_a"])
    response = client.post(
        f"{ACTIONS}add/", {**action_form(forum, april, state="done", closed_at=july.pk), **PUBLISH}
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.closed_at, action.closed_on) == (july, july.meeting_date)
    assert list(action.updates.values_list("state", "meeting", "note")) == [
        ("done", july.pk, "Recorded as Done.")
    ]
