"""Custom editor panels."""

from wagtail.admin.panels import Panel

from .checks import gunning_checklist
from .models.settings import ConsultationSettings


class GunningChecklistPanel(Panel):
    """Read-only checklist of what a consultation still needs, shown in the editor."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultation_blocks/admin/panels/gunning_checklist.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            minimum_days = ConsultationSettings.for_request(self.request).minimum_consultation_days
            context["items"] = gunning_checklist(page, minimum_days=minimum_days)
            context["is_formal"] = page.is_formal
            return context
