"""Surveys run every year, as snippets kept by a partner's team (the same partner scope
as decisions and indicators)."""

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from ..models import SurveySeries
from ..permissions import PartnerRecordPermissionPolicy
from .decisions import PartnerScopedViewSet

# Editing or deleting one series is for its partner's team (as stored and as given).
register_permission_policy(SurveySeries, PartnerRecordPermissionPolicy(SurveySeries))


class SurveySeriesViewSet(PartnerScopedViewSet):
    model = SurveySeries
    icon = "table"
    menu_label = "Yearly surveys"
    menu_order = 265
    add_to_admin_menu = True
    list_display = ["title", "partner"]
    list_filter = ["partner"]
    ordering = ["title"]


register_snippet(SurveySeriesViewSet)
