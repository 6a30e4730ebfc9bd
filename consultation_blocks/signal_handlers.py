"""Connect page and workflow events to background notifications. Receivers only queue
work; the work itself lives in services.

When a consultation or a network meeting is published, residents' immediate email
alerts are queued (the task sends only what is new). When a consultation is published with its outcome already visible, respondents who
asked for an update are emailed (outcomes scheduled for later are caught by
`manage.py send_notifications`).

Wagtail connects its own email notifiers to these signals and sends the emails inside
the request. We connect under Wagtail's dispatch_uids instead: Django keeps only the
first receiver per dispatch_uid and sender, so whichever app is ready first, the emails
are sent once, by a background task. The receivers only queue work.
"""

import logging

from django.db import transaction
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from .models import ConsultationPage, MeetingPage, PartnerApprovalTaskState
from .tasks import (
    notify_outcome_task,
    send_immediate_alerts_task,
    send_workflow_notification_task,
)

logger = logging.getLogger(__name__)


def queue_workflow_notification(*, kind, object_id, user_id=None, task_state_id=None):
    """Queue the email for after the current transaction commits."""

    def enqueue():
        try:
            send_workflow_notification_task.enqueue(
                kind=kind, object_id=object_id, user_id=user_id, task_state_id=task_state_id
            )
        except Exception:
            # A broken queue must not undo or fail the approval that was just saved.
            logger.exception("Could not queue the %s workflow notification", kind)

    transaction.on_commit(enqueue)


def _queue(kind):
    def receiver(sender, instance, user=None, **kwargs):
        queue_workflow_notification(
            kind=kind, object_id=instance.pk, user_id=getattr(user, "pk", None)
        )

    receiver.notification_kind = kind
    return receiver


def _queue_rejection(sender, instance, user=None, **kwargs):
    queue_workflow_notification(
        kind="rejected",
        object_id=instance.pk,
        user_id=getattr(user, "pk", None),
        task_state_id=instance.current_task_state_id,
    )


_queue_rejection.notification_kind = "rejected"

# (signal, sender, dispatch_uid, receiver); the first four dispatch_uids are Wagtail's.
RECEIVERS = [
    (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
        _queue("review_submitted"),
    ),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        _queue("workflow_submitted"),
    ),
    (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
        _queue_rejection,
    ),
    (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
        _queue("approved"),
    ),
    (
        task_submitted,
        PartnerApprovalTaskState,
        "consultation_blocks_sign_off_submitted_email_notification",
        _queue("sign_off_submitted"),
    ),
]


def queue_outcome_emails(sender, instance, **kwargs):
    if instance.show_outcome and not hasattr(instance, "outcome_notification"):
        page_id = instance.pk
        transaction.on_commit(lambda: notify_outcome_task.enqueue(page_id=page_id))


def queue_immediate_alerts(sender, instance, **kwargs):
    # Which subscribers want the page, and whether it is new, is decided by the task.
    page_id = instance.pk
    transaction.on_commit(lambda: send_immediate_alerts_task.enqueue(page_id=page_id))


def register_signal_handlers():
    for signal, sender, dispatch_uid, receiver in RECEIVERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid, weak=False)
    page_published.connect(
        queue_outcome_emails, sender=ConsultationPage, dispatch_uid="consultation-outcome-emails"
    )
    page_published.connect(
        queue_immediate_alerts, sender=ConsultationPage, dispatch_uid="consultation-email-alerts"
    )
    page_published.connect(
        queue_immediate_alerts, sender=MeetingPage, dispatch_uid="meeting-email-alerts"
    )
