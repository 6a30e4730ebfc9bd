"""Engagement activities in the admin: the snippet screens, scoped to each person's
partners, and the staff forward plan with its calendar and exports.

Activities go through the partnership's approval workflow like pages: staff save
drafts and submit them, and a moderator of the lead partner approves, which publishes
the activity to residents. Every staff member sees every partner's plans (that is the
point of a shared forward plan); only the lead partner's team acts on one
(``partner_records``)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.models import CopyViewMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from ..models import EngagementActivity
from ..services.activities import reindex_activity
from ..views import forward_plan as views
from .partner_records import scoped_view_classes

SCOPED = scoped_view_classes(reading=False)


class ReindexAfterSaveMixin:
    def save_instance(self):
        activity = super().save_instance()
        reindex_activity(activity=activity)
        return activity


class ActivityCreateView(ReindexAfterSaveMixin, CreateView):
    pass


class ActivityCopyView(CopyViewMixin, ActivityCreateView):
    """Wagtail's copy form posts to the add view. A POST sent to the copy address
    itself would be bound to the activity being copied (loaded when the view is set
    up) and overwrite it, past the partner rule, since copying needs only the right to
    view. Here a POST always makes a new activity."""

    def get_initial_form_instance(self):
        if self.request.method == "POST":
            return None
        return super().get_initial_form_instance()

    def post(self, request, *args, **kwargs):
        self.object = None
        return super().post(request, *args, **kwargs)


class ActivityEditView(ReindexAfterSaveMixin, SCOPED["edit_view_class"]):
    pass


class EngagementActivityViewSet(SnippetViewSet):
    model = EngagementActivity
    icon = "date"
    menu_label = "Engagement activities"
    menu_order = 260
    add_to_admin_menu = True
    add_view_class = ActivityCreateView
    copy_view_class = ActivityCopyView
    edit_view_class = ActivityEditView
    delete_view_class = SCOPED["delete_view_class"]
    unpublish_view_class = SCOPED["unpublish_view_class"]
    lock_view_class = SCOPED["lock_view_class"]
    unlock_view_class = SCOPED["unlock_view_class"]
    revisions_unschedule_view_class = SCOPED["revisions_unschedule_view_class"]
    workflow_action_view_class = SCOPED["workflow_action_view_class"]
    collect_workflow_action_data_view_class = SCOPED["collect_workflow_action_data_view_class"]
    confirm_workflow_cancellation_view_class = SCOPED["confirm_workflow_cancellation_view_class"]
    list_display = [
        "title",
        Column("lead_partner", label="Lead partner"),
        "method",
        "stage",
        DateColumn("starts_on", label="Starts", sort_key="starts_on"),
        DateColumn("ends_on", label="Ends", sort_key="ends_on"),
    ]
    list_filter = ["method", "stage", "live", "lead_partner"]
    list_export = [
        "title",
        "method",
        "stage",
        "starts_on",
        "ends_on",
        "lead_partner",
        "contact_role",
        "live",
    ]
    ordering = ["starts_on", "title"]

    def get_queryset(self, request):
        return EngagementActivity.objects.select_related("lead_partner")


register_snippet(EngagementActivityViewSet)


@hooks.register("register_admin_urls")
def register_forward_plan_urls():
    return [
        path("forward-plan/", views.admin_list, name="consultation_blocks_admin_forward_plan_list"),
        path(
            "forward-plan/calendar/",
            views.admin_calendar,
            name="consultation_blocks_admin_forward_plan_calendar",
        ),
        path(
            "forward-plan/forward-plan.ics",
            views.admin_ical,
            name="consultation_blocks_admin_forward_plan_ical",
        ),
        path(
            "forward-plan/forward-plan.csv",
            views.admin_csv,
            name="consultation_blocks_admin_forward_plan_csv",
        ),
    ]


class ForwardPlanMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.VIEW_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_forward_plan_menu_item():
    return ForwardPlanMenuItem(
        "Forward plan",
        reverse("consultation_blocks_admin_forward_plan_list"),
        icon_name="calendar-alt",
        order=261,
    )
