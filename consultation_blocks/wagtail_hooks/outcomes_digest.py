"""The newsletter-ready "You said, we did" digest in the admin's Reports menu."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..views import outcomes_digest


@hooks.register("register_admin_urls")
def register_outcomes_digest_url():
    return [
        path(
            "you-said-we-did-digest/",
            outcomes_digest.digest,
            name="consultation_blocks_outcomes_digest",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_outcomes_digest_menu_item():
    return MenuItem(
        "You said, we did digest",
        reverse("consultation_blocks_outcomes_digest"),
        icon_name="openquote",
        order=900,
    )
