"""Connect workflow events to background notifications.

Wagtail connects its own email notifiers to these signals and sends the emails inside
the request. We connect under Wagtail's dispatch_uids instead: Django keeps only the
first receiver per dispatch_uid and sender, so whichever app is ready first, the emails
are sent once, by a background task. The receivers only queue work.
"""

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from .models import PartnerApprovalTaskState
from .services.workflow_notifications import queue_workflow_notification


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


def register_signal_handlers():
    for signal, sender, dispatch_uid, receiver in RECEIVERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid, weak=False)
