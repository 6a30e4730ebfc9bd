"""Telling people what they need to know: moderators about waiting items in their
partners' scope (at most one digest an hour), and respondents about the outcome they asked to hear about."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from ..mail import send_email
from ..models import (
    Comment,
    CommentState,
    ConsultationPage,
    ConsultationStatus,
    ModerationDigest,
    OutcomeNotification,
    SurveyResponse,
)
from ..models.locales import default_language_q
from ..selectors.comments import moderation_queue

DIGEST_INTERVAL = datetime.timedelta(hours=1)


def moderators_to_notify():
    """Active users who may moderate and have an email address."""
    permission = Permission.objects.get(
        codename="moderate_comment", content_type__app_label="consultation_blocks"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions=permission)
            | Q(groups__permissions=permission)
        )
        .distinct()
    )


def send_moderation_digest(*, now=None, base_url=""):
    """Email each moderator a summary of the pending items they may moderate (the
    partner scope of the queue itself), unless a digest went out in the last hour. A
    moderator with nothing waiting in their scope gets nothing. Returns the number of
    recipients (0 when nothing was sent)."""
    now = now or timezone.now()
    last = ModerationDigest.objects.order_by("-sent_at").first()
    if last is not None and now - last.sent_at < DIGEST_INTERVAL:
        return 0
    total = Comment.objects.filter(state=CommentState.PENDING).count()
    if total == 0:
        return 0
    emails = []
    for moderator in moderators_to_notify():
        pending = moderation_queue(moderator).filter(state=CommentState.PENDING)
        count = pending.count()
        if count == 0:
            continue
        oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
        body = render_to_string(
            "consultation_blocks/emails/moderation_digest.txt",
            {"count": count, "oldest": oldest, "base_url": base_url},
        )
        subject = f"{count} item{'s' if count != 1 else ''} waiting for moderation"
        emails.append((moderator.email, subject, body))
    if not emails:
        return 0
    with transaction.atomic():
        ModerationDigest.objects.create(pending_count=total, recipients=len(emails))
        for email, subject, body in emails:
            # One email each: a moderator sees only their own partners' count.
            transaction.on_commit(
                lambda email=email, subject=subject, body=body: send_email.enqueue(
                    subject=subject, body=body, recipients=[email]
                )
            )
    return len(emails)


def notify_outcome(*, page, base_url=""):
    """Email every respondent who asked to hear about the outcome, once, after the
    outcome is visible. Returns the number emailed."""
    if page.status_at(timezone.now()) != ConsultationStatus.OUTCOME:
        return 0
    emails = sorted(
        set(
            SurveyResponse.objects.filter(page=page, wants_updates=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    try:
        with transaction.atomic():
            OutcomeNotification.objects.create(page=page, recipients=len(emails))
            body = render_to_string(
                "consultation_blocks/emails/outcome_published.txt",
                {"page": page, "base_url": base_url},
            )
            for email in emails:
                # One email each: respondents must not see one another's addresses.
                transaction.on_commit(
                    lambda email=email: send_email.enqueue(
                        subject=f"What happened after you took part: {page.title}",
                        body=body,
                        recipients=[email],
                    )
                )
    except IntegrityError:
        return 0
    return len(emails)


def notify_due_outcomes(*, base_url=""):
    """Catch outcomes that became visible at a scheduled time; run regularly."""
    due = (
        ConsultationPage.objects.live()
        .filter(default_language_q())
        .filter(ConsultationStatus.OUTCOME.q(timezone.now()))
        .filter(outcome_notification__isnull=True)
    )
    return sum(notify_outcome(page=page, base_url=base_url) for page in due)
