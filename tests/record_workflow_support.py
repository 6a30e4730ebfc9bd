"""Helpers for driving the approval workflow of the partnership's records (engagement
activities, decisions, indicators) over HTTP, as the admin's buttons do."""

from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

SUBMIT = {"action-submit": "action-submit"}
PUBLISH = {"action-publish": "action-publish"}


def snippet_url(model, name, *args):
    meta = model._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{name}", args=args)


def current_task_state(record):
    state = (
        TaskState.objects.filter(
            workflow_state__base_content_type=record.get_base_content_type(),
            workflow_state__object_id=str(record.pk),
            workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
            status=TaskState.STATUS_IN_PROGRESS,
        )
        .order_by("-pk")
        .first()
    )
    return state.specific if state else None


def workflow_action(client, record, action, *, comment=""):
    """Take `action` ("approve" or "reject") on the step `record` is waiting at."""
    task_state = current_task_state(record)
    assert task_state is not None, f"{record} is not waiting for anyone"
    url = snippet_url(type(record), "workflow_action", record.pk, action, task_state.pk)
    return client.post(url, {"comment": comment})


def approve_all(client, record):
    """Approve every step `record` waits at, as one moderator; returns the responses."""
    responses = []
    for _ in range(3):
        if current_task_state(record) is None:
            break
        responses.append(workflow_action(client, record, "approve"))
    return responses


def fresh(record):
    return type(record).objects.get(pk=record.pk)


def refused(response):
    """Wagtail's admin answers a refused permission by sending the person to the
    dashboard (or, for some views, with a 403)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.get("Location") == reverse("wagtailadmin_home")
    )


def approved(responses):
    return bool(responses) and all(
        response.status_code == 302 and not refused(response) for response in responses
    )
