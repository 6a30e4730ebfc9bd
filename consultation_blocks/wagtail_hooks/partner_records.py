"""The admin screens of the partnership's records under moderation (engagement
activities, decisions, indicators): every screen that acts on one record refuses a
record whose partner the person does not act for.

The rule is the permission policy's (``permissions.PartnerRecordPermissionPolicy``):
the partner stored in the record's row and the one in the version at hand (a draft, a
revision being reverted to, the version under review) must both be theirs, so nobody
edits, approves or publishes a draft another partner's team answers for. Each view
loads its record before anything is shown or saved, and checks it there.
"""

from django.core.exceptions import PermissionDenied
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.views import snippets as snippet_views

from ..models import Decision, EngagementActivity, Indicator
from ..permissions import PartnerRecordPermissionPolicy

for _model in (EngagementActivity, Decision, Indicator):
    register_permission_policy(_model, PartnerRecordPermissionPolicy(_model))


class PartnerScopedObjectMixin:
    required_instance_action = "change"

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if instance is None:
            return instance
        # The workflow's views have no policy of their own: ask the model's.
        policy = policy_registry.get_by_type(type(instance))
        if not policy.user_has_permission_for_instance(
            self.request.user, self.required_instance_action, instance
        ):
            raise PermissionDenied
        return instance


def scoped(view_class, action="change"):
    """`view_class`, refusing records of other partners for `action`."""
    return type(
        view_class.__name__,
        (PartnerScopedObjectMixin, view_class),
        {"required_instance_action": action},
    )


# Every screen that changes one record, or acts on its moderation.
ACTING_VIEWS = {
    "edit_view_class": (snippet_views.EditView, "change"),
    "delete_view_class": (snippet_views.DeleteView, "delete"),
    "unpublish_view_class": (snippet_views.UnpublishView, "publish"),
    "lock_view_class": (snippet_views.LockView, "change"),
    "unlock_view_class": (snippet_views.UnlockView, "change"),
    "revisions_unschedule_view_class": (snippet_views.RevisionsUnscheduleView, "publish"),
    "workflow_action_view_class": (snippet_views.WorkflowActionView, "change"),
    "collect_workflow_action_data_view_class": (
        snippet_views.CollectWorkflowActionDataView,
        "change",
    ),
    "confirm_workflow_cancellation_view_class": (
        snippet_views.ConfirmWorkflowCancellationView,
        "change",
    ),
}
# Screens that show one record's drafts and history.
READING_VIEWS = {
    "copy_view_class": snippet_views.CopyView,
    "usage_view_class": snippet_views.UsageView,
    "history_view_class": snippet_views.HistoryView,
    "inspect_view_class": snippet_views.InspectView,
    "revisions_view_class": snippet_views.PreviewRevisionView,
    "revisions_compare_view_class": snippet_views.RevisionsCompareView,
    "preview_on_edit_view_class": snippet_views.PreviewOnEditView,
    "workflow_preview_view_class": snippet_views.WorkflowPreviewView,
    "workflow_history_view_class": snippet_views.WorkflowHistoryView,
    "workflow_history_detail_view_class": snippet_views.WorkflowHistoryDetailView,
}


def scoped_view_classes(*, reading=True):
    """View class attributes for a SnippetViewSet. ``reading=False`` leaves the
    screens that only show a record open to all staff (the shared forward plan)."""
    classes = {name: scoped(view, action) for name, (view, action) in ACTING_VIEWS.items()}
    if reading:
        classes |= {name: scoped(view) for name, view in READING_VIEWS.items()}
    return classes
