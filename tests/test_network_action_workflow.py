"""Network actions under the partnership's approval workflow, as the other records
are: drafts, submission, approval by the body's partners' moderators, and residents
seeing only approved actions on the meetings' pages, the carried-forward log and the
CSV export, with the history following what is published.

Everything runs through the real admin and public views, and is checked in the
database as well as on the page."""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone
from wagtail.models import WorkflowState

from consultation_blocks.models import Action, ActionUpdate
from consultation_blocks.models.teams import lead_partner_ids, may_keep_record
from tests.factories import UserFactory
from tests.network_support import (
    action_form,
    close,
    make_action,
    make_body,
    make_meeting,
    make_network_index,
)
from tests.record_workflow_support import (
    PUBLISH,
    SUBMIT,
    approve_all,
    approved,
    current_task_state,
    fresh,
    refused,
    snippet_url,
    workflow_action,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def editor_a(partner_a):
    return UserFactory(username="editor_a", groups=["Comms editors"], partners=[partner_a])


@pytest.fixture
def forum(home_page, partner_a):
    return make_body(make_network_index(home_page), "PEN Forum", partners=[partner_a])


@pytest.fixture
def panel(forum, partner_b):
    return make_body(forum.get_parent().specific, "PEN Panel", partners=[partner_b])


@pytest.fixture
def meetings(forum):
    return (
        make_meeting(forum, TODAY - 100 * DAY, title="April forum"),
        make_meeting(forum, TODAY - 10 * DAY, title="July forum"),
    )


def _csv_descriptions(client, body):
    response = client.get(f"/admin/network/{body.pk}/action-log.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row[1] for row in list(csv.reader(io.StringIO(text)))[1:]]


def test_an_editors_action_reaches_residents_only_once_the_partners_moderator_approves(
    client_for, role_users, editor_a, forum, meetings
):
    april, july = meetings
    client = client_for(editor_a)
    response = client.post(
        snippet_url(Action, "add"),
        {**action_form(forum, april, description="Book a hearing loop"), **SUBMIT},
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    action = Action.objects.get()
    assert not action.live
    assert action.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not action.updates.exists()  # nothing in the history until approved

    public = client_for(None)
    assert "Book a hearing loop" not in public.get(april.url).text
    assert "Book a hearing loop" not in public.get(july.url).text  # not carried forward
    assert "Book a hearing loop" not in public.get(forum.url).text
    admin = client_for(role_users["administrator"])
    assert "Book a hearing loop" not in _csv_descriptions(admin, forum)

    # Another partner's moderator may neither approve it nor open it.
    client = client_for(role_users["moderator_b"])
    assert refused(workflow_action(client, action, "approve"))
    assert refused(client.get(snippet_url(Action, "edit", action.pk)))
    assert not fresh(action).live

    client = client_for(role_users["moderator_a"])
    assert approved(approve_all(client, action))
    action = fresh(action)
    assert action.live and current_task_state(action) is None
    assert list(action.updates.values_list("state", "meeting", "note")) == [
        ("open", april.pk, "Raised.")
    ]
    assert "Book a hearing loop" in public.get(april.url).text
    assert "Book a hearing loop" in public.get(july.url).text  # carried forward, still open
    assert "Book a hearing loop" in public.get(forum.url).text
    assert "Book a hearing loop" in _csv_descriptions(admin, forum)


def test_only_moderators_who_may_review_an_action_are_asked_to(
    client_for, role_users, editor_a, forum, meetings, django_capture_on_commit_callbacks
):
    from django.core import mail

    april, _july = meetings
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor_a).post(
            snippet_url(Action, "add"), {**action_form(forum, april), **SUBMIT}
        )
    assert response.status_code == 302
    recipients = {address for message in mail.outbox for address in message.to}
    assert role_users["moderator_a"].email in recipients
    assert role_users["administrator"].email in recipients
    assert role_users["moderator_b"].email not in recipients


def test_a_change_of_status_waits_for_approval_with_its_note(
    client_for, editor_a, role_users, forum, meetings
):
    april, july = meetings
    action = make_action(forum, april, "Circulate the draft strategy")
    client = client_for(editor_a)
    data = action_form(
        forum,
        april,
        description="Circulate the draft strategy",
        state="done",
        update_meeting=july.pk,
        update_note="Sent to every partner.",
    )
    response = client.post(snippet_url(Action, "edit", action.pk), {**data, **SUBMIT})
    assert response.status_code == 302
    action = fresh(action)
    # Residents and the history still show the approved version.
    assert action.live and action.is_open and action.has_unpublished_changes
    assert action.updates.count() == 1
    meeting_html = client_for(None).get(july.url).text
    assert "Circulate the draft strategy" in meeting_html
    assert "Sent to every partner." not in meeting_html

    # The editor's form starts the next change with an empty note.
    form = client_for(editor_a).get(snippet_url(Action, "edit", action.pk)).context["form"]
    assert form.initial["update_note"] == ""

    approve_all(client_for(role_users["moderator_a"]), action)
    action = fresh(action)
    assert (action.state, action.closed_at, action.closed_on) == ("done", july, july.meeting_date)
    assert list(action.updates.values_list("state", "meeting", "note")) == [
        ("open", april.pk, "Raised."),
        ("done", july.pk, "Sent to every partner."),
    ]
    assert action.updates.last().created_by == editor_a  # who wrote the note
    assert "Sent to every partner." in client_for(None).get(july.url).text


def test_unpublishing_takes_an_action_off_the_pages_and_keeps_its_history(
    client_for, role_users, forum, meetings
):
    april, july = meetings
    action = make_action(forum, april, "Hold a summer event")
    close(action, july, state="dropped", note="Folded into the conference.")
    client = client_for(role_users["moderator_a"])
    assert client.post(snippet_url(Action, "unpublish", action.pk)).status_code == 302
    assert not fresh(action).live
    assert "Hold a summer event" not in client_for(None).get(july.url).text
    assert ActionUpdate.objects.filter(action=action).count() == 2
    # Publishing the same version again adds nothing to the history.
    fresh(action).latest_revision.publish()
    assert ActionUpdate.objects.filter(action=action).count() == 2


# The partner rule: the body's partners, as stored and as given ----------------------------


def test_an_action_belongs_to_its_bodys_partners_read_from_the_database(
    role_users, forum, panel, meetings, partner_a, partner_b
):
    april, _july = meetings
    action = make_action(forum, april, "Forum action")
    assert lead_partner_ids(fresh(action)) == {partner_a.pk}
    # A draft naming another partner's body needs both bodies' partners.
    draft = fresh(action)
    draft.body = panel
    assert lead_partner_ids(draft) == {partner_a.pk, partner_b.pk}
    for role in ("moderator_a", "moderator_b"):
        assert not may_keep_record(role_users[role], draft)
    assert may_keep_record(role_users["administrator"], draft)


def test_a_draft_moving_an_action_to_my_body_does_not_let_me_publish_it(
    client_for, role_users, forum, panel, meetings
):
    april, _july = meetings
    panel_meeting = make_meeting(panel, TODAY - 50 * DAY, title="Panel meeting")
    action = make_action(forum, april, "Forum action")
    # Someone acting for every partner saves a draft that moves it to B's body.
    draft = fresh(action)
    draft.body = panel
    draft.raised_at = panel_meeting
    draft.save_revision(user=role_users["administrator"])

    client = client_for(role_users["moderator_b"])
    assert refused(client.get(snippet_url(Action, "edit", action.pk)))
    data = action_form(panel, panel_meeting, description="Taken over")
    assert refused(client.post(snippet_url(Action, "edit", action.pk), {**data, **PUBLISH}))
    assert refused(client.post(snippet_url(Action, "unpublish", action.pk)))
    action = fresh(action)
    assert action.live and action.body_id == forum.pk and action.description == "Forum action"

    # Submitted, it waits for someone acting for both partners.
    action.get_workflow().start(action, role_users["administrator"])
    for role in ("moderator_a", "moderator_b"):
        assert refused(workflow_action(client_for(role_users[role]), action, "approve"))
    assert approved(approve_all(client_for(role_users["administrator"]), action))
    assert fresh(action).body_id == panel.pk


def test_a_body_shared_by_two_partners_needs_someone_acting_for_both(
    client_for, role_users, home_page, partner_a, partner_b
):
    body = make_body(make_network_index(home_page), "Joint board", partners=[partner_a, partner_b])
    meeting = make_meeting(body, TODAY - 5 * DAY, title="Joint meeting")
    both = UserFactory(username="both", groups=["Moderators"], partners=[partner_a, partner_b])
    for role in ("moderator_a", "moderator_b"):
        response = client_for(role_users[role]).post(
            snippet_url(Action, "add"), {**action_form(body, meeting), **PUBLISH}
        )
        assert "body" in response.context["form"].errors
    response = client_for(both).post(
        snippet_url(Action, "add"), {**action_form(body, meeting), **PUBLISH}
    )
    assert response.status_code == 302
    assert Action.objects.get().live


# The admin screens with real data: every role --------------------------------------------


def _add_rows(body, meeting, count, start):
    """Actions as imported data leaves them: some with no owner, some overdue, some
    with no due date, drafts and live ones, open and closed."""
    for number in range(start, start + count):
        action = Action.objects.create(
            body=body,
            raised_at=meeting,
            description=f"Row {number}",
            owner_role="" if number % 3 == 0 else "Chair, Northshire Council",
            due_on=None if number % 4 == 0 else TODAY - (number - 20) * DAY,
            live=number % 2 == 0,
        )
        if number % 5 == 0:
            action.apply_state(state="done", meeting=meeting)
            action.save()
        action.save_revision(clean=False)


LISTING = {
    "comms_editor": False,  # in no partner's team
    "editor_a": True,
    "moderator_a": True,
    "moderator_b": False,
    "administrator": True,
}


@pytest.mark.parametrize("role", list(LISTING))
def test_action_screens_survive_empty_owners_overdue_dates_and_many_rows(
    role, client_for, role_users, editor_a, forum, meetings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users = {**role_users, "editor_a": editor_a}
    april, _july = meetings
    client = client_for(users[role])
    url = snippet_url(Action, "list")
    _add_rows(forum, april, 3, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    assert ("Row 0" in response.text) is LISTING[role]
    _add_rows(forum, april, 30, 3)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"ordering": "due_on"})
    assert response.status_code == 200
    assert len(many) == len(few)
    for query in ({"state": "open"}, {"live": "false"}, {"ordering": "-due_on"}, {"p": "2"}):
        assert client.get(url, query).status_code == 200

    no_owner = Action.objects.filter(owner_role="").first()
    for name in ("edit", "inspect", "history"):
        response = client.get(snippet_url(Action, name, no_owner.pk))
        if LISTING[role]:
            assert response.status_code == 200, name
        else:
            assert refused(response), name
    if LISTING[role]:
        # Submitting an action with no owner asks for one, with a message, not a 500.
        data = action_form(forum, april, description="Row 0", owner_role="")
        response = client.post(snippet_url(Action, "edit", no_owner.pk), {**data, **SUBMIT})
        assert response.status_code == 200
        assert "owner_role" in response.context["form"].errors
    # The public meeting page shows only the live rows, however many there are.
    html = client_for(None).get(april.url).text
    assert re.search(r"Row 2\b", html) and not re.search(r"Row 1\b", html)
