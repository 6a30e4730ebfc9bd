"""Posting, reporting and moderating what residents write."""

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from ..mail import send_email
from ..models import (
    REPORTS_TO_REQUEUE,
    Comment,
    CommentKind,
    CommentReport,
    CommentState,
)
from ..selectors.comments import comment_reporter_count
from ..tasks import send_moderation_digest_task

REPLY_UNAVAILABLE = _("The comment you are replying to is not available.")


class CommentNotAllowed(Exception):
    """The comment cannot be accepted; the message says why, for the resident."""


class ModerationAction:
    APPROVE = "approve"
    REJECT = "reject"
    SPAM = "spam"

    STATES = {
        APPROVE: CommentState.APPROVED,
        REJECT: CommentState.REJECTED,
        SPAM: CommentState.SPAM,
    }
    # What the admin says was done, in its messages and in each item's history.
    PAST_TENSE = {APPROVE: "Approved", REJECT: "Rejected", SPAM: "Marked as spam"}


def post_comment(*, page, name, email, body, anonymous=False, parent=None, allow_anonymous=False):
    """Store a resident's comment, pending moderation."""
    if not page.is_open:
        raise CommentNotAllowed(_("Comments are closed because this consultation has closed."))
    if parent is not None:
        if parent.page_id != page.pk or parent.state != CommentState.APPROVED:
            raise CommentNotAllowed(REPLY_UNAVAILABLE)
        if parent.parent_id is not None:
            # Replies go one level deep: a reply to a reply joins the original thread.
            parent = parent.parent
    if anonymous and not allow_anonymous:
        raise CommentNotAllowed(
            _("Please give a name: this consultation does not take anonymous comments.")
        )
    comment = Comment.objects.create(
        page=page,
        kind=CommentKind.COMMENT,
        parent=parent,
        name="" if anonymous else name.strip(),
        email=email.strip(),
        body=body.strip(),
    )
    # Moderators hear about it in their digest (the task keeps to one an hour).
    transaction.on_commit(send_moderation_digest_task.enqueue)
    return comment


def report_comment(*, comment, reason, reporter, reporter_address):
    """Record a visitor's report; reports from enough distinct reporters send the comment
    back to the moderators. Returns False if this browser had already reported it.

    `reporter` identifies the browser, `reporter_address` the connection (both keyed
    hashes). A new browser session costs nothing, so only distinct addresses count
    towards the threshold: one person cannot hide a comment alone. Their further
    reports are still kept, for the moderators to read."""
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment,
                reason=reason,
                reporter=reporter,
                reporter_address=reporter_address,
            )
            reporters = comment_reporter_count(comment)
            if reporters >= REPORTS_TO_REQUEUE and comment.state == CommentState.APPROVED:
                comment.state = CommentState.PENDING
                comment.was_requeued = True
                comment.save(update_fields=["state", "was_requeued"])
                log(
                    comment,
                    "consultation_blocks.comment.requeue",
                    data={"reports": comment.reports.count(), "reporters": reporters},
                )
    except IntegrityError:
        return False
    return True


def moderate_comments(*, comments, action, user, rule=None, note=""):
    """Approve, reject or mark as spam; each decision is logged with who, when and why.
    Rejected commenters who left an email address are told which rule was broken."""
    if action not in ModerationAction.STATES:
        raise ValueError(f"Unknown moderation action {action!r}")
    if action == ModerationAction.REJECT and rule is None:
        raise ValueError("A rejection must cite a house rule.")
    new_state = ModerationAction.STATES[action]
    now = timezone.now()
    changed = []
    with transaction.atomic():
        for comment in comments:
            comment.state = new_state
            comment.moderated_by = user
            comment.moderated_at = now
            comment.broken_rule = rule if action == ModerationAction.REJECT else None
            comment.moderation_note = note
            comment.save(
                update_fields=[
                    "state",
                    "moderated_by",
                    "moderated_at",
                    "broken_rule",
                    "moderation_note",
                ]
            )
            log(
                comment,
                f"consultation_blocks.comment.{action}",
                user=user,
                data={"rule": str(rule) if rule else "", "note": note},
            )
            changed.append(comment)
            if action == ModerationAction.REJECT and comment.email:
                _queue_rejection_email(comment, rule)
    return changed


def _queue_rejection_email(comment, rule):
    body = render_to_string(
        "consultation_blocks/emails/comment_rejected.txt", {"comment": comment, "rule": rule}
    )
    transaction.on_commit(
        lambda: send_email.enqueue(
            subject=f"Your comment on {comment.page.title}",
            body=body,
            recipients=[comment.email],
        )
    )


def propose_quote(*, page, response, question_id, text, user):
    """Queue a survey answer for publication on the page, through the same moderation
    as comments."""
    return Comment.objects.create(
        page=page,
        kind=CommentKind.QUOTE,
        response=response,
        question_id=question_id,
        body=text.strip(),
        proposed_by=user,
    )
