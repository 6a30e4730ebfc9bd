"""The moderation queue: everything residents write waits here for a moderator.

Built on wagtail-modeladmin (list, filters, search, inspect), a package the project is
built on: the queue's list filters, inspect view and permission helper are modeladmin's,
and moving them to a snippet viewset would change what moderators see, which this
module must not do. It is the only module that uses modeladmin, so leaving it is one
module's work. Bulk approve, reject and mark-as-spam are added through a custom index
template and one extra admin URL, since modeladmin has no bulk actions of its own.
"""

from django.contrib import messages
from django.contrib.admin import RelatedOnlyFieldListFilter, SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.menus import ModelAdminMenuItem
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView, InspectView

from ..models import REPORTS_TO_REQUEUE, Comment, CommentState, HouseRule
from ..permissions import can_moderate
from ..selectors.comments import (
    distinct_reporters,
    moderation_queue,
    pending_moderation_count,
    with_report_counts,
)
from ..services.comments import ModerationAction, moderate_comments

MENU_LABEL = "Moderation"


class ModerationPermissionHelper(PermissionHelper):
    """Moderators list, inspect and decide; nobody types comments in the admin, and
    nobody rewrites what a resident said."""

    def user_can_list(self, user):
        return can_moderate(user)

    def user_can_inspect_obj(self, user, obj):
        return can_moderate(user) and moderation_queue(user).filter(pk=obj.pk).exists()

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return user.is_superuser


class ReportedFilter(SimpleListFilter):
    title = "reports"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", "Reported by visitors"), ("no", "Not reported")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(report_total__gt=0)
        if self.value() == "no":
            return queryset.filter(report_total=0)
        return queryset


class ModerationInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["house_rules"] = HouseRule.objects.all()
        context["reports"] = self.instance.reports.aggregate(
            total=Count("pk"), reporters=distinct_reporters()
        )
        context["reports_to_requeue"] = REPORTS_TO_REQUEUE
        return context


class ShownRowsPaginator(WagtailPaginator):
    """Sorts and cuts the queue to the page shown by comment id alone, then reads that
    page's comments whole (their consultation, partner, parent comment and report
    counts) by id. Read in one query, the joins and counts would be made for every
    comment in the queue before the sort kept fifty."""

    def _get_page(self, object_list, number, paginator):
        ids = list(object_list.values_list("pk", flat=True))
        by_id = {comment.pk: comment for comment in self.object_list.filter(pk__in=ids)}
        return super()._get_page([by_id[pk] for pk in ids if pk in by_id], number, paginator)


class ModerationIndexView(IndexView):
    # One name for the queue, in the menu and on the page: short enough that the
    # sidebar shows it whole with its count.
    page_title = MENU_LABEL
    paginator_class = ShownRowsPaginator

    def get_page_subtitle(self):
        return f"{pending_moderation_count(self.request.user)} waiting"

    def dispatch(self, request, *args, **kwargs):
        # Unknown filters in the address reach the query as lookups; Django's own admin
        # sends the user back to the plain list, and so does the queue.
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            messages.error(request, "That filter could not be used, so all comments are shown.")
            return redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["house_rules"] = HouseRule.objects.all()
        context["bulk_url"] = reverse("consultation_blocks_moderate")
        context["actions"] = [
            (ModerationAction.APPROVE, "Approve"),
            (ModerationAction.REJECT, "Reject (cite a house rule)"),
            (ModerationAction.SPAM, "Mark as spam"),
        ]
        return context


class CountingMenuItem(ModelAdminMenuItem):
    """Shows how many items are waiting, e.g. 'Moderation (3)', and opens on them:
    moderators come to decide what waits, not to browse what was decided."""

    def render_component(self, request):
        count = pending_moderation_count(request.user)
        label = f"{self.label} ({count})" if count else self.label
        url = f"{self.url}?state__exact={CommentState.PENDING}"
        return LinkMenuItemComponent(
            self.name, label, url, icon_name=self.icon_name, classname=self.classname
        )


