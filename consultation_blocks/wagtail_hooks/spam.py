"""Shows moderators how many public submissions the spam defences turned away."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from ..selectors.spam import blocked_submission_summary
from .moderation import can_moderate


class BlockedSubmissionsPanel(Component):
    name = "blocked_submissions"
    template_name = "consultation_blocks/admin/panels/blocked_submissions.html"
    order = 85

    def get_context_data(self, parent_context=None):
        return blocked_submission_summary(days=7)


@hooks.register("construct_homepage_panels")
def add_blocked_submissions_panel(request, panels):
    if can_moderate(request.user):
        panels.append(BlockedSubmissionsPanel())
