"""Telling people what they need to know: moderators about waiting items (at most one
digest an hour), and respondents about the outcome they asked to hear about."""

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
    """Email moderators a summary of pending items, unless one went out in the last
    hour. Returns the number of recipients (0 when nothing was sent)."""
    now = now or timezone.now()
    last = ModerationDigest.objects.order_by("-sent_at").first()
    if last is not None and now - last.sent_at < DIGEST_INTERVAL:
        return 0
    pending = Comment.objects.filter(state=CommentState.PENDING)
    count = pending.count()
    if count == 0:
        return 0
    recipients = list(moderators_to_notify().values_list("email", flat=True))
    if not recipients:
        return 0
    oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
    body = render_to_string(
        "consultation_blocks/emails/moderation_digest.txt",
        {"count": count, "oldest": oldest, "base_url": base_url},
    )
    with transaction.atomic():
        ModerationDigest.objects.create(pending_count=count, recipients=len(recipients))
        transaction.on_commit(
            lambda: send_email.enqueue(
                subject=f"{count} item{'s' if count != 1 else ''} waiting for moderation",
                body=body,
                recipients=recipients,
            )
        )
    return len(recipients)


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