class CommentModerationAdmin(ModelAdmin):
    model = Comment
    menu_label = MENU_LABEL
    menu_icon = "comment"
    menu_order = 150
    list_display = (
        "excerpt",
        "author",
        "consultation",
        "state",
        "report_total",
        "reporter_total",
        "created_at",
    )
    # The consultation and partner filters offer only those of items in this
    # moderator's queue: naming other partners' consultations (drafts among them) would
    # show what the one rule for residents' data keeps from them.
    list_filter = (
        "state",
        "kind",
        ReportedFilter,
        ("page", RelatedOnlyFieldListFilter),
        ("page__lead_partner", RelatedOnlyFieldListFilter),
    )
    search_fields = ("body", "name")
    list_per_page = 50
    ordering = ["state", "-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = ("page", "parent", "kind", "name", "body", "state", "created_at")
    index_view_class = ModerationIndexView
    inspect_view_class = ModerationInspectView
    index_template_name = "consultation_blocks/admin/moderation/index.html"
    inspect_template_name = "consultation_blocks/admin/moderation/inspect.html"
    permission_helper_class = ModerationPermissionHelper

    def get_queryset(self, request):
        # Reports and the distinct people behind them: one person can report many times
        # from fresh browsers, and only distinct reporters send a comment back.
        return with_report_counts(moderation_queue(request.user))

    def get_menu_item(self, order=None):
        return CountingMenuItem(self, order or self.get_menu_order())

    def excerpt(self, obj):
        text = obj.body if len(obj.body) <= 120 else obj.body[:120] + "…"
        # Resident text, escaped: never rendered as HTML in the admin either.
        return format_html("{}", text)

    excerpt.short_description = "Comment"

    def author(self, obj):
        return obj.display_name

    def consultation(self, obj):
        return obj.page.title

    def report_total(self, obj):
        return obj.report_total

    report_total.short_description = "Reports"
    report_total.admin_order_field = "report_total"

    def reporter_total(self, obj):
        return obj.reporter_total

    reporter_total.short_description = "Distinct reporters"
    reporter_total.admin_order_field = "reporter_total"


comment_admin = CommentModerationAdmin()
comment_admin.register_with_wagtail()


def queue_url():
    return reverse(comment_admin.url_helper.get_action_url_name("index"))


@require_POST
def moderate_view(request):
    if not can_moderate(request.user):
        raise PermissionDenied
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = queue_url()
    action = request.POST.get("action", "")
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    if action not in ModerationAction.STATES:
        messages.error(request, "Choose what to do with the selected items.")
        return redirect(back)
    if not ids:
        messages.error(request, "Select at least one item.")
        return redirect(back)
    rule = None
    if action == ModerationAction.REJECT:
        rule_id = request.POST.get("rule", "")
        rule = HouseRule.objects.filter(pk=rule_id).first() if rule_id.isdigit() else None
        if rule is None:
            messages.error(request, "Choose the house rule a rejected comment broke.")
            return redirect(back)
    note = request.POST.get("note", "").strip()[:1000]
    # Only items this moderator may see; anything else in the form is ignored.
    comments = list(moderation_queue(request.user).filter(pk__in=ids))
    changed = moderate_comments(
        comments=comments, action=action, user=request.user, rule=rule, note=note
    )
    count = len(changed)
    if not count:
        # Ids from a stale page, or of items outside this moderator's partners.
        messages.error(request, "Nothing changed: none of the selected items is in your queue.")
    else:
        items = f"{count} item{'' if count == 1 else 's'}"
        messages.success(request, f"{ModerationAction.PAST_TENSE[action]} {items}.")
    return redirect(back)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [path("moderation/decide/", moderate_view, name="consultation_blocks_moderate")]


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for action, label in (
        (ModerationAction.APPROVE, "Approve"),
        (ModerationAction.REJECT, "Reject"),
        (ModerationAction.SPAM, "Mark as spam"),
    ):
        actions.register_action(
            f"consultation_blocks.comment.{action}", label, ModerationAction.PAST_TENSE[action]
        )
    actions.register_action(
        "consultation_blocks.comment.requeue",
        "Return to the queue",
        "Returned to the moderation queue after visitors reported it",
    )


class PendingModerationPanel(Component):
    name = "pending_moderation"
    template_name = "consultation_blocks/admin/panels/pending_moderation.html"
    order = 80

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {
            "count": pending_moderation_count(self.request.user),
            "url": f"{queue_url()}?state__exact={CommentState.PENDING}",
        }


@hooks.register("construct_homepage_panels")
def add_pending_moderation_panel(request, panels):
    if can_moderate(request.user):
        panels.append(PendingModerationPanel(request))
