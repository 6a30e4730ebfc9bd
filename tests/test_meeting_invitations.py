"""Inviting a list from the contacts register to register for a network meeting: the
email through the background task links to the meeting's registration form, with the
one-click unsubscribe; nobody is invited twice; each role may invite only to meetings
their partners (or the whole partnership) run."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation_blocks.models import Invitation
from consultation_blocks.services import contacts as service
from tests import test_contacts as contacts_tests
from tests.conftest import ROLES
from tests.registration_support import body, meeting, network_index

INVITE = contacts_tests.INVITE
make_contact = contacts_tests.make_contact

# The register's fixtures: A's, B's and the partnership's contacts, and A's organisation.
run = contacts_tests.run
borough = contacts_tests.borough
ward = contacts_tests.ward
register = contacts_tests.register


@pytest.fixture(autouse=True)
def parks_topic(make_consultation):
    """A consultation tagged "parks", so "parks" is a topic the filter offers."""
    page = make_consultation(live=False)
    page.tags.add("parks")
    page.save()


@pytest.fixture
def index(home_page):
    return network_index(home_page)


@pytest.fixture
def a_meeting(index, partner_a):
    return meeting(body(index, partners=[partner_a], title="Northshire Forum"), title="Parks forum")


@pytest.fixture
def b_meeting(index, partner_b):
    return meeting(body(index, partners=[partner_b], title="Southvale Forum"), title="Health forum")


@pytest.fixture
def shared_meeting(index):
    return meeting(body(index, title="Partnership Forum"), title="Partnership forum")


def test_inviting_to_a_meeting_emails_its_registration_link_once(
    client_for, role_users, register, a_meeting, run
):
    client = client_for(role_users["moderator_a"])
    data = {"topic": "parks", "area": "", "group": "", "meeting": a_meeting.pk}
    response = run(client.post, INVITE, data)
    assert response.status_code == 302
    invited = Invitation.objects.filter(meeting=a_meeting)
    assert {(i.contact_id, i.organisation_id, i.page_id) for i in invited} == {
        (register["a"].pk, None, None),
        (None, register["organisation"].pk, None),
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [register["a"].email, "group@example.org"]
    )
    message = next(m for m in mail.outbox if m.to == [register["a"].email])
    assert message.subject == "You are invited to a meeting: Parks forum"
    register_link = settings.WAGTAILADMIN_BASE_URL + a_meeting.url + "register/"
    assert register_link in message.body
    assert a_meeting.place in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.search(
        r"<(http[^>]+/contact-me/stop/[^>]+/)>", message.extra_headers["List-Unsubscribe"]
    )
    assert unsubscribe and unsubscribe.group(1) in message.body
    # The registration link in the email opens the form.
    assert client.get(register_link.removeprefix(settings.WAGTAILADMIN_BASE_URL)).status_code == 200

    # Again: nobody is emailed twice, and the page says so.
    mail.outbox.clear()
    response = run(client.post, INVITE, data, follow=True)
    assert not mail.outbox
    assert invited.count() == 2
    assert "2 on this list had been invited before" in response.content.decode()
    # The invitation shows in the list of those invited so far.
    assert "Parks forum (meeting)" in client.get(INVITE).content.decode()


def test_a_meeting_invitation_and_a_consultation_invitation_are_separate(
    client_for, role_users, register, a_meeting, make_consultation, partner_a, run
):
    consultation = make_consultation(lead_partner=partner_a, live=True, title="Parks plan")
    client = client_for(role_users["moderator_a"])
    run(client.post, INVITE, {"topic": "parks", "consultation": consultation.pk})
    run(client.post, INVITE, {"topic": "parks", "meeting": a_meeting.pk})
    assert Invitation.objects.filter(contact=register["a"]).count() == 2
    assert [m.to for m in mail.outbox].count([register["a"].email]) == 2


def test_inviting_the_same_list_at_once_stores_each_invitation_once(
    role_users, register, a_meeting, run
):
    user = role_users["moderator_a"]
    filters = {"topic": "parks", "area": "", "group": ""}
    first = run(service.invite_to_meeting, user=user, meeting=a_meeting, filters=filters)
    second = run(service.invite_to_meeting, user=user, meeting=a_meeting, filters=filters)
    assert first == (2, 0) and second == (0, 2)
    assert Invitation.objects.filter(meeting=a_meeting).count() == 2
    # The database refuses a second row for the same contact and meeting.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(meeting=a_meeting, contact=register["a"])
    # An invitation names a consultation or a meeting, never both or neither.
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(contact=register["a"])


@pytest.mark.parametrize(
    "change",
    [
        {"registration_open": False},
        {"live": False},
    ],
)
def test_meetings_that_take_no_registrations_cannot_be_chosen(
    client_for, role_users, register, index, partner_a, run, change
):
    live = change.pop("live", True)
    closed = meeting(body(index, partners=[partner_a]), **change)
    if not live:
        closed.unpublish()
    response = run(client_for(role_users["moderator_a"]).post, INVITE, {"meeting": closed.pk})
    assert response.status_code == 400
    assert "Choose a meeting that takes registrations from the list" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_meeting_that_has_started_cannot_be_chosen(
    client_for, role_users, register, index, partner_a, run
):
    past = meeting(body(index, partners=[partner_a]), days=-1)
    response = run(client_for(role_users["moderator_a"]).post, INVITE, {"meeting": past.pk})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("field", ["meeting", "consultation"])
@pytest.mark.parametrize("value", ["", "nonsense", "99999999999999999999", "1\x00"])
def test_bad_target_values_get_a_400_and_store_nothing(
    client_for, role_users, register, a_meeting, run, field, value
):
    response = run(client_for(role_users["moderator_a"]).post, INVITE, {field: value})
    assert response.status_code == 400
    assert not Invitation.objects.exists() and not mail.outbox


def test_the_invite_page_lists_only_the_users_meetings(
    client_for, role_users, register, a_meeting, b_meeting, shared_meeting
):
    page = client_for(role_users["moderator_a"]).get(INVITE).content.decode()
    assert "Parks forum" in page and "Partnership forum" in page
    assert "Health forum" not in page
    page = client_for(role_users["administrator"]).get(INVITE).content.decode()
    assert all(title in page for title in ("Parks forum", "Health forum", "Partnership forum"))


def test_the_invite_page_runs_the_same_queries_for_any_number_of_meetings(
    client_for, role_users, register, index, partner_a, a_meeting, run
):
    client = client_for(role_users["moderator_a"])
    run(client.post, INVITE, {"meeting": a_meeting.pk})

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INVITE).status_code == 200
        return len(captured)

    before = queries()
    forum = body(index, partners=[partner_a], title="Another forum")
    for days in (20, 21, 22):
        run(client.post, INVITE, {"meeting": meeting(forum, days=days).pk})
    assert queries() == before


# Every role --------------------------------------------------------------------------

ALLOWED = {
    "invite to A's meeting": {"moderator_a", "administrator"},
    "invite to B's meeting": {"moderator_b", "administrator"},
    "invite to the partnership's meeting": {"moderator_a", "moderator_b", "administrator"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_permission_matrix(
    client_for, role_users, register, a_meeting, b_meeting, shared_meeting, run, role, name
):
    target = {
        "invite to A's meeting": a_meeting,
        "invite to B's meeting": b_meeting,
        "invite to the partnership's meeting": shared_meeting,
    }[name]
    response = run(client_for(role_users[role]).post, INVITE, {"meeting": target.pk})
    allowed = role in ALLOWED[name]
    assert Invitation.objects.filter(meeting=target).exists() == allowed
    if allowed:
        assert response.status_code == 302
    else:
        assert response.status_code in (302, 400, 403)
        assert not mail.outbox


def test_personal_data_export_names_the_meetings_a_contact_was_invited_to(
    client_for, role_users, register, a_meeting, run
):
    run(client_for(role_users["moderator_a"]).post, INVITE, {"meeting": a_meeting.pk})
    (found,) = service._find_contacts(register["a"].email)
    assert found["invited_to"][0]["meeting"] == "Parks forum"
