"""Panel-only surveys: the editor's setting, the panel invited through the background
mail task with one personal link each, the survey refusing anyone without a valid
link, one response per invitation, reminders to those who have not answered, and the
invitations in a person's data export and erasure."""

import datetime
import html
import io
import json
import re
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultation_blocks import personal_data
from consultation_blocks.factories import page_break
from consultation_blocks.models import (
    PanelMember,
    PanelMemberStatus,
    PanelSurveyInvitation,
    SurveyResponse,
)
from consultation_blocks.services import panel_surveys as service
from consultation_blocks.services import subject_access
from tests.conftest import ROLES
from tests.factories import ConsultationPageFactory, question, survey_block
from tests.public_forms import guard_fields
from tests.survey_support import first_survey, survey_url, valid_post, walk_survey_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


def member(email, *, status=PanelMemberStatus.CONFIRMED, name=""):
    now = timezone.now()
    return PanelMember.objects.create(
        email=email,
        name=name,
        status=status,
        consent_wording="Panel consent.",
        consent_version="v1",
        consent_given_at=now,
        confirmed_at=now if status == PanelMemberStatus.CONFIRMED else None,
        keep_until=now + datetime.timedelta(days=700),
    )


@pytest.fixture
def members(db):
    return {
        "ada": member("ada@example.org", name="Ada Panel"),
        "bo": member("bo@example.org"),
        "pending": member("pending@example.org", status=PanelMemberStatus.PENDING),
    }


@pytest.fixture
def panel_page(make_consultation, partner_a):
    return make_consultation(
        lead_partner=partner_a, live=True, panel_only=True, title="Panel budget survey"
    )


def panel_link(message):
    match = re.search(r"http://\S+/panel/[0-9a-f-]{36}/", message.body)
    assert match, message.body
    return match.group(0).removeprefix(settings.WAGTAILADMIN_BASE_URL)


def invite(run, page, user=None):
    return run(service.invite_panel, page=page, user=user, base_url=settings.WAGTAILADMIN_BASE_URL)


def simple_post(page, **overrides):
    return valid_post(first_survey(page), **overrides)


# Inviting ------------------------------------------------------------------------------


def test_the_panel_is_invited_once_each_with_a_personal_link(run, panel_page, members):
    assert invite(run, panel_page) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "bo@example.org"]
    message = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    assert message.subject == "A survey for the citizens' panel: Panel budget survey"
    assert "Hello Ada Panel" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    invitation = PanelSurveyInvitation.objects.get(member=members["ada"])
    assert panel_link(message).endswith(f"/panel/{invitation.token}/")
    assert "ada@example.org" not in panel_link(message)
    # Inviting again emails nobody twice; a member who joined since is invited.
    mail.outbox.clear()
    assert invite(run, panel_page) == (0, 2)
    assert not mail.outbox
    member("cy@example.org")
    assert invite(run, panel_page) == (1, 2)
    assert [m.to for m in mail.outbox] == [["cy@example.org"]]


def test_tokens_are_random_per_member_and_page(run, panel_page, members, make_consultation):
    other = make_consultation(live=True, panel_only=True)
    invite(run, panel_page)
    invite(run, other)
    tokens = set(PanelSurveyInvitation.objects.values_list("token", flat=True))
    assert len(tokens) == 4
    assert all(uuid.UUID(str(token)).version == 4 for token in tokens)


# Answering -----------------------------------------------------------------------------


def test_the_page_shows_no_form_and_the_survey_route_refuses_without_a_link(
    client, panel_page, members
):
    page = client.get(panel_page.url)
    assert page.status_code == 200
    assert b"This survey is for members of the citizens' panel" in page.content
    assert b'class="app-survey__form' not in page.content
    for method in (client.get, client.post):
        response = method(
            survey_url(panel_page), simple_post(panel_page) if method == client.post else None
        )
        assert response.status_code == 403
        assert b"This survey is for members of the citizens' panel" in response.content
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "00000000-0000-4000-8000-000000000000",
        "A" * 300,
        "%00",
    ],
)
def test_a_bad_link_is_refused_with_a_clear_page(client, run, panel_page, members, token):
    invite(run, panel_page)
    path = panel_page.url + f"panel/{token}/"
    # A NUL byte never reaches the route: the page's router does not find it.
    expected = 404 if token == "%00" else 403
    assert client.get(path).status_code == expected
    response = client.post(path, simple_post(panel_page))
    assert response.status_code == expected
    if expected == 403:
        assert b"personal link" in response.content
    assert not SurveyResponse.objects.exists()


def test_a_link_for_another_page_or_a_member_who_left_is_refused(
    client, run, panel_page, members, make_consultation
):
    other = make_consultation(live=True, panel_only=True)
    invite(run, other)
    token = PanelSurveyInvitation.objects.get(member=members["ada"], page=other).token
    assert client.get(panel_page.url + f"panel/{token}/").status_code == 403
    invite(run, panel_page)
    mine = PanelSurveyInvitation.objects.get(member=members["bo"], page=panel_page).token
    members["bo"].status = PanelMemberStatus.LEFT
    members["bo"].save()
    assert client.get(panel_page.url + f"panel/{mine}/").status_code == 403


