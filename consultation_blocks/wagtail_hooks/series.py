"""Surveys run every year, as snippets kept by a partner's team (the same partner scope
as decisions and indicators)."""

from wagtail.snippets.models import register_snippet

from ..models import SurveySeries
from .decisions import PartnerScopedViewSet


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
