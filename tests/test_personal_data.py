"""Seeing, exporting and erasing one's own data through an emailed link, and staff
doing it on request: the same answer for known and unknown addresses, JSON and CSV
exports, erasure that anonymises responses (results keep their counts), the log, and
the registry other features add their data to."""

import csv
import datetime
import io
import json
import logging
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from consultation_blocks import personal_data
from consultation_blocks.models import (
    AccessRequest,
    AlertSubscription,
    Comment,
    CommentState,
    Contact,
    SubjectAccessLog,
    SurveyDraft,
    SurveyResponse,
)
from consultation_blocks.services.personal_data_sources import ERASED_COMMENT
from consultation_blocks.services.subject_access import email_hash
from tests.conftest import ROLES
from tests.factories import SurveyResponseFactory, UserFactory
from tests.public_forms import with_guard

ASK = "/my-data/"
STAFF = "/admin/contacts/subject-access/"
EMAIL = "robin@example.org"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


@pytest.fixture
def held(open_consultation):
    """Something of every kind held about EMAIL, and the same of someone else."""
    now = timezone.now()
    for email, name in ((EMAIL, "Robin Resident"), ("other@example.org", "Other Person")):
        contact = Contact.objects.create(
            name=name, email=email, confirmed_at=now, keep_until=now + datetime.timedelta(days=9)
        )
        contact.consents.create(
            purpose="invitations",
            given_at=now,
            source="public_form",
            wording="We will invite you.",
            wording_version="v1",
        )
        AlertSubscription.objects.create(
            email=email, frequency="weekly", kinds=["consultation"], consent_wording="Alerts."
        )
        SurveyResponseFactory(
            page=open_consultation, email=email, wants_updates=True, answers={"q1": "=SUM(A1)"}
        )
        SurveyDraft.objects.create(
            page=open_consultation, survey_id="s", token=email, email=email, answers={}
        )
        Comment.objects.create(
            page=open_consultation,
            name=name,
            email=email,
            body=f"A comment by {name}",
            state=CommentState.APPROVED,
        )
    SurveyResponseFactory(page=open_consultation, email="")
    return open_consultation


def ask(client, run, email=EMAIL):
    return run(client.post, ASK, with_guard({"email": email}))


def link_in(message):
    match = re.search(r"http://[^\s]+/my-data/[^\s]+/", message.body)
    assert match, message.body
    return match.group(0).removeprefix(settings.WAGTAILADMIN_BASE_URL)


