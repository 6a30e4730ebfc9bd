"""Writes for the engagement network: an action's change of status with its history,
and the reminder that a body's yearly review is near or overdue.

The review reminder goes to the body's page owner, its shared contact address and
the teams of its partners. It is run daily by ``manage.py send_network_review_reminders``;
one review date is reminded of once, however often or late the job runs, and a new
review date (after the review, an editor moves it on a year) gets its own reminder.
"""

import datetime

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ..mail import send_email
from ..models import ActionState, ActionUpdate, NetworkBodyPage, NetworkReviewReminder
from ..models.teams import active_team_members

DEFAULT_REVIEW_NOTICE_DAYS = 28


def apply_state(action, *, state, meeting=None, today=None):
    """Set `action`'s status, and when it closes, the meeting and date it closed; the
    one rule for what closing an action means."""
    action.state = state
    if state == ActionState.OPEN:
        action.closed_at = None
        action.closed_on = None
    else:
        if meeting is not None:
            action.closed_at = meeting
        if action.closed_at_id:
            action.closed_on = action.closed_at.meeting_date
        else:
            action.closed_on = action.closed_on or today or timezone.localdate()


@transaction.atomic
def save_action(action, *, user=None, note="", meeting=None, previous_state=None):
    """Save `action` (already validated) and record in its history any change of
    status, or a note, as one update. A new action's first update says it was raised."""
    is_new = action.pk is None
    apply_state(action, state=action.state, meeting=meeting if action.state != "open" else None)
    action.save()
    changed = is_new or previous_state != action.state
    if changed or note:
        if meeting is None and not action.is_open:
            meeting = action.closed_at
        elif meeting is None and is_new:
            meeting = action.raised_at
        if not note and is_new:
            note = "Raised." if action.is_open else f"Recorded as {action.get_state_display()}."
        ActionUpdate.objects.create(
            action=action,
            meeting=meeting,
            state=action.state,
            note=note,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
    return action


def record_update(action, *, state, note="", meeting=None, user=None, when=None):
    """Add an update to `action`'s history and move it to `state` (the demo content and
    scripts use this; the admin form goes through ``save_action``)."""
    with transaction.atomic():
        apply_state(action, state=state, meeting=meeting if state != "open" else None)
        action.save()
        return ActionUpdate.objects.create(
            action=action,
            meeting=meeting,
            state=state,
            note=note,
            created_by=user,
            created_at=when or timezone.now(),
        )


def reviews_due(*, today, notice_days):
    """Live bodies whose review is due within `notice_days` or overdue, not yet
    reminded of for that review date."""
    horizon = today + datetime.timedelta(days=notice_days)
    bodies = (
        NetworkBodyPage.objects.live()
        .filter(review_due_on__isnull=False, review_due_on__lte=horizon)
        .select_related("owner")
        .prefetch_related("partners")
        .order_by("review_due_on", "pk")
    )
    sent = set(
        NetworkReviewReminder.objects.filter(body__in=bodies).values_list(
            "body_id", "review_due_on"
        )
    )
    return [body for body in bodies if (body.pk, body.review_due_on) not in sent]


def review_recipients(bodies):
    """Addresses to remind for each body, as {body id: sorted addresses}, in a fixed
    number of queries."""
    bodies = list(bodies)
    teams = active_team_members({p.pk for body in bodies for p in body.partners.all()})
    recipients = {}
    for body in bodies:
        addresses = set()
        if body.contact_email:
            addresses.add(body.contact_email)
        if body.owner_id and body.owner.is_active and body.owner.email:
            addresses.add(body.owner.email)
        for partner in body.partners.all():
            addresses.update(user.email for user in teams.get(partner.pk, []) if user.email)
        recipients[body.pk] = sorted(addresses)
    return recipients


def send_review_reminders(*, today=None, notice_days=DEFAULT_REVIEW_NOTICE_DAYS, base_url=""):
    """Queue the review reminders due today; returns how many were queued."""
    today = today or timezone.localdate()
    due = reviews_due(today=today, notice_days=notice_days)
    recipients = review_recipients(due)
    queued = 0
    for body in due:
        to = recipients[body.pk]
        # Nobody to tell: nothing is recorded, so the reminder goes out once someone
        # joins a partner's team or the body gets a contact address.
        if not to:
            continue
        if not _record(body, to):
            continue
        overdue = body.review_due_on < today
        message = render_to_string(
            "consultation_blocks/emails/network_review_reminder.txt",
            {"body": body, "overdue": overdue, "today": today, "base_url": base_url},
        )
        subject = f"Review overdue: {body.title}" if overdue else f"Review due soon: {body.title}"
        transaction.on_commit(
            lambda subject=subject, message=message, to=to: send_email.enqueue(
                subject=subject, body=message, recipients=to
            )
        )
        queued += 1
    return queued


def _record(body, recipients):
    """Record the reminder; False if another run recorded it first."""
    try:
        with transaction.atomic():
            NetworkReviewReminder.objects.create(
                body=body, review_due_on=body.review_due_on, recipients=recipients
            )
    except IntegrityError:
        return False
    return True


__all__ = ["apply_state", "record_update", "save_action", "send_review_reminders"]
