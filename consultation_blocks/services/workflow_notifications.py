"""Emails about pages moving through approval.

Wagtail's own notifiers decide most of the recipients and respect each person's
notification preferences; this module gives them the plugin's wording, adds the lead
partner's sign-off, and puts the moderators' comments in the approval email. It runs in
a background task (``tasks.py``, queued by ``signal_handlers.py``): the request that approves or submits a page only
queues the email, so a slow or broken mail server never fails or delays it.
"""

from django.contrib.auth import get_user_model
from wagtail.admin.mail import (
    EmailNotificationMixin,
    GroupApprovalTaskStateSubmissionEmailNotifier,
    Notifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.models import AbstractPage, TaskState, WorkflowState

from ..models import PartnerApprovalTaskState

TEMPLATE_DIRECTORY = "consultation_blocks/notifications/"


class PluginTemplatesMixin:
    """Use the plugin's templates, named by ``template_name``; ``notification`` stays
    Wagtail's ("submitted", "approved", "rejected") because it names the preference each
    person can switch off in their account settings."""

    template_name = ""

    def get_template_set(self, instance, **kwargs):
        base = TEMPLATE_DIRECTORY + self.template_name
        return {"subject": f"{base}_subject.txt", "text": f"{base}.txt", "html": f"{base}.html"}


class ReviewSubmittedNotifier(PluginTemplatesMixin, GroupApprovalTaskStateSubmissionEmailNotifier):
    """To the groups of a group approval task (the Moderators), when a page reaches it;
    for a record, only to those of them who may review it (its partners' teams)."""

    template_name = "task_submitted"

    def get_recipient_users(self, task_state, **kwargs):
        recipients = super().get_recipient_users(task_state, **kwargs)
        task = task_state.task.specific
        if not hasattr(task, "may_act_at_step"):
            return recipients
        return {user for user in recipients if task.may_act_at_step(task_state, user)}


class SignOffSubmittedNotifier(PluginTemplatesMixin, EmailNotificationMixin, Notifier):
    """To the lead partner's moderators, when a page reaches their sign-off."""

    notification = "submitted"
    template_name = "task_submitted"

    def __init__(self):
        super().__init__((PartnerApprovalTaskState,))

    def get_recipient_users(self, task_state, **kwargs):
        triggering_user = kwargs.get("user")
        recipients = task_state.task.specific.get_notification_recipients(task_state)
        return {user for user in recipients if user != triggering_user}

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["task"] = task_state.task.specific
        context["object"] = task_state.workflow_state.content_object
        if isinstance(context["object"], AbstractPage):
            context["page"] = context["object"].specific
        context["partners"] = list(task_state.partners.order_by("name"))
        return context


class WorkflowSubmittedNotifier(PluginTemplatesMixin, WorkflowStateSubmissionEmailNotifier):
    """Wagtail's note to superusers that a workflow started (off unless
    WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS is true)."""

    template_name = "workflow_submitted"


class ApprovedNotifier(PluginTemplatesMixin, WorkflowStateApprovalEmailNotifier):
    """To the person who submitted the page, once every step has approved it."""

    template_name = "approved"

    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        context["reviews"] = list(
            workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
            .exclude(comment="")
            .select_related("task", "finished_by")
            .order_by("finished_at", "pk")
        )
        page = context.get("page")
        scheduled = page.scheduled_revision if page is not None and not page.live else None
        context["goes_live_at"] = scheduled.approved_go_live_at if scheduled else None
        return context


class RejectedNotifier(PluginTemplatesMixin, WorkflowStateRejectionEmailNotifier):
    """To the person who submitted the page, with the moderator's comment."""

    template_name = "rejected"

    def get_context(self, workflow_state, **kwargs):
        # The base class reads the workflow's current task state when the email is
        # built; by then the page may have been resubmitted, so use the rejected one.
        task_state_id = kwargs.get("task_state_id")
        if task_state_id:
            rejected = TaskState.objects.filter(pk=task_state_id).first()
            if rejected is not None:
                workflow_state.current_task_state = rejected
        return super().get_context(workflow_state, **kwargs)


NOTIFIERS = {
    "review_submitted": (TaskState, ReviewSubmittedNotifier()),
    "sign_off_submitted": (PartnerApprovalTaskState, SignOffSubmittedNotifier()),
    "workflow_submitted": (WorkflowState, WorkflowSubmittedNotifier()),
    "approved": (WorkflowState, ApprovedNotifier()),
    "rejected": (WorkflowState, RejectedNotifier()),
}


def send_workflow_notification(*, kind, object_id, user_id=None, task_state_id=None):
    """Send one workflow email; False if something was not sent (already logged)."""
    model, notifier = NOTIFIERS[kind]
    instance = model.objects.filter(pk=object_id).first()
    if instance is None:
        # Deleted before the email went out: nothing to tell anyone.
        return True
    if isinstance(instance, TaskState):
        instance = instance.specific
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return notifier(instance=instance, user=user, task_state_id=task_state_id)
