"""The 'Outcomes overdue' panel on the admin dashboard."""

from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from ..models import ConsultationSettings
from ..selectors.consultations import outcome_responsibility, outcomes_overdue

PANEL_LIMIT = 10


class OutcomesOverduePanel(Component):
    name = "outcomes_overdue"
    template_name = "consultation_blocks/admin/panels/outcomes_overdue.html"
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        weeks = ConsultationSettings.for_request(self.request).outcome_due_weeks
        overdue = list(outcomes_overdue(outcome_due_weeks=weeks)[: PANEL_LIMIT + 1])
        shown = overdue[:PANEL_LIMIT]
        responsible = outcome_responsibility(shown)
        today = timezone.localdate()
        return {
            "rows": [
                {
                    "page": page,
                    "due_on": page.outcome_due_on(weeks),
                    "today": today,
                    "responsible": responsible[page.pk],
                }
                for page in shown
            ],
            "more": len(overdue) > PANEL_LIMIT,
        }


@hooks.register("construct_homepage_panels")
def add_outcomes_overdue_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(OutcomesOverduePanel(request))
