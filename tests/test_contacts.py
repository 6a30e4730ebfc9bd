"""The contacts register through the real views: asking to be contacted (double opt-in
with the consent recorded), staff invite lists sent through the background mail task
with a one-click unsubscribe, the retention command, and who may do what."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultation_blocks.models import (
    CONTACT_CONSENT_VERSION,
    CONTACT_CONSENT_WORDING,
    AreaKind,
    BlockedSubmission,
    ConsentRecord,
    ConsentSource,
    Contact,
    ContactMethod,
    Invitation,
    Organisation,
    OrganisationKind,
)
from consultation_blocks.services import contacts as service
from tests.conftest import ROLES
from tests.factories import AreaFactory
from tests.public_forms import with_guard

SIGN_UP = "/contact-me/"
INVITE = "/admin/contacts/invite/"
EMAIL = "resident@example.org"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


@pytest.fixture
def borough(db):
    return AreaFactory(name="Northshire", slug="northshire", kind=AreaKind.LOCAL_AUTHORITY)


@pytest.fixture
def ward(borough):
    return AreaFactory(name="Riverside", slug="riverside", kind=AreaKind.WARD, parent=borough)


@pytest.fixture
def topic_page(make_consultation):
    """A consultation tagged "parks", so "parks" is a topic on the form."""
    page = make_consultation(live=True)
    page.tags.add("parks")
    page.save()
    return page


def link_in(message, name):
    match = re.search(rf"http://[^\s]+/contact-me/{name}/[^\s]+/", message.body)
    assert match, message.body
    return match.group(0).removeprefix(settings.WAGTAILADMIN_BASE_URL)


def sign_up(client, run, **fields):
    data = {
        "name": "Robin Resident",
        "email": EMAIL,
        "preferred_method": "email",
        "topics": ["parks"],
        "areas": ["riverside"],
        "groups": ["carers"],
    }
    data.update(fields)
    return run(client.post, SIGN_UP, with_guard(data))


def make_contact(*, partner=None, area=None, topic="", groups=(), method="email", **fields):
    now = timezone.now()
    contact = Contact(
        name=fields.pop("name", "Kim Contact"),
        email=fields.pop("email", f"kim{Contact.objects.count()}@example.org"),
        preferred_method=method,
        partner=partner,
        groups=list(groups),
        confirmed_at=fields.pop("confirmed_at", now),
        keep_until=fields.pop("keep_until", now + datetime.timedelta(days=700)),
        **fields,
    )
    if area is not None:
        contact.areas.set([area])
    if topic:
        contact.tags.set([topic])
    contact.save()
    return contact


# Asking to be contacted -----------------------------------------------------------------


def test_the_form_shows_the_consent_wording_and_the_spam_defences(client, topic_page, ward):
    response = client.get(SIGN_UP)
    assert response.status_code == 200
    html = response.content.decode()
    assert CONTACT_CONSENT_WORDING in html
    assert 'name="website"' in html and 'name="form_started"' in html
    assert 'value="parks"' in html and 'value="riverside"' in html


def test_signing_up_records_consent_and_sends_nothing_but_the_confirmation(
    client, run, topic_page, ward
):
    response = sign_up(client, run)
    assert response.status_code == 302
    assert response["Location"] == "/contact-me/check-your-email/"
    contact = Contact.objects.get()
    assert contact.confirmed_at is None and contact.partner is None
    assert [tag.slug for tag in contact.tags.all()] == ["parks"]
    assert list(contact.areas.all()) == [ward]
    assert contact.groups == ["carers"]
    consent = ConsentRecord.objects.get()
    assert consent.contact == contact
    assert consent.wording == CONTACT_CONSENT_WORDING
    assert consent.wording_version == CONTACT_CONSENT_VERSION
    assert consent.source == ConsentSource.PUBLIC_FORM
    assert consent.given_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]

    confirm = link_in(mail.outbox[0], "confirm")
    # Opening the link (as a mail scanner does) confirms nothing.
    assert client.get(confirm).status_code == 200
    contact.refresh_from_db()
    assert contact.confirmed_at is None
    assert client.post(confirm).status_code == 200
    contact.refresh_from_db()
    assert contact.confirmed_at is not None
    retention = datetime.timedelta(days=settings.CONTACTS_RETENTION_DAYS)
    assert contact.keep_until == contact.confirmed_at + retention


def test_signing_up_again_cannot_change_a_confirmed_persons_choices(client, run, topic_page, ward):
    sign_up(client, run)
    client.post(link_in(mail.outbox[0], "confirm"))
    mail.outbox.clear()
    from django.core.cache import cache

    cache.clear()  # past the repeat-email window
    response = sign_up(client, run, name="Someone Else", groups=["veterans"])
    # The same answer as for a new address: nobody learns who is on the list.
    assert response.status_code == 302
    assert response["Location"] == "/contact-me/check-your-email/"
    contact = Contact.objects.get()
    assert contact.name == "Robin Resident" and contact.groups == ["carers"]
    assert "already on it" in mail.outbox[0].body


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"email": "not-an-address"}, "Enter an email address in the correct format"),
        ({"email": "a" * 250 + "@example.org"}, "254 characters or fewer"),
        ({"name": ""}, "Enter your name"),
        ({"preferred_method": "pigeon"}, "Select how you would like us to contact you"),
        ({"preferred_method": "phone", "phone": ""}, "Enter a telephone number, or choose email"),
        ({"phone": "<script>"}, "Enter a telephone number"),
        ({"topics": ["no-such-topic"]}, "Select topics from the list"),
        ({"areas": ["'; DROP TABLE"]}, "Select places from the list"),
        ({"groups": ["general"]}, "Select groups from the list"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(client, run, fields, message, ward):
    response = sign_up(client, run, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Contact.objects.exists() and not mail.outbox


def test_a_name_with_markup_is_stored_as_text_and_escaped(client, run, ward):
    sign_up(client, run, name="<script>alert(1)</script>", topics=[])
    response = client.get(link_in(mail.outbox[0], "confirm"))
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_form_is_defended_like_the_other_public_forms(client, run, settings, ward):
    data = {"name": "Bot", "email": EMAIL, "preferred_method": "email"}
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    assert client.post(SIGN_UP, with_guard({**data, "website": "spam"})).status_code == 400
    assert client.post(SIGN_UP, with_guard(data, seconds_ago=0)).status_code == 400
    assert client.post(SIGN_UP, data).status_code == 400  # no signed start time
    settings.CONSULTATION_MAX_BODY_BYTES = 100
    assert client.post(SIGN_UP, with_guard({**data, "name": "a" * 200})).status_code == 413
    settings.CONSULTATION_MAX_BODY_BYTES = 256 * 1024
    assert not Contact.objects.exists() and not mail.outbox
    assert BlockedSubmission.objects.filter(form="contacts").count() == 4
    from django.core.cache import cache

    cache.clear()  # start a fresh rate-limit count
    settings.CONSULTATION_RATE_LIMIT = 1
    assert sign_up(client, run, topics=[]).status_code == 302
    assert sign_up(client, run, topics=[]).status_code == 429


@pytest.mark.parametrize(
    "path",
    [
        "/contact-me/confirm/nonsense/",
        "/contact-me/stay/nonsense/",
        "/contact-me/stop/nonsense/",
        "/contact-me/confirm/" + "x" * 500 + "/",
    ],
)
def test_altered_links_say_so_without_an_error(client, db, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert client.post(path).status_code == 400


def test_an_expired_confirmation_link_says_so(client, run, ward, monkeypatch):
    sign_up(client, run, topics=[])
    confirm = link_in(mail.outbox[0], "confirm")
    later = datetime.datetime.now().timestamp() + 8 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.post(confirm)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert Contact.objects.get().confirmed_at is None


# Invite lists ---------------------------------------------------------------------------


@pytest.fixture
def register(role_users, partner_a, partner_b, ward, borough):
    """A's contact about the ward, B's contact, a partnership-wide one who prefers the
    telephone, an organisation of A, and one unconfirmed sign-up."""
    return {
        "a": make_contact(name="Ada A", partner=partner_a, area=ward, topic="parks"),
        "b": make_contact(name="Bea B", partner=partner_b, area=ward, topic="parks"),
        "shared": make_contact(
            name="Cal Shared",
            area=borough,
            topic="parks",
            groups=["carers"],
            method=ContactMethod.PHONE,
            phone="01632 960 001",
        ),
        "unconfirmed": make_contact(name="Dee Unconfirmed", area=ward, confirmed_at=None),
        "organisation": _organisation(partner_a, ward),
    }


def _organisation(partner, area):
    organisation = Organisation(
        name="Riverside Carers' Group",
        kind=OrganisationKind.COMMUNITY_GROUP,
        partner=partner,
        groups=["carers"],
        contact_email="group@example.org",
        contact_role="Secretary",
    )
    organisation.areas.set([area])
    organisation.tags.set(["parks"])
    organisation.save()
    return organisation


@pytest.fixture
def a_consultation(make_consultation, partner_a):
    page = make_consultation(lead_partner=partner_a, live=True, title="Riverside park plans")
    page.tags.add("parks")  # so "parks" is a topic the filter offers
    page.save()
    return page


def test_the_invite_list_previews_counts_within_the_partners_scope(
    client_for, role_users, register
):
    client = client_for(role_users["moderator_a"])
    response = client.get(INVITE, {"topic": "", "area": "riverside", "group": ""})
    assert response.status_code == 200
    assert response.context["email_count"] == 1  # A's, not B's, not the unconfirmed
    assert response.context["organisation_count"] == 1
    # The partnership's contact about the whole borough covers the ward; they prefer a call.
    assert [c.name for c in response.context["by_phone"]] == ["Cal Shared"]
    response = client.get(INVITE, {"group": "carers"})
    assert response.context["email_count"] == 0
    assert response.context["phone_count"] == 1


def test_inviting_sends_one_email_each_through_the_task_and_records_it(
    client_for, role_users, register, a_consultation, run
):
    client = client_for(role_users["moderator_a"])
    data = {"topic": "parks", "area": "", "group": "", "consultation": a_consultation.pk}
    response = run(client.post, INVITE, data)
    assert response.status_code == 302
    invited = Invitation.objects.filter(page=a_consultation)
    assert {(i.contact_id, i.organisation_id) for i in invited} == {
        (register["a"].pk, None),
        (None, register["organisation"].pk),
    }
    assert {i.invited_by for i in invited} == {role_users["moderator_a"]}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [register["a"].email, "group@example.org"]
    )
    message = next(m for m in mail.outbox if m.to == [register["a"].email])
    assert "Riverside park plans" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Inviting the same list again emails nobody twice.
    mail.outbox.clear()
    run(client.post, INVITE, data)
    assert not mail.outbox
    assert Invitation.objects.filter(page=a_consultation).count() == 2


def test_the_unsubscribe_link_works_in_one_click_without_signing_in(
    client_for, role_users, register, a_consultation, run
):
    client = client_for(role_users["moderator_a"])
    run(client.post, INVITE, {"topic": "parks", "consultation": a_consultation.pk})
    message = next(m for m in mail.outbox if m.to == [register["a"].email])
    stop = link_in(message, "stop")
    anonymous = Client(enforce_csrf_checks=True)
    # Opening the link shows a button and changes nothing.
    response = anonymous.get(stop)
    assert response.status_code == 200 and b"Stop invitations" in response.content
    assert Contact.objects.filter(pk=register["a"].pk).exists()
    # The mail program's one-click POST carries no CSRF token.
    response = anonymous.post(stop, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Contact.objects.filter(pk=register["a"].pk).exists()
    assert not ConsentRecord.objects.filter(contact_id=register["a"].pk).exists()
    # The link keeps saying so.
    assert anonymous.get(stop).status_code == 200
    # An organisation's link stops its invitations and keeps the entry.
    message = next(m for m in mail.outbox if m.to == ["group@example.org"])
    anonymous.post(link_in(message, "stop"))
    register["organisation"].refresh_from_db()
    assert register["organisation"].no_invitations


def test_staff_cannot_invite_to_another_partners_consultation(
    client_for, role_users, register, make_consultation, partner_b, run
):
    theirs = make_consultation(lead_partner=partner_b, live=True)
    client = client_for(role_users["moderator_a"])
    response = run(client.post, INVITE, {"consultation": theirs.pk})
    assert response.status_code == 400
    assert "Choose a live consultation from the list" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_draft_consultation_cannot_be_chosen(
    client_for, role_users, register, make_consultation, partner_a, run
):
    draft = make_consultation(lead_partner=partner_a, live=False)
    response = run(client_for(role_users["moderator_a"]).post, INVITE, {"consultation": draft.pk})
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_bad_filters_get_a_400_not_an_error(client_for, role_users, register):
    client = client_for(role_users["moderator_a"])
    response = client.get(INVITE, {"area": "<script>", "group": "nonsense"})
    assert response.status_code == 400
    assert b"<script>" not in response.content


def test_the_invite_page_runs_the_same_queries_for_any_number_of_contacts(
    client_for, role_users, register, a_consultation, ward, run
):
    client = client_for(role_users["moderator_a"])
    run(client.post, INVITE, {"consultation": a_consultation.pk})

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INVITE, {"area": "riverside"}).status_code == 200
        return len(captured)

    before = queries()
    for number in range(5):
        make_contact(
            name=f"Extra {number}", method=ContactMethod.PHONE, area=ward, phone="01632 960 002"
        )
    run(client.post, INVITE, {"consultation": a_consultation.pk})
    assert queries() == before


# Retention ------------------------------------------------------------------------------


def test_the_retention_command_reminds_then_removes_and_is_idempotent(run, db, borough):
    now = timezone.now()
    days = datetime.timedelta
    notice = days(days=settings.CONTACTS_REMINDER_DAYS)
    staying = make_contact(name="Staying", keep_until=now + days(days=400))
    due = make_contact(name="Due", keep_until=now + notice - days(days=1))
    stale = Contact.objects.create(name="Stale", email="stale@example.org")
    Contact.objects.filter(pk=stale.pk).update(created_at=now - days(days=8))

    run(call_command, "contacts_retention")
    assert not Contact.objects.filter(pk=stale.pk).exists()
    due.refresh_from_db()
    assert due.reminded_at is not None
    assert [m.to for m in mail.outbox] == [[due.email]]
    assert "/contact-me/stay/" in mail.outbox[0].body

    # Again: nothing more is sent or removed.
    run(call_command, "contacts_retention")
    assert len(mail.outbox) == 1
    assert set(Contact.objects.values_list("name", flat=True)) == {"Staying", "Due"}

    # After the notice period, someone who did not answer is removed, with their consent.
    later = now + notice + days(days=1)
    assert service.remove_expired(now=later) == 1
    assert list(Contact.objects.values_list("name", flat=True)) == ["Staying"]
    assert not ConsentRecord.objects.filter(contact_id=due.pk).exists()
    staying.refresh_from_db()
    assert staying.reminded_at is None


def test_answering_the_reminder_renews_consent_and_the_period(client, run, db):
    now = timezone.now()
    due = make_contact(name="Due", keep_until=now + datetime.timedelta(days=5))
    run(call_command, "contacts_retention", step=["remind"])
    stay = link_in(mail.outbox[0], "stay")
    assert client.get(stay).status_code == 200
    assert client.post(stay).status_code == 200
    due.refresh_from_db()
    assert due.reminded_at is None
    assert due.keep_until > now + datetime.timedelta(days=settings.CONTACTS_RETENTION_DAYS - 1)
    renewed = due.consents.get(source=ConsentSource.RENEWED)
    assert renewed.wording == CONTACT_CONSENT_WORDING
    # Removal no longer applies.
    assert service.remove_expired(now=now + datetime.timedelta(days=60)) == 0


# Staff add people with the consent they gave ---------------------------------------------


def test_staff_adding_a_person_must_record_how_they_consented(client_for, role_users, ward):
    client = client_for(role_users["moderator_a"])
    url = reverse("wagtailsnippets_consultation_blocks_contact:add")
    data = {
        "name": "Paper Person",
        "email": "Paper@Example.org",
        "phone": "",
        "preferred_method": "email",
        "partner": "",
        "tags": "",
        "areas": [ward.pk],
        "groups": ["carers"],
        "consent_source": "",
        "consent_wording": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Contact.objects.exists()
    data.update({"consent_source": "paper", "consent_wording": CONTACT_CONSENT_WORDING})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    contact = Contact.objects.get()
    assert contact.email == "paper@example.org" and contact.confirmed_at is not None
    consent = contact.consents.get()
    assert consent.source == ConsentSource.PAPER
    assert consent.recorded_by == role_users["moderator_a"]
    assert consent.wording_version == CONTACT_CONSENT_VERSION


# Who may do what ------------------------------------------------------------------------

LIST = "wagtailsnippets_consultation_blocks_contact:list"
EDIT = "wagtailsnippets_consultation_blocks_contact:edit"

ALLOWED = {
    # The register and invite lists: moderators for their partners, administrators all.
    "list people": {"moderator_a", "moderator_b", "administrator"},
    "edit A's contact": {"moderator_a", "administrator"},
    "edit the partnership's contact": {"moderator_a", "moderator_b", "administrator"},
    "use the invite list": {"moderator_a", "moderator_b", "administrator"},
    "invite A's contacts to A's consultation": {"moderator_a", "administrator"},
}


def _can(name, client, register, a_consultation, run):
    if name == "list people":
        response = client.get(reverse(LIST))
        return response.status_code == 200 and b"Cal Shared" in response.content
    if name == "edit A's contact":
        return client.get(reverse(EDIT, args=[register["a"].pk])).status_code == 200
    if name == "edit the partnership's contact":
        return client.get(reverse(EDIT, args=[register["shared"].pk])).status_code == 200
    if name == "use the invite list":
        return client.get(INVITE).status_code == 200
    if name == "invite A's contacts to A's consultation":
        run(client.post, INVITE, {"consultation": a_consultation.pk})
        return Invitation.objects.filter(contact=register["a"]).exists()
    raise AssertionError(name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_permission_matrix(client_for, role_users, register, a_consultation, run, role, name):
    client = client_for(role_users[role])
    assert _can(name, client, register, a_consultation, run) == (role in ALLOWED[name])


def test_a_moderator_never_sees_another_partners_contacts(client_for, role_users, register):
    client = client_for(role_users["moderator_b"])
    response = client.get(reverse(LIST))
    assert b"Ada A" not in response.content and b"Bea B" in response.content
    assert client.get(reverse(EDIT, args=[register["a"].pk])).status_code in (302, 403)
    for view in ("history", "usage"):
        url = reverse(
            f"wagtailsnippets_consultation_blocks_contact:{view}", args=[register["a"].pk]
        )
        assert client.get(url).status_code in (302, 403)
        assert client_for(role_users["moderator_a"]).get(url).status_code == 200
        client = client_for(role_users["moderator_b"])
    delete = reverse("wagtailsnippets_consultation_blocks_contact:delete", args=[register["a"].pk])
    client.post(delete)
    assert Contact.objects.filter(pk=register["a"].pk).exists()


def test_the_people_list_runs_the_same_queries_for_any_number(client_for, role_users, register):
    client = client_for(role_users["administrator"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(LIST)).status_code == 200
        return len(captured)

    before = queries()
    for number in range(5):
        make_contact(name=f"More {number}", partner=register["a"].partner)
    assert queries() == before


def test_someone_on_the_register_twice_gets_one_invitation(
    client_for, role_users, register, a_consultation, partner_a, ward, run
):
    make_contact(name="Ada Again", email=register["a"].email, area=ward, topic="parks")
    run(client_for(role_users["moderator_a"]).post, INVITE, {"consultation": a_consultation.pk})
    assert [m.to for m in mail.outbox].count([register["a"].email]) == 1


def test_a_contact_is_named_in_the_admin_history_without_personal_data(db):
    contact = make_contact(name="Private Person", email="private@example.org")
    assert "Private" not in str(contact) and "private@" not in str(contact)
