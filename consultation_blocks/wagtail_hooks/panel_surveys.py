"""Panel-only surveys in the admin: the screen that invites the panel, linked from the
consultation's header when the page is panel-only."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from .. import converters  # noqa: F401  (registers <id:...>)
from ..models import ConsultationPage
from ..permissions import can_view_responses
from ..views import panel_surveys as views


@hooks.register("register_admin_urls")
def register_panel_survey_urls():
    return [
        path(
            "consultations/<id:page_id>/panel/",
            views.invite,
            name="consultation_blocks_panel_survey",
        ),
    ]


@hooks.register("register_page_header_buttons")
def panel_survey_header_button(page, user, view_name, next_url=None):
    specific = page.specific_deferred
    if (
        isinstance(specific, ConsultationPage)
        and specific.panel_only
        and can_view_responses(user, specific)
    ):
        yield Button(
            "Invite the panel",
            reverse("consultation_blocks_panel_survey", args=[page.pk]),
            icon_name="group",
            priority=46,
        )