def test_asking_answers_the_same_for_known_and_unknown_addresses(client, run, held):
    known = ask(client, run)
    unknown = ask(client, run, email="nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/my-data/check-your-email/"
    # Both get the same email; only the link differs.
    assert [m.to for m in mail.outbox] == [[EMAIL], ["nobody@example.org"]]
    assert mail.outbox[0].subject == mail.outbox[1].subject
    page = client.get(link_in(mail.outbox[1]))
    assert page.status_code == 200
    assert "We hold nothing about this email address" in page.content.decode()


def test_asking_repeatedly_sends_one_email_in_a_while(client, run, held):
    ask(client, run)
    ask(client, run, email=EMAIL.upper())
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "email, message",
    [
        ("", "Enter your email address"),
        ("not an address", "Enter an email address in the correct format"),
        ("<script>@x", "Enter an email address in the correct format"),
    ],
)
def test_bad_addresses_get_a_clear_message(client, run, db, email, message):
    response = ask(client, run, email=email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<script>@x" not in response.content.decode()
    assert not mail.outbox and not AccessRequest.objects.exists()


def test_the_link_shows_everything_held_and_nothing_about_anyone_else(client, run, held):
    ask(client, run)
    response = client.get(link_in(mail.outbox[0]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    for text in ("Robin Resident", "We will invite you.", "Alerts.", "A comment by Robin"):
        assert text in html
    assert "Other Person" not in html and "other@example.org" not in html


def test_exports_hold_every_source_as_json_and_csv(client, run, held):
    ask(client, run)
    link = link_in(mail.outbox[0])
    response = client.get(link, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)["sources"]
    assert data["contacts"]["records"][0]["name"] == "Robin Resident"
    assert data["contacts"]["records"][0]["consents"][0]["wording"] == "We will invite you."
    assert data["alerts"]["records"][0]["consent_wording"] == "Alerts."
    assert data["survey_responses"]["records"][0]["answers"] == {"q1": "=SUM(A1)"}
    assert len(data["survey_drafts"]["records"]) == 1
    assert data["comments"]["records"][0]["comment"] == "A comment by Robin Resident"
    assert "other@example.org" not in response.content.decode()

    response = client.get(link, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Source", "Record", "Field", "Value"]
    assert ["Contacts list", "1", "name", "Robin Resident"] in rows
    assert ["Contacts list", "1", "consents.1.wording", "We will invite you."] in rows
    # A formula in an answer is quoted, so a spreadsheet does not run it.
    assert ["Consultation responses", "1", "answers.q1", "'=SUM(A1)"] in rows

    assert client.get(link, {"format": "exe"}).status_code == 400


def test_erasing_anonymises_responses_and_deletes_the_rest(client, run, held):
    responses_before = SurveyResponse.objects.filter(page=held).count()
    comments_before = Comment.objects.filter(page=held).count()
    ask(client, run)
    link = link_in(mail.outbox[0])
    # The first POST asks to confirm, and erases nothing.
    response = client.post(link)
    assert response.status_code == 200 and b"This cannot be undone" in response.content
    assert Contact.objects.filter(email=EMAIL).exists()

    response = client.post(link, {"confirm": "erase"})
    assert response.status_code == 200
    assert b"Your data has been erased" in response.content
    assert not Contact.objects.filter(email=EMAIL).exists()
    assert not AlertSubscription.objects.filter(email=EMAIL).exists()
    assert not SurveyDraft.objects.filter(email=EMAIL).exists()
    assert not SurveyResponse.objects.filter(email=EMAIL).exists()
    assert not Comment.objects.filter(email=EMAIL).exists()
    # Results keep their counts: the response and the comment are still there.
    assert SurveyResponse.objects.filter(page=held).count() == responses_before
    assert Comment.objects.filter(page=held).count() == comments_before
    erased = SurveyResponse.objects.get(answers={"q1": "=SUM(A1)"}, email="")
    assert erased.wants_updates is False
    assert Comment.objects.filter(body=ERASED_COMMENT, name="").count() == 1
    # The other person's data is untouched.
    assert Contact.objects.filter(email="other@example.org").exists()
    assert Comment.objects.filter(name="Other Person").exists()
    # The link dies with the data.
    assert client.get(link).status_code == 400


def test_every_look_export_and_erasure_is_logged_without_the_address(client, run, held, caplog):
    caplog.set_level(logging.DEBUG)
    ask(client, run)
    link = link_in(mail.outbox[0])
    client.get(link)
    client.get(link, {"format": "csv"})
    client.post(link, {"confirm": "erase"})
    actions = list(SubjectAccessLog.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["view", "export_csv", "erase"]
    entries = SubjectAccessLog.objects.all()
    assert {entry.email_hash for entry in entries} == {email_hash(EMAIL)}
    assert all(entry.user is None for entry in entries)
    stored = json.dumps(list(entries.values("email_hash", "summary")))
    assert EMAIL not in stored and "robin" not in stored.lower()
    assert EMAIL not in caplog.text


@pytest.mark.parametrize("path", ["/my-data/nonsense/", "/my-data/" + "A" * 400 + "/"])
def test_an_altered_link_is_refused_without_an_error(client, db, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert client.post(path, {"confirm": "erase"}).status_code == 400


def test_the_link_expires(client, run, held):
    ask(client, run)
    link = link_in(mail.outbox[0])
    AccessRequest.objects.update(
        created_at=timezone.now() - datetime.timedelta(hours=settings.SUBJECT_ACCESS_LINK_HOURS + 1)
    )
    response = client.post(link, {"confirm": "erase"})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert Contact.objects.filter(email=EMAIL).exists()


def test_another_feature_can_register_its_data(client, run, held):
    """What the meeting registrations (or any later feature) do."""
    store = {EMAIL: [{"meeting": "Open meeting", "when": datetime.date(2026, 12, 1)}]}
    personal_data.register(
        "test_meetings",
        label="Meeting registrations",
        find=lambda email: [personal_data.plain(r) for r in store.get(email, [])],
        erase=lambda email: len(store.pop(email, [])),
        on_erase="Deleted.",
    )
    try:
        ask(client, run)
        link = link_in(mail.outbox[0])
        data = json.loads(client.get(link, {"format": "json"}).content)
        assert data["sources"]["test_meetings"]["records"] == [
            {"meeting": "Open meeting", "when": "2026-12-01"}
        ]
        client.post(link, {"confirm": "erase"})
        assert EMAIL not in store
        assert SubjectAccessLog.objects.get(action="erase").summary["test_meetings"] == 1
    finally:
        personal_data._SOURCES.pop("test_meetings", None)


# Staff, on request ------------------------------------------------------------------------


@pytest.fixture
def privacy_officer(db):
    return UserFactory(username="privacy_officer", groups=["Privacy officers"])


def test_the_privacy_officers_group_exists(db):
    assert Group.objects.filter(name="Privacy officers").exists()


@pytest.mark.parametrize("role", [*ROLES, "privacy_officer"])
def test_only_administrators_and_privacy_officers_handle_requests(
    client_for, role_users, privacy_officer, held, role
):
    user = privacy_officer if role == "privacy_officer" else role_users[role]
    client = client_for(user)
    allowed = role in ("administrator", "privacy_officer")
    response = client.get(STAFF)
    assert (response.status_code == 200) == allowed
    response = client.post(STAFF, {"email": EMAIL, "action": "erase", "confirm": "erase"})
    assert Contact.objects.filter(email=EMAIL).exists() != allowed
    if not allowed:
        assert not SubjectAccessLog.objects.exists()


def test_staff_find_export_and_erase_are_logged_with_who_did_it(client_for, privacy_officer, held):
    client = client_for(privacy_officer)
    response = client.post(STAFF, {"email": EMAIL, "action": "view"})
    assert response.status_code == 200
    assert b"Robin Resident" in response.content and b"Other Person" not in response.content
    response = client.post(STAFF, {"email": EMAIL, "action": "json"})
    assert json.loads(response.content)["sources"]["contacts"]["records"][0]["email"] == EMAIL
    # Erasing needs a second, confirming press.
    response = client.post(STAFF, {"email": EMAIL, "action": "erase"})
    assert b"Yes, erase it" in response.content
    assert Contact.objects.filter(email=EMAIL).exists()
    client.post(STAFF, {"email": EMAIL, "action": "erase", "confirm": "erase"})
    assert not Contact.objects.filter(email=EMAIL).exists()
    log = list(SubjectAccessLog.objects.order_by("pk").values_list("user", "action", "email_hash"))
    assert log == [
        (privacy_officer.pk, "view", email_hash(EMAIL)),
        (privacy_officer.pk, "export_json", email_hash(EMAIL)),
        (privacy_officer.pk, "erase", email_hash(EMAIL)),
    ]
    # The log page shows who, when and what; never the address.
    page = client.get(STAFF).content.decode()
    assert "privacy_officer" in page and EMAIL not in page


@pytest.mark.parametrize("data", [{"email": "nope"}, {"email": EMAIL, "action": "drop-tables"}, {}])
def test_staff_bad_input_is_a_400(client_for, privacy_officer, held, data):
    response = client_for(privacy_officer).post(STAFF, data)
    assert response.status_code == 400
    assert Contact.objects.filter(email=EMAIL).exists()


def test_erasing_keeps_an_organisation_but_removes_its_contacts_address(client_for, db):
    from consultation_blocks.models import Organisation

    organisation = Organisation.objects.create(
        name="Example Forum", kind="forum", contact_email=EMAIL, contact_role="Chair"
    )
    officer = UserFactory(username="officer", groups=["Privacy officers"])
    client = client_for(officer)
    response = client.post(STAFF, {"email": EMAIL.upper(), "action": "view"})
    assert b"Example Forum" in response.content
    client.post(STAFF, {"email": EMAIL, "action": "erase", "confirm": "erase"})
    organisation.refresh_from_db()
    assert (organisation.name, organisation.contact_email, organisation.contact_role) == (
        "Example Forum",
        "",
        "",
    )


def test_expired_links_are_deleted_by_the_retention_command(client, run, held):
    from django.core.management import call_command

    ask(client, run)
    ask(client, run, email="nobody@example.org")
    AccessRequest.objects.filter(email=EMAIL).update(
        created_at=timezone.now() - datetime.timedelta(hours=settings.SUBJECT_ACCESS_LINK_HOURS + 1)
    )
    call_command("contacts_retention", step=["access-links"])
    assert list(AccessRequest.objects.values_list("email", flat=True)) == ["nobody@example.org"]
    # Contacts are untouched by that step.
    assert Contact.objects.filter(email=EMAIL).exists()
