"""Remind whoever answers for a consultation's outcome that it is due: a week before,
and on the day. That is the page's owner, or its lead partner's team when it has none
(see `selectors.consultations.outcome_responsibility`).

Run daily by `manage.py send_outcome_reminders`. A reminder missed because the job did
not run on the exact day is sent at the next run, and never twice.
"""

import datetime

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ..mail import send_email
from ..models import (
    ConsultationPage,
    ConsultationStatus,
    EngagementKind,
    OutcomeReminder,
    OutcomeReminderKind,
)
from ..models.locales import default_language_q
from ..selectors.consultations import outcome_responsibility

WEEK = datetime.timedelta(weeks=1)


def reminder_due(page, *, today, outcome_due_weeks):
    """The reminder a page should get today, as (kind, due date), or None."""
    due_on = page.outcome_due_on(outcome_due_weeks)
    if due_on is None:
        return None
    if today >= due_on:
        return OutcomeReminderKind.DUE, due_on
    if today >= due_on - WEEK:
        return OutcomeReminderKind.WEEK_BEFORE, due_on
    return None


def send_outcome_reminders(*, today=None, outcome_due_weeks, base_url=""):
    """Queue the reminders due today; returns how many were queued."""
    today = today or timezone.localdate()
    now = timezone.now()
    candidates = (
        ConsultationPage.objects.live()
        .filter(default_language_q())
        .filter(kind=EngagementKind.CONSULTATION, closes_at__isnull=False)
        .filter(ConsultationStatus.CLOSED.q(now))
        .select_related("owner", "lead_partner")
    )
    already_sent = set(
        OutcomeReminder.objects.filter(page__in=candidates).values_list("page_id", "kind", "due_on")
    )
    due = []
    for page in candidates:
        reminder = reminder_due(page, today=today, outcome_due_weeks=outcome_due_weeks)
        if reminder is not None and (page.pk, *reminder) not in already_sent:
            due.append((page, *reminder))
    responsible = outcome_responsibility(page for page, _kind, _due_on in due)
    queued = 0
    for page, kind, due_on in due:
        recipients = responsible[page.pk].emails
        # Nobody to tell: nothing is recorded, so the reminder goes out once someone
        # owns the page or joins its lead partner's team. The dashboard flags it.
        if not recipients:
            continue
        if _record(page, kind, due_on, recipients):
            body = render_to_string(
                "consultation_blocks/emails/outcome_reminder.txt",
                {
                    "page": page,
                    "kind": kind,
                    "due_on": due_on,
                    "base_url": base_url,
                    "responsible": responsible[page.pk],
                },
            )
            subject = (
                f"Outcome due today: {page.title}"
                if kind == OutcomeReminderKind.DUE
                else f"Outcome due in a week: {page.title}"
            )
            transaction.on_commit(
                lambda subject=subject, body=body, to=recipients: send_email.enqueue(
                    subject=subject, body=body, recipients=to
                )
            )
            queued += 1
    return queued


def _record(page, kind, due_on, recipients):
    """Record the reminder; False if another run recorded it first."""
    try:
        with transaction.atomic():
            OutcomeReminder.objects.create(
                page=page, kind=kind, due_on=due_on, recipients=recipients
            )
    except IntegrityError:
        return False
    return True
