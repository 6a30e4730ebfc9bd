from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import Area, HouseRule, Partner, PartnerTeamMember


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = "Partners"
    list_display = ["name", "short_name", "kind", "featured"]
    list_filter = ["kind", "featured"]
    # Searched through the model's own search index (name, short name, description):
    # naming fields here narrows the full-text query to columns SQLite's index lacks.
    ordering = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = "Areas"
    # Not sortable by the area it lies in: the search index cannot order by a relation.
    list_display = ["name", "kind", Column("parent", label="Part of")]
    list_filter = ["kind"]
    # Searched through the model's own search index, as partners are.


class HouseRuleViewSet(SnippetViewSet):
    model = HouseRule
    icon = "list-ul"
    menu_label = "House rules"
    list_display = ["title", "explanation"]
    sort_order_field = "sort_order"


class PartnerTeamViewSet(SnippetViewSet):
    # Who acts for which partner; only people who can manage partners should change it.
    model = PartnerTeamMember
    icon = "user"
    menu_label = "Partner teams"
    list_display = ["user", "partner"]
    list_filter = ["partner"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "partner__name"]
    ordering = ["partner__name", "user__username"]


class PartnershipViewSetGroup(SnippetViewSetGroup):
    items = (PartnerViewSet, AreaViewSet, PartnerTeamViewSet, HouseRuleViewSet)
    menu_icon = "group"
    menu_label = "Partnership"
    menu_name = "partnership"
    menu_order = 250


register_snippet(PartnershipViewSetGroup)
