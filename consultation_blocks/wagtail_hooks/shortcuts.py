"""'Create a consultation' and 'Create a strategy' at the top of the dashboard: the two
things comms editors come to the admin to start, without finding the right parent page
in the explorer first."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from ..models import (
    ConsultationIndexPage,
    ConsultationPage,
    StrategyIndexPage,
    StrategyPage,
    default_language_q,
)

SHORTCUTS = (
    ("Create a consultation", ConsultationIndexPage, ConsultationPage),
    ("Create a strategy", StrategyIndexPage, StrategyPage),
)


def shortcuts_for(user):
    """One link per index page the user may add to, so a site with several consultation
    sections offers each; none where the user may not add. Only the default language's
    sections: a page in another language is made by translating one (wagtail-localize)."""
    links = []
    for label, index_model, page_model in SHORTCUTS:
        opts = page_model._meta
        indexes = [
            index
            for index in index_model.objects.filter(default_language_q()).order_by("path")
            if index.permissions_for_user(user).can_add_subpage()
        ]
        for index in indexes:
            links.append(
                {
                    "label": label,
                    "where": index.title if len(indexes) > 1 else "",
                    "url": reverse(
                        "wagtailadmin_pages:add", args=[opts.app_label, opts.model_name, index.pk]
                    ),
                }
            )
    return links


class ShortcutsPanel(Component):
    name = "create_shortcuts"
    template_name = "consultation_blocks/admin/panels/shortcuts.html"
    order = 10

    def __init__(self, links):
        self.links = links

    def get_context_data(self, parent_context=None):
        return {"links": self.links}


@hooks.register("construct_homepage_panels")
def add_shortcuts_panel(request, panels):
    links = shortcuts_for(request.user)
    if links:
        panels.append(ShortcutsPanel(links))
