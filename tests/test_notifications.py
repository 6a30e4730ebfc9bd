"""Moderators' hourly digest and the outcome email to respondents who asked for it."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consultation_blocks.models import (
    Comment,
    ConsultationPage,
    OutcomeNotification,
    SurveyResponse,
)
from consultation_blocks.services.notifications import notify_outcome, send_moderation_digest
from tests.factories import ConsultationPageFactory, comments_block
from tests.public_forms import with_guard

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("mod", email="mod@example.org")
    user.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    return user


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def call(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return call


def test_digest_goes_to_moderators_at_most_once_an_hour(
    open_consultation, moderator, run, django_user_model
):
    django_user_model.objects.create_user("resident", email="resident@example.org")
    Comment.objects.create(page=open_consultation, name="A", email="a@x.org", body="b")
    now = timezone.now()
    assert run(send_moderation_digest, now=now) == 1
    assert run(send_moderation_digest, now=now + HOUR / 2) == 0
    assert run(send_moderation_digest, now=now + HOUR + datetime.timedelta(seconds=1)) == 1
    assert [m.to for m in mail.outbox] == [["mod@example.org"], ["mod@example.org"]]
    assert mail.outbox[0].subject == "1 item waiting for moderation"


def test_no_digest_when_nothing_waits(open_consultation, moderator, run):
    assert run(send_moderation_digest) == 0
    assert mail.outbox == []


def test_posting_a_comment_queues_the_digest(
    client, consultation_index, moderator, django_capture_on_commit_callbacks
):
    page = ConsultationPageFactory(parent=consultation_index, body=[comments_block()])
    page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            page.url + "comments/",
            with_guard({"name": "Sam", "email": "sam@example.org", "body": "A thought"}),
        )
    assert [m.subject for m in mail.outbox] == ["1 item waiting for moderation"]


def respondents(page):
    SurveyResponse.objects.create(
        page=page, survey_id="s", email="yes@example.org", wants_updates=True
    )
    SurveyResponse.objects.create(
        page=page, survey_id="s", email="yes@example.org", wants_updates=True
    )
    SurveyResponse.objects.create(
        page=page, survey_id="s", email="no@example.org", wants_updates=False
    )
    SurveyResponse.objects.create(page=page, survey_id="s", email="", wants_updates=True)


def test_outcome_email_goes_once_to_each_respondent_who_asked(
    consultation_index, django_capture_on_commit_callbacks
):
    now = timezone.now()
    page = ConsultationPageFactory(
        parent=consultation_index,
        body=[],
        opens_at=now - 40 * HOUR * 24,
        closes_at=now - 10 * HOUR * 24,
    )
    page.save_revision().publish()
    respondents(page)
    page = ConsultationPage.objects.get(pk=page.pk)
    page.outcome_summary = "We kept the library open."
    page.outcome_published_at = now - HOUR
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert [m.to for m in mail.outbox] == [["yes@example.org"]]
    assert "We kept the library open." in mail.outbox[0].body
    assert OutcomeNotification.objects.get(page=page).recipients == 1

    # Publishing again does not email again.
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        notify_outcome(page=page)
    assert len(mail.outbox) == 1


def test_scheduled_outcome_is_sent_when_it_appears(
    consultation_index, django_capture_on_commit_callbacks
):
    now = timezone.now()
    page = ConsultationPageFactory(
        parent=consultation_index,
        body=[],
        opens_at=now - 40 * HOUR * 24,
        closes_at=now - 10 * HOUR * 24,
        outcome_summary="Decided.",
        outcome_published_at=now + HOUR,
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    respondents(page)
    assert mail.outbox == []  # not visible yet

    ConsultationPage.objects.filter(pk=page.pk).update(outcome_published_at=now - HOUR)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_notifications")
    assert [m.to for m in mail.outbox] == [["yes@example.org"]]


def test_each_moderator_hears_only_of_items_in_their_partners_scope(
    make_consultation, role_users, partner_a, partner_b, run
):
    """The digest applies the queue's partner scope: a moderator for one partner is not
    told of (or given the count of) another partner's residents' comments."""
    page_a = make_consultation(lead_partner=partner_a, live=True)
    page_b = make_consultation(lead_partner=partner_b, live=True)
    for body in ("one", "two"):
        Comment.objects.create(page=page_a, name="A", email="x@x.org", body=body)
    Comment.objects.create(page=page_b, name="B", email="y@x.org", body="three")

    assert run(send_moderation_digest) == 3
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "moderator_a@partnership.example": "2 items waiting for moderation",
        "moderator_b@partnership.example": "1 item waiting for moderation",
        # Administrators act for every partner.
        "administrator@partnership.example": "3 items waiting for moderation",
    }


def test_a_moderator_with_nothing_in_scope_gets_no_digest(
    make_consultation, role_users, partner_a, run
):
    page_a = make_consultation(lead_partner=partner_a, live=True)
    Comment.objects.create(page=page_a, name="A", email="x@x.org", body="one")
    assert run(send_moderation_digest) == 2
    assert "moderator_b@partnership.example" not in {message.to[0] for message in mail.outbox}
