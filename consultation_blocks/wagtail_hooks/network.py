"""The network's action log in the admin: a snippet under the partnership's approval
workflow, like the other records, and the log's CSV export.

Editors save drafts and submit them; a moderator of the body's partners approves, and
so publishes, each version (``permissions.PartnerRecordPermissionPolicy``, the rule
every record follows, asked of the body's partners). Staff read the log of bodies
one of whose partners they work for (``works_for_body``): the listing, an action's
history and its CSV; changing or approving one needs the records' rule.
"""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .. import converters  # noqa: F401  (registers <id:...>)
from ..forms.network import ActionAdminForm
from ..models import Action, NetworkBodyPage
from ..models.network import bodies_for_user, works_for_body
from ..panels import ActionHistoryPanel
from ..permissions import PartnerRecordPermissionPolicy
from ..views import network_admin as views
from .partner_records import ACTING_VIEWS, READING_VIEWS, scoped

register_permission_policy(Action, PartnerRecordPermissionPolicy(Action))


class BodyReaderMixin:
    """Screens that show one action's versions and history: for staff who read its
    body's log. The body is read from the action's row, never from a draft."""

    def get_object(self, *args, **kwargs):
        action = super().get_object(*args, **kwargs)
        if action is None:
            return action
        body_id = Action.objects.filter(pk=action.pk).values_list("body_id", flat=True).first()
        if not works_for_body(self.request.user, body_id):
            raise PermissionDenied
        return action


def read_scoped(view_class):
    return type(view_class.__name__, (BodyReaderMixin, view_class), {})


class ActionIndexView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.filter(body__in=bodies_for_user(self.request.user))


ACTION_PANELS = [
    FieldPanel("body"),
    FieldPanel("description"),
    FieldRowPanel([FieldPanel("owner_role"), FieldPanel("due_on")]),
    FieldPanel("raised_at"),
    MultiFieldPanel(
        [
            FieldPanel("state"),
            FieldPanel("closed_at"),
            FieldPanel("update_meeting"),
            FieldPanel("update_note"),
        ],
        heading="Status and progress",
    ),
    ActionHistoryPanel(heading="History"),
]


class ActionViewSet(SnippetViewSet):
    model = Action
    icon = "tasks"
    menu_label = "Network actions"
    menu_order = 262
    add_to_admin_menu = True
    index_view_class = ActionIndexView
    inspect_view_enabled = True
    list_display = [
        "description",
        Column("body", label="Body"),
        Column("owner_role", label="Owner"),
        DateColumn("due_on", label="Due", sort_key="due_on"),
        "state",
    ]
    list_filter = ["state", "body", "live"]
    ordering = ["due_on", "pk"]

    def get_queryset(self, request):
        return Action.objects.select_related("body", "raised_at", "latest_revision")

    def get_edit_handler(self):
        return ObjectList(ACTION_PANELS, base_form_class=ActionAdminForm).bind_to_model(Action)


for _name, (_view_class, _action) in ACTING_VIEWS.items():
    setattr(ActionViewSet, _name, scoped(_view_class, _action))
for _name, _view_class in READING_VIEWS.items():
    setattr(ActionViewSet, _name, read_scoped(_view_class))
ActionViewSet.inspect_view_class = read_scoped(READING_VIEWS["inspect_view_class"])

register_snippet(ActionViewSet)


@hooks.register("register_admin_urls")
def register_action_log_urls():
    return [
        path(
            "network/<id:body_id>/action-log.csv",
            views.action_log_csv,
            name="consultation_blocks_network_action_log_csv",
        ),
    ]


@hooks.register("register_page_header_buttons")
def action_log_header_button(page, user, view_name, next_url=None):
    if page.specific_class is NetworkBodyPage and views.may_export(user, page.pk):
        yield Button(
            "Action log (CSV)",
            reverse("consultation_blocks_network_action_log_csv", args=[page.pk]),
            icon_name="download",
            priority=46,
        )
