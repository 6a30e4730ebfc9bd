"""The "How was taking part?" report and staff's evaluation of activities."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .. import converters  # noqa: F401  (registers <id:...>)
from ..views import evaluation as views
from ..views.evaluation import REPORT_PERMISSION


@hooks.register("register_admin_urls")
def register_evaluation_urls():
    return [
        path("taking-part/", views.report, name="consultation_blocks_evaluation_report"),
        path(
            "forward-plan/<id:activity_id>/evaluation/",
            views.evaluate_activity,
            name="consultation_blocks_evaluate_activity",
        ),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_evaluation_menu_item():
    return ReportMenuItem(
        "How was taking part?",
        reverse("consultation_blocks_evaluation_report"),
        icon_name="pick",
        order=720,
    )
