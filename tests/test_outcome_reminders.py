"""Closing the loop: overdue outcomes are flagged and owners are reminded, once."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultation_blocks.models import ConsultationPage, OutcomeReminder
from consultation_blocks.services.reminders import send_outcome_reminders
from tests.factories import ConsultationPageFactory

WEEK = datetime.timedelta(weeks=1)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the reminders, then the on-commit callbacks that queue their emails."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send_outcome_reminders(**kwargs)

    return run


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_user(
        "owner", email="owner@example.org", first_name="Olu", last_name="Owner"
    )


def closed_consultation(consultation_index, owner, *, closed_weeks_ago, **fields):
    now = timezone.now()
    page = ConsultationPageFactory(
        parent=consultation_index,
        owner=owner,
        body=[],
        opens_at=now - (closed_weeks_ago + 6) * WEEK,
        closes_at=now - closed_weeks_ago * WEEK,
        **fields,
    )
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def test_owner_is_reminded_a_week_before_and_on_the_day_once_each(
    consultation_index, owner, remind
):
    page = closed_consultation(consultation_index, owner, closed_weeks_ago=1)
    due_on = page.outcome_due_on(12)
    assert remind(today=due_on - 2 * WEEK, outcome_due_weeks=12) == 0
    assert remind(today=due_on - WEEK, outcome_due_weeks=12) == 1
    # Run again the same day, and the next day: nothing more.
    assert remind(today=due_on - WEEK, outcome_due_weeks=12) == 0
    assert (
        send_outcome_reminders(
            today=due_on - WEEK + datetime.timedelta(days=1), outcome_due_weeks=12
        )
        == 0
    )
    assert remind(today=due_on, outcome_due_weeks=12) == 1
    assert remind(today=due_on + WEEK, outcome_due_weeks=12) == 0

    assert [m.subject for m in mail.outbox] == [
        f"Outcome due in a week: {page.title}",
        f"Outcome due today: {page.title}",
    ]
    assert mail.outbox[0].to == ["owner@example.org"]
    assert f"/admin/pages/{page.pk}/edit/" in mail.outbox[0].body
    assert OutcomeReminder.objects.filter(page=page).count() == 2


def test_a_missed_day_is_caught_up(consultation_index, owner, remind):
    page = closed_consultation(consultation_index, owner, closed_weeks_ago=20)
    assert remind(outcome_due_weeks=12) == 1
    assert mail.outbox[0].subject == f"Outcome due today: {page.title}"


def test_no_reminder_once_the_outcome_is_published(consultation_index, owner, remind):
    closed_consultation(
        consultation_index,
        owner,
        closed_weeks_ago=20,
        outcome_summary="Decided.",
        outcome_published_at=timezone.now() - WEEK,
    )
    assert remind(outcome_due_weeks=12) == 0
    assert mail.outbox == []


def test_the_page_can_set_its_own_due_date(consultation_index, owner, remind):
    page = closed_consultation(
        consultation_index,
        owner,
        closed_weeks_ago=1,
        outcome_due_date=timezone.localdate() + datetime.timedelta(days=3),
    )
    assert remind(outcome_due_weeks=12) == 1
    assert mail.outbox[0].subject == f"Outcome due in a week: {page.title}"


def test_the_daily_command_uses_the_partnership_setting(
    consultation_index, owner, capsys, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from consultation_blocks.models import ConsultationSettings

    settings = ConsultationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.outcome_due_weeks = 2
    settings.save()
    closed_consultation(consultation_index, owner, closed_weeks_ago=3)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_outcome_reminders")
    assert len(mail.outbox) == 1
    assert "Queued 1 outcome reminder(s)." in capsys.readouterr().out


def test_dashboard_lists_overdue_outcomes(admin_client, consultation_index, owner):
    overdue = closed_consultation(consultation_index, owner, closed_weeks_ago=14)
    closed_consultation(consultation_index, owner, closed_weeks_ago=2, title="Recently closed")
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Outcomes overdue" in content
    assert overdue.title in content
    assert "Recently closed" not in content
