"""Custom editor panels."""

from wagtail.admin.panels import Panel

from .gunning import gunning_checklist
from .models.settings import ConsultationSettings


class GunningChecklistPanel(Panel):
    """Read-only checklist of what a consultation still needs, shown in the editor."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultation_blocks/admin/panels/gunning_checklist.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            minimum_days = ConsultationSettings.for_request(self.request).minimum_consultation_days
            context["is_formal"] = page.is_formal
            # The Gunning principles govern formal consultation only.
            context["items"] = (
                gunning_checklist(page, minimum_days=minimum_days) if page.is_formal else []
            )
            return context


class ActionHistoryPanel(Panel):
    """Read-only history of a network action: each change of status and note."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultation_blocks/admin/panels/action_history.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            action = self.instance
            context["updates"] = (
                list(action.updates.select_related("meeting", "created_by"))
                if action is not None and action.pk
                else []
            )
            return context
