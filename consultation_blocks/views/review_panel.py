"""The dashboard's "Awaiting your review" panel in a fixed number of queries.

Wagtail's panel lists the task states each person may act on
(``TaskState.objects.reviewable_by``, which the workflow's tasks narrow to what that
person may approve, see ``models/workflows.py``), then asks for every item its task,
its workflow's steps with their status and whether the person may act on it: a few
queries per item. This panel shows the same items with the same template, loading
those in bulk: the tasks, each workflow's steps once, every item's step statuses and
the partners recorded on every item, whatever the number of items.
"""

from django.conf import settings
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, Revision, Task, TaskState, WorkflowTask

from ..models import PartnerApprovalTaskState
from ..models.teams import prime_lead_partner_ids
from ..models.workflows import PartnerScopedTaskMixin


def _steps_by_workflow(workflow_ids):
    steps = {workflow_id: [] for workflow_id in workflow_ids}
    links = (
        WorkflowTask.objects.filter(workflow_id__in=workflow_ids)
        .order_by("sort_order")
        .values_list("workflow_id", "task_id")
    )
    task_ids = set()
    for workflow_id, task_id in links:
        steps[workflow_id].append(task_id)
        task_ids.add(task_id)
    return steps, task_ids


def _latest_statuses(workflow_state_ids):
    """{(workflow state id, task id): status} of each step's latest task state."""
    latest = {}
    rows = (
        TaskState.objects.filter(workflow_state_id__in=workflow_state_ids)
        .order_by("started_at", "id")
        .values_list("workflow_state_id", "task_id", "status")
    )
    for workflow_state_id, task_id, status in rows:
        latest[(workflow_state_id, task_id)] = status
    return latest


def _recorded_partners(task_state_ids):
    partners = {pk: set() for pk in task_state_ids}
    through = PartnerApprovalTaskState.partners.through
    for task_state_id, partner_id in through.objects.filter(
        partnerapprovaltaskstate_id__in=task_state_ids
    ).values_list("partnerapprovaltaskstate_id", "partner_id"):
        partners[task_state_id].add(partner_id)
    return {pk: frozenset(ids) for pk, ids in partners.items()}


class ReviewPanel(WorkflowObjectsToModeratePanel):
    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super(WorkflowObjectsToModeratePanel, self).get_context_data(parent_context)
        context["states"] = []
        context["request"] = request
        context["csrf_token"] = parent_context["csrf_token"]
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context
        if getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
            # Step statuses then depend on each object's latest revision: Wagtail's way.
            return super().get_context_data(parent_context)

        user = request.user
        states = list(
            TaskState.objects.reviewable_by(user)
            .select_related("revision", "revision__user", "workflow_state")
            .prefetch_related(
                "revision__content_object",
                "revision__content_object__latest_revision",
            )
            .order_by("-started_at")
            .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())
        )
        if not states:
            return context

        steps, step_task_ids = _steps_by_workflow(
            {state.workflow_state.workflow_id for state in states}
        )
        tasks = {
            task.pk: task
            for task in Task.objects.filter(
                pk__in=step_task_ids | {state.task_id for state in states}
            ).specific()
        }
        statuses = _latest_statuses({state.workflow_state_id for state in states})
        # The listing's edit links ask each record's partner rule: load it for them all.
        prime_lead_partner_ids(
            [
                state.revision.content_object
                for state in states
                if state.revision.content_object is not None
                and not isinstance(state.revision.content_object, Page)
            ]
        )
        partners = _recorded_partners([state.pk for state in states])
        status_names = dict(TaskState.STATUS_CHOICES)

        for state in states:
            obj = state.revision.content_object
            if not obj:
                continue
            task = tasks[state.task_id]
            if isinstance(task, PartnerScopedTaskMixin):
                task.prime_review_check(obj, user, partners[state.pk], state)
            workflow_tasks = []
            for task_id in steps.get(state.workflow_state.workflow_id, []):
                # Each item gets its own copy: the statuses differ from item to item.
                step = _copy(tasks[task_id])
                step.status = statuses.get((state.workflow_state_id, task_id))
                step.status_display = status_names.get(step.status, "Not started")
                workflow_tasks.append(step)

            if isinstance(obj, Page):
                url_names = (
                    "wagtailadmin_pages:workflow_action",
                    "wagtailadmin_pages:workflow_preview",
                    "wagtailadmin_pages:revisions_compare",
                )
            else:
                viewset = obj.snippet_viewset
                url_names = (
                    viewset.get_url_name("workflow_action"),
                    viewset.get_url_name("workflow_preview"),
                    viewset.get_url_name("revisions_compare"),
                )
            action_url, preview_url, compare_url = url_names
            if not getattr(obj, "is_previewable", False):
                preview_url = None
            context["states"].append(
                {
                    "obj": obj,
                    "revision": state.revision,
                    "previous_revision_id": state.previous_revision_id,
                    "live_revision_id": obj.live_revision_id,
                    "task_state": state,
                    "actions": task.get_actions(obj, user),
                    "workflow_tasks": workflow_tasks,
                    "workflow_action_url_name": action_url,
                    "workflow_preview_url_name": preview_url,
                    "revisions_compare_url_name": compare_url,
                }
            )
        return context


def _copy(task):
    copy = type(task).__new__(type(task))
    copy.__dict__.update(task.__dict__)
    return copy
