"""Results, exports and staff-entered responses in the admin."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from .. import converters  # noqa: F401  (registers <id:...>)
from ..models import ConsultationPage
from ..permissions import can_view_responses
from ..views import representation as representation_views
from ..views import results as views
from ..views import themes as theme_views


@hooks.register("register_admin_urls")
def register_results_urls():
    return [
        path("consultations/", views.consultation_report, name="consultation_blocks_report"),
        path(
            "consultations/who-we-heard-from/",
            representation_views.representation_overview,
            name="consultation_blocks_representation",
        ),
        path(
            "consultations/<id:page_id>/who-we-heard-from/",
            representation_views.consultation_representation,
            name="consultation_blocks_consultation_representation",
        ),
        path(
            "consultations/<id:page_id>/results/",
            views.consultation_results,
            name="consultation_blocks_consultation_results",
        ),
        path(
            "consultations/<id:page_id>/results/<str:survey_id>/",
            views.results,
            name="consultation_blocks_results",
        ),
        path(
            "consultations/<id:page_id>/results/<str:survey_id>/export.<str:file_format>",
            views.export,
            name="consultation_blocks_export",
        ),
        path(
            "consultations/<id:page_id>/results/<str:survey_id>/publish/",
            views.publish_answer,
            name="consultation_blocks_publish_answer",
        ),
        path(
            "consultations/<id:page_id>/responses/<str:survey_id>/add/",
            views.add_response,
            name="consultation_blocks_add_response",
        ),
        path(
            "consultations/<id:page_id>/results/<str:survey_id>/themes/<str:question_id>/",
            theme_views.themes,
            name="consultation_blocks_themes",
        ),
        path(
            "consultations/<id:page_id>/results/<str:survey_id>/themes/<str:question_id>/find/",
            theme_views.discover,
            name="consultation_blocks_themes_discover",
        ),
        path(
            "consultations/<id:page_id>/results/<str:survey_id>/themes/<str:question_id>/"
            "<id:theme_id>/rename/",
            theme_views.rename,
            name="consultation_blocks_theme_rename",
        ),
        path(
            "consultations/<id:page_id>/results/<str:survey_id>/themes/<str:question_id>/merge/",
            theme_views.merge,
            name="consultation_blocks_themes_merge",
        ),
        path(
            "consultations/<id:page_id>/results/<str:survey_id>/themes/<str:question_id>/assign/",
            theme_views.assign,
            name="consultation_blocks_themes_assign",
        ),
        path(
            "consultations/<id:page_id>/results/<str:survey_id>/themes/<str:question_id>/"
            "coding.csv",
            theme_views.export,
            name="consultation_blocks_themes_export",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_report_menu_item():
    return MenuItem(
        "Consultations",
        reverse("consultation_blocks_report"),
        icon_name="form",
        order=140,
    )


@hooks.register("register_log_actions")
def register_response_log_actions(actions):
    actions.register_action(
        "consultation_blocks.response.entered",
        "Enter a response",
        "Entered a paper, event or phone response",
    )
    actions.register_action(
        "consultation_blocks.themes.found",
        "Find themes",
        "Found themes in written answers",
    )


@hooks.register("register_page_header_buttons")
def results_header_button(page, user, view_name, next_url=None):
    specific = page.specific_deferred
    if isinstance(specific, ConsultationPage) and can_view_responses(user, specific):
        yield Button(
            "Survey results",
            reverse("consultation_blocks_consultation_results", args=[page.pk]),
            icon_name="table",
            priority=45,
        )