def test_a_member_answers_once_through_their_link(client, run, panel_page, members):
    invite(run, panel_page)
    message = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    link = panel_link(message)
    form = client.get(link)
    assert form.status_code == 200
    assert f'action="{link}"'.encode() in form.content
    assert b"Save and come back later" not in form.content
    key = uuid.uuid4()
    data = simple_post(panel_page, submission_key=key)
    response = run(client.post, link, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    invitation = PanelSurveyInvitation.objects.get(member=members["ada"])
    stored = SurveyResponse.objects.get()
    assert invitation.response == stored and invitation.answered_at is not None
    # The same form sent again (a double click) stores nothing more.
    assert run(client.post, link, data).status_code == 302
    assert SurveyResponse.objects.count() == 1
    # A second response through the same link is refused, whole.
    again = run(client.post, link, simple_post(panel_page, submission_key=uuid.uuid4()))
    assert again.status_code == 409
    assert b"You have already answered" in again.content
    assert SurveyResponse.objects.count() == 1
    assert b"You have already answered" in client.get(link).content
    # Another member's link still works.
    other = panel_link(next(m for m in mail.outbox if m.to == ["bo@example.org"]))
    assert run(client.post, other, simple_post(panel_page)).status_code == 302
    assert SurveyResponse.objects.count() == 2


def test_a_survey_in_steps_is_answered_step_by_step_through_the_link(
    client, run, consultation_index, members
):
    page = ConsultationPageFactory(
        parent=consultation_index,
        panel_only=True,
        body=[
            survey_block(
                [
                    question("yes_no", "Do you drive?", key="drives"),
                    page_break("Getting about"),
                    question("long_text", "What would improve your journeys?"),
                    page_break(
                        "Parking", condition__question_key="drives", condition__answer="Yes"
                    ),
                    question("number", "How many cars does your household have?"),
                ]
            )
        ],
    )
    page.save_revision().publish()
    page.refresh_from_db()
    invite(run, page)
    link = panel_link(next(m for m in mail.outbox if m.to == ["ada@example.org"]))
    first = client.get(link)
    assert first.status_code == 200 and f'action="{link}"'.encode() in first.content
    check = walk_survey_steps(client, page, url=link)
    assert "Check your answers" in check.content.decode()
    assert f'action="{link}"' in check.content.decode()
    state = re.search(r'name="survey_state" value="([^"]*)"', check.content.decode())[1]
    data = {**guard_fields(), "survey_state": html.unescape(state), "step": "check"}
    sent = run(client.post, link, {**data, "action": "send"})
    assert sent.status_code == 302, sent.content.decode()[:2000]
    invitation = PanelSurveyInvitation.objects.get(member=members["ada"])
    assert invitation.response == SurveyResponse.objects.get()
    # Sending the check page again stores nothing more.
    assert run(client.post, link, {**data, "action": "send"}).status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_a_link_refuses_once_the_consultation_closes(client, run, panel_page, members):
    invite(run, panel_page)
    link = panel_link(mail.outbox[0])
    panel_page.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    panel_page.save_revision().publish()
    response = run(client.post, link, simple_post(panel_page))
    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()


def test_the_response_names_no_member_in_results_or_exports(
    client, client_for, role_users, run, panel_page, members
):
    invite(run, panel_page)
    link = panel_link(next(m for m in mail.outbox if m.to == ["ada@example.org"]))
    run(client.post, link, simple_post(panel_page))
    stored = SurveyResponse.objects.get()
    assert stored.email == ""
    survey = first_survey(panel_page)
    staff = client_for(role_users["administrator"])
    for file_format in ("csv",):
        export = staff.get(
            reverse("consultation_blocks_export", args=[panel_page.pk, survey.id, file_format])
        )
        assert export.status_code == 200
        body = b"".join(export.streaming_content).decode()
        invitation = PanelSurveyInvitation.objects.get(member=members["ada"])
        for secret in ("ada@example.org", "Ada Panel", str(invitation.token)):
            assert secret not in body
    results = staff.get(reverse("consultation_blocks_results", args=[panel_page.pk, survey.id]))
    assert b"ada@example.org" not in results.content and b"Ada Panel" not in results.content


# Reminders -----------------------------------------------------------------------------


def test_reminders_go_to_those_who_have_not_answered_at_most_n_times(
    client, run, panel_page, members, settings
):
    settings.PANEL_SURVEY_REMINDER_DAYS = 7
    settings.PANEL_SURVEY_MAX_REMINDERS = 2
    invite(run, panel_page)
    link = panel_link(next(m for m in mail.outbox if m.to == ["ada@example.org"]))
    run(client.post, link, simple_post(panel_page))
    mail.outbox.clear()
    now = timezone.now()

    def remind(days):
        return run(service.send_reminders, now=now + datetime.timedelta(days=days))

    assert remind(1) == 0  # too soon
    assert remind(8) == 1
    assert [m.to for m in mail.outbox] == [["bo@example.org"]]
    assert mail.outbox[0].subject.startswith("Reminder:")
    assert panel_link(mail.outbox[0]).endswith(
        f"/panel/{PanelSurveyInvitation.objects.get(member=members['bo']).token}/"
    )
    assert remind(8) == 0  # again at once: nothing
    assert remind(12) == 0
    assert remind(16) == 1
    assert remind(30) == 0  # at most two
    assert len(mail.outbox) == 2


def test_no_reminders_after_closing_or_for_members_who_left(run, panel_page, members):
    invite(run, panel_page)
    members["ada"].status = PanelMemberStatus.LEFT
    members["ada"].save()
    mail.outbox.clear()
    later = panel_page.closes_at + datetime.timedelta(days=1)
    assert run(service.send_reminders, now=later) == 0
    assert run(service.send_reminders, now=timezone.now() + datetime.timedelta(days=8)) == 1
    assert [m.to for m in mail.outbox] == [["bo@example.org"]]


def test_the_reminder_command_is_idempotent(run, panel_page, members, monkeypatch):
    invite(run, panel_page)
    PanelSurveyInvitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=8))
    mail.outbox.clear()
    out = io.StringIO()
    run(call_command, "send_panel_survey_reminders", stdout=out)
    assert "Reminded 2 panel member(s)" in out.getvalue()
    run(call_command, "send_panel_survey_reminders", stdout=out)
    assert "Reminded 0 panel member(s)" in out.getvalue()
    assert len(mail.outbox) == 2


