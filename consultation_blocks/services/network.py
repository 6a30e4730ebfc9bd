"""Writes for the engagement network: an action's change of status, published with
its history, and the reminder that a body's yearly review is near or overdue.

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


def record_update(action, *, state, note="", meeting=None, user=None, when=None):
    """Move `action` to `state` with `note`, as a new version published at once, and
    return the history entry publishing it wrote (None when nothing changed). For the
    demo content and scripts: editors change actions in the admin, where a version
    waits for a moderator's approval. `when` dates the entry (the demo's past
    meetings)."""
    with transaction.atomic():
        draft = action.get_latest_revision_as_object() if action.latest_revision_id else action
        draft.apply_state(state=state, meeting=meeting if state != ActionState.OPEN else None)
        draft.update_note = note
        draft.update_meeting = meeting
        revision = draft.save_revision(user=user)
        revision.publish(user=user)
        update = ActionUpdate.objects.filter(revision=revision).first()
        if update is not None and when is not None:
            ActionUpdate.objects.filter(pk=update.pk).update(created_at=when)
            update.created_at = when
        action.refresh_from_db()
        return update


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


__all__ = ["record_update", "send_review_reminders"]
