"""Decisions and indicators in the admin, as snippets: they are records kept by a
partner rather than pages with a place in the tree (a decision lives in its
partner's decision system; this is the partnership's copy of it, linked to the
consultations that informed it).

Each record belongs to a partner, and people see and change only their partners'
records, by the rule of ``partners_whose_data_user_sees``. The record's partner is
read from the database before anything is shown or saved, never from what the form
sends; the form then refuses a partner outside the editor's own.
"""

from django.core.exceptions import PermissionDenied
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..forms.decisions import PartnerScopedAdminForm
from ..models import Decision, Indicator
from ..models.teams import partners_whose_data_user_sees


def _stored_partner_id(instance):
    return (
        type(instance).objects.filter(pk=instance.pk).values_list("partner_id", flat=True).first()
    )


class PartnerScopedObjectMixin:
    """Refuses a record of a partner the person does not act for: the partner stored in
    the record's row and the one in the version at hand (a draft, a revision) must
    both be theirs, so nobody publishes a draft another partner's team wrote."""

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        scope = partners_whose_data_user_sees(self.request.user)
        given = getattr(instance, "partner_id", None)
        if not (scope.covers(_stored_partner_id(instance)) and scope.covers(given)):
            raise PermissionDenied
        return instance


class ScopedIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        scope = partners_whose_data_user_sees(self.request.user)
        if scope.every_partner:
            return queryset
        return queryset.filter(partner_id__in=scope.partner_ids)


def _scoped(view_class):
    return type(view_class.__name__, (PartnerScopedObjectMixin, view_class), {})


class PartnerScopedViewSet(SnippetViewSet):
    index_view_class = ScopedIndexView
    edit_view_class = _scoped(snippet_views.EditView)
    delete_view_class = _scoped(snippet_views.DeleteView)
    copy_view_class = _scoped(snippet_views.CopyView)
    usage_view_class = _scoped(snippet_views.UsageView)
    history_view_class = _scoped(snippet_views.HistoryView)
    inspect_view_class = _scoped(snippet_views.InspectView)
    unpublish_view_class = _scoped(snippet_views.UnpublishView)
    lock_view_class = _scoped(snippet_views.LockView)
    unlock_view_class = _scoped(snippet_views.UnlockView)
    revisions_view_class = _scoped(snippet_views.PreviewRevisionView)
    revisions_compare_view_class = _scoped(snippet_views.RevisionsCompareView)
    revisions_unschedule_view_class = _scoped(snippet_views.RevisionsUnscheduleView)
    preview_on_edit_view_class = _scoped(snippet_views.PreviewOnEditView)

    def get_edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=PartnerScopedAdminForm).bind_to_model(
            self.model
        )


class DecisionViewSet(PartnerScopedViewSet):
    model = Decision
    icon = "tasks"
    menu_label = "Decisions"
    list_display = ["reference", "title", "decision_maker", "kind", "status", "due_on"]
    list_filter = ["kind", "status", "partner"]
    list_export = ["reference", "title", "decision_maker", "kind", "status", "due_on", "decided_on"]
    ordering = ["-due_on", "reference"]


class IndicatorViewSet(PartnerScopedViewSet):
    model = Indicator
    icon = "table"
    menu_label = "Indicators"
    list_display = ["code", "title", "unit", "direction", "partner"]
    list_filter = ["partner", "unit"]
    ordering = ["code"]


class DeliveryViewSetGroup(SnippetViewSetGroup):
    items = (DecisionViewSet, IndicatorViewSet)
    menu_icon = "tasks"
    menu_label = "Decisions and delivery"
    menu_name = "delivery"
    menu_order = 260


register_snippet(DeliveryViewSetGroup)
