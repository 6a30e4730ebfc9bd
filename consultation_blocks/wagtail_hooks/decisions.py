"""Decisions and indicators in the admin, as snippets: they are records kept by a
partner rather than pages with a place in the tree (a decision lives in its
partner's decision system; this is the partnership's copy of it, linked to the
consultations that informed it).

Each record belongs to a partner, and people see and change only their partners'
records (``partner_records``); the form then refuses a partner outside the editor's
own. Both go through the partnership's approval workflow, like pages: editors submit
drafts, and a moderator of the record's partner approves and so publishes them.
"""

from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..forms.decisions import PartnerScopedAdminForm
from ..models import Decision, Indicator
from ..models.teams import partners_whose_data_user_sees
from .partner_records import scoped_view_classes


class ScopedIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        scope = partners_whose_data_user_sees(self.request.user)
        if scope.every_partner:
            return queryset
        return queryset.filter(partner_id__in=scope.partner_ids)


class PartnerScopedViewSet(SnippetViewSet):
    index_view_class = ScopedIndexView

    def get_queryset(self, request):
        # The listing names each record's partner: one query for them all.
        return self.model.objects.select_related("partner")

    def get_edit_handler(self):
        return ObjectList(self.model.panels, base_form_class=PartnerScopedAdminForm).bind_to_model(
            self.model
        )


for _name, _view_class in scoped_view_classes().items():
    setattr(PartnerScopedViewSet, _name, _view_class)


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
