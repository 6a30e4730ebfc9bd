"""Registrations, attendance and the coverage report in the admin."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from .. import converters  # noqa: F401  (registers <id:...>)
from ..models import NetworkBodyPage, RegistrableMixin
from ..permissions import can_see_registrations
from ..views import attendance, coverage


@hooks.register("register_admin_urls")
def register_registration_urls():
    return [
        path(
            "events/<id:page_id>/registrations/",
            attendance.registrations,
            name="consultation_blocks_registrations",
        ),
        path(
            "network/<id:page_id>/coverage/",
            coverage.coverage,
            name="consultation_blocks_coverage",
        ),
        path(
            "network/<id:page_id>/coverage.csv",
            coverage.coverage_csv,
            name="consultation_blocks_coverage_csv",
        ),
    ]


@hooks.register("register_page_header_buttons")
def registration_header_buttons(page, user, view_name, next_url=None):
    specific = page.specific_deferred
    if isinstance(specific, RegistrableMixin) and can_see_registrations(
        user, specific, specific.registration_partner_ids()
    ):
        yield Button(
            "Registrations and attendance",
            reverse("consultation_blocks_registrations", args=[page.pk]),
            icon_name="group",
            priority=46,
        )
    if isinstance(specific, NetworkBodyPage) and can_see_registrations(
        user, specific, set(specific.partners.values_list("pk", flat=True))
    ):
        yield Button(
            "Coverage report",
            reverse("consultation_blocks_coverage", args=[page.pk]),
            icon_name="table",
            priority=47,
        )
