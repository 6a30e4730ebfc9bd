"""Public pages of surveys run every year: the list of series, and one series' results
question by question across the years (finished editions only)."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from ..models import SurveySeries
from ..selectors.results import SMALL_COUNT
from ..selectors.series import finished_editions, series_trends


def series_list(request):
    series = SurveySeries.objects.select_related("partner").order_by("title")
    return TemplateResponse(
        request, "consultation_blocks/series/list.html", {"series_list": list(series)}
    )


def series_detail(request, slug):
    series = get_object_or_404(SurveySeries.objects.select_related("partner"), slug=slug)
    editions = finished_editions(series)
    return TemplateResponse(
        request,
        "consultation_blocks/series/detail.html",
        {
            "series": series,
            "editions": editions,
            "trends": series_trends(editions),
            "small_count": SMALL_COUNT,
        },
    )
