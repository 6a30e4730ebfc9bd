"""What empties the page cache. Receivers only name what changed; the work is in
services.page_cache_purge.

Models are named by label, so this app imports neither the plugin nor the site's own
apps: it only knows which of their changes show on public pages.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, get_page_models
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from .services import page_cache_purge

# Changes that show on one page (and the listings above it), with the state a new
# record must be in to show at once.
PAGE_CONTENT_MODELS = {
    # Comments appear once approved and disappear once removed.
    "consultation_blocks.Comment": "approved",
    # Survey answers a moderator publishes (counted under the page's survey) and
    # withdraws.
    "consultation_blocks.PublishedResponse": "published",
}
# Changes that show on every page: the header, footer, navigation and house rules.
SITE_WIDE_MODELS = [
    "home.PartnershipSettings",
    "consultation_blocks.Partner",
    "consultation_blocks.HouseRule",
    "consultation_blocks.ConsultationSettings",
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
]
# Records approved through the workflow that show on several pages (the decisions
# page, the dashboard, strategies, a consultation's outcome and activity log).
PUBLISHED_RECORD_MODELS = [
    "consultation_blocks.Decision",
    "consultation_blocks.Indicator",
    "consultation_blocks.EngagementActivity",
]


def page_changed(sender, instance, **kwargs):
    """Published (outcome publication is a publication of the page), unpublished,
    moved or deleted."""
    page_cache_purge(pages=[instance])


def page_created(sender, instance, created=False, **kwargs):
    """A page that is live from its first save: an alias of a live page (aliases are
    never published, so no page_published comes), or a page made live in code. A new
    draft, and every later save of a page, change nothing public; publishing is
    page_published's."""
    if created and instance.live:
        page_cache_purge(pages=[instance])


def content_changed(sender, instance, created=False, **kwargs):
    # A resident's new comment waits for a moderator, and an answer a moderator
    # declines to publish is never shown: nothing public changes. Every later save is
    # a moderator's decision (approve, reject, back to the queue, withdraw).
    if created and getattr(instance, "state", None) != PAGE_CONTENT_MODELS[sender._meta.label]:
        return
    # By id: on a cascade the page row may already be gone.
    pages = list(Page.objects.filter(pk=instance.page_id).only("path"))
    page_cache_purge(pages=pages or None)


def site_changed(sender, instance, created=False, **kwargs):
    # Site settings are created with their defaults the first time a page reads them,
    # in the middle of a render: nothing shown changes.
    if created and isinstance(instance, BaseSiteSetting):
        return
    page_cache_purge()


def record_changed(sender, instance, **kwargs):
    """A record published, unpublished or deleted (drafts change nothing public)."""
    if sender._meta.label in PUBLISHED_RECORD_MODELS:
        page_cache_purge()


def connect():
    page_published.connect(page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(page_changed, dispatch_uid="pagecache-moved")
    post_delete.connect(page_changed, sender="wagtailcore.Page", dispatch_uid="pagecache-deleted")
    # post_save is sent for the page's own class only, not for wagtailcore.Page.
    for model in get_page_models():
        post_save.connect(
            page_created, sender=model, dispatch_uid=f"pagecache-{model._meta.label}-created"
        )
    for label in PAGE_CONTENT_MODELS:
        for signal in (post_save, post_delete):
            signal.connect(
                content_changed, sender=label, dispatch_uid=f"pagecache-{label}-{signal!r}"
            )
    published.connect(record_changed, dispatch_uid="pagecache-record-published")
    unpublished.connect(record_changed, dispatch_uid="pagecache-record-unpublished")
    for label in PUBLISHED_RECORD_MODELS:
        post_delete.connect(record_changed, sender=label, dispatch_uid=f"pagecache-{label}-deleted")
    for label in SITE_WIDE_MODELS:
        for signal in (post_save, post_delete):
            signal.connect(site_changed, sender=label, dispatch_uid=f"pagecache-{label}-{signal!r}")
