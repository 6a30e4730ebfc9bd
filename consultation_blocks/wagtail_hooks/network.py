"""The network's action log in the admin: a snippet listing scoped to each person's
bodies (through the body's partners, the rule of ``may_change_action``), edits that
keep each change of status in the action's history, and the log's CSV export."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    InspectView,
    SnippetViewSet,
)

from .. import converters  # noqa: F401  (registers <id:...>)
from ..forms.network import ActionAdminForm
from ..models import Action, NetworkBodyPage
from ..models.network import bodies_for_user, may_change_action
from ..panels import ActionHistoryPanel
from ..services.network import save_action
from ..views import network_admin as views


class ActionPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, and for one action, the body's partners."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return may_change_action(user, instance)


class ScopedObjectMixin:
    required_instance_action = "change"

    def get_object(self, queryset=None):
        action = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.required_instance_action, action
        ):
            raise PermissionDenied
        return action


class SaveWithHistoryMixin:
    log_action = "wagtail.edit"

    def save_instance(self):
        form = self.form
        action = save_action(
            form.save(commit=False),
            user=self.request.user,
            note=form.cleaned_data.get("update_note", ""),
            meeting=form.cleaned_data.get("update_meeting"),
            previous_state=form.previous_state,
        )
        log(instance=action, action=self.log_action, user=self.request.user)
        return action


class ActionIndexView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.filter(body__in=bodies_for_user(self.request.user))


class ActionCreateView(SaveWithHistoryMixin, CreateView):
    log_action = "wagtail.create"


class ActionEditView(ScopedObjectMixin, SaveWithHistoryMixin, EditView):
    pass


class ActionDeleteView(ScopedObjectMixin, DeleteView):
    required_instance_action = "delete"


class ActionInspectView(ScopedObjectMixin, InspectView):
    required_instance_action = "view"


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
    add_view_class = ActionCreateView
    edit_view_class = ActionEditView
    delete_view_class = ActionDeleteView
    inspect_view_class = ActionInspectView
    inspect_view_enabled = True
    list_display = [
        "description",
        Column("body", label="Body"),
        "owner_role",
        DateColumn("due_on", label="Due", sort_key="due_on"),
        "state",
    ]
    list_filter = ["state", "body"]
    ordering = ["due_on", "pk"]

    def get_queryset(self, request):
        return Action.objects.select_related("body", "raised_at")

    def get_edit_handler(self):
        return ObjectList(ACTION_PANELS, base_form_class=ActionAdminForm).bind_to_model(Action)


register_permission_policy(Action, ActionPermissionPolicy(Action))
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
