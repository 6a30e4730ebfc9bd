"""The citizens' panel in the admin: its make-up against the census."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks

from ..views import panel_report as views
from .contacts import PermissionMenuItem


@hooks.register("register_admin_urls")
def register_panel_urls():
    return [
        path("panel/", views.panel_report, name="consultation_blocks_panel_report"),
        path(
            "panel/make-up.csv", views.panel_report_csv, name="consultation_blocks_panel_report_csv"
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_panel_menu_item():
    return PermissionMenuItem(
        "Citizens' panel",
        reverse("consultation_blocks_panel_report"),
        icon_name="group",
        order=272,
        permission=views.PERMISSION,
    )


@hooks.register("register_permissions")
def register_panel_permissions():
    """Offer the report's permission on the admin's group page, so Administrators can
    grant it to another group (the migration grants it to Moderators and
    Administrators)."""
    app_label, codename = views.PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
