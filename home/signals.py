"""Keep cached navigation in step with the page tree and the partner list."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from consultation_blocks.models import Partner

from .models import PartnershipSettings
from .navigation import clear_navigation_cache


def connect():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(clear_navigation_cache, dispatch_uid=f"clear-navigation-{signal!r}")
    post_delete.connect(clear_navigation_cache, sender="wagtailcore.Page", dispatch_uid="nav-page")
    for sender in (Partner, PartnershipSettings):
        for signal in (post_save, post_delete):
            signal.connect(
                clear_navigation_cache,
                sender=sender,
                dispatch_uid=f"nav-{sender.__name__}-{signal!r}",
            )