def test_inviting_runs_the_same_queries_for_any_number_of_members(run, panel_page, members):
    def queries():
        PanelSurveyInvitation.objects.all().delete()
        # Read afresh, as each request to invite does: a page keeps what it has read.
        page = type(panel_page).objects.get(pk=panel_page.pk)
        with CaptureQueriesContext(connection) as captured:
            invited, _ = invite(run, page)
        return len(captured), invited

    small, invited = queries()
    assert invited == 2
    for number in range(3):
        member(f"more{number}@example.org")
    large, invited = queries()
    assert invited == 5
    assert large == small


# Staff -----------------------------------------------------------------------------------

ALLOWED = {"moderator_a", "administrator"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_invite_the_panel(client_for, role_users, run, panel_page, members, role):
    client = client_for(role_users[role])
    url = reverse("consultation_blocks_panel_survey", args=[panel_page.pk])
    response = client.get(url)
    assert (response.status_code == 200) == (role in ALLOWED)
    response = run(client.post, url)
    assert PanelSurveyInvitation.objects.exists() == (role in ALLOWED)
    if role in ALLOWED:
        assert response.status_code == 302
        page = client.get(url).content.decode()
        assert 'id="panel-invited">2 invited' in page
    else:
        assert response.status_code in (302, 403)
        assert not mail.outbox


def test_the_invite_screen_runs_the_same_queries_for_any_number_of_members(
    client_for, role_users, run, panel_page, members
):
    client = client_for(role_users["moderator_a"])
    url = reverse("consultation_blocks_panel_survey", args=[panel_page.pk])
    invite(run, panel_page)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for number in range(4):
        member(f"many{number}@example.org")
    invite(run, panel_page)
    assert queries() == before


def test_a_closed_panel_survey_shows_the_closed_notice(client, panel_page):
    panel_page.closes_at = timezone.now() - datetime.timedelta(days=1)
    panel_page.save_revision().publish()
    page = client.get(panel_page.url).content.decode()
    assert "This survey is for members of the citizens' panel" not in page


def test_an_everyone_survey_cannot_be_sent_to_the_panel(
    client_for, role_users, run, make_consultation, partner_a, members
):
    page = make_consultation(lead_partner=partner_a, live=True)
    url = reverse("consultation_blocks_panel_survey", args=[page.pk])
    response = run(client_for(role_users["moderator_a"]).post, url)
    assert response.status_code == 400
    assert b"Make it panel-only" in response.content
    assert not PanelSurveyInvitation.objects.exists()


def test_a_huge_page_id_is_not_found(client_for, role_users):
    url = "/admin/consultations/" + "9" * 30 + "/panel/"
    assert client_for(role_users["administrator"]).get(url).status_code == 404


# Personal data ------------------------------------------------------------------------


def test_invitations_are_exported_and_erased_with_a_persons_data(client, run, panel_page, members):
    invite(run, panel_page)
    link = panel_link(next(m for m in mail.outbox if m.to == ["ada@example.org"]))
    run(client.post, link, simple_post(panel_page))
    keys = [source.key for source in personal_data.registered()]
    assert keys.index("panel_survey_invitations") < keys.index("panel_members")
    found = {source.key: records for source, records in subject_access.find("ada@example.org")}
    (record,) = found["panel_survey_invitations"]
    assert record["survey"] == "Panel budget survey" and record["answered_at"]
    json.dumps(found)

    counts = subject_access.erase(email="ada@example.org")
    assert counts["panel_survey_invitations"] == 1
    assert not PanelSurveyInvitation.objects.filter(member=members["ada"]).exists()
    # The answer stays in the results, linked to nobody; Bo's invitation is untouched.
    assert SurveyResponse.objects.count() == 1
    assert PanelSurveyInvitation.objects.filter(member=members["bo"]).exists()
