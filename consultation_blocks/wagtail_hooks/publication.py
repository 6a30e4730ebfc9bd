"""Publishing responses in the admin: the queue of responses residents allowed to be
published, and the screen where a moderator redacts and decides on one."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..permissions import can_moderate
from ..views import publication as views


@hooks.register("register_admin_urls")
def register_publication_urls():
    return [
        path(
            "published-responses/",
            views.queue,
            name="consultation_blocks_publication_queue",
        ),
        path(
            "published-responses/<int:response_id>/",
            views.review,
            name="consultation_blocks_publication_review",
        ),
    ]


class PublicationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_publication_menu_item():
    return PublicationMenuItem(
        "Responses to publish",
        reverse("consultation_blocks_publication_queue"),
        icon_name="doc-full-inverse",
        order=145,
    )
