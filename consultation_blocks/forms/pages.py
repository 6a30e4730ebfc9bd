"""Admin forms for the plugin's pages."""

from wagtail.admin.forms import WagtailAdminPageForm

from ..gunning import unmet_fields
from ..models.status import EngagementKind
from ..permissions import lead_partner_change_message, lead_partners_to_act_for


class ConsultationPageForm(WagtailAdminPageForm):
    """Dates are always checked; the Gunning fields only when publishing or submitting
    for approval, so an editor can save an unfinished draft.

    Every admin screen that saves a consultation's content (edit, revert to a
    revision, approve from the editor) goes through this form, so this is where a
    change of lead partner is refused to someone who does not act for the current one.
    """

    def clean(self):
        cleaned_data = super().clean()
        self._check_lead_partner_change(cleaned_data)
        kind = cleaned_data.get("kind")
        opens_at = cleaned_data.get("opens_at")
        closes_at = cleaned_data.get("closes_at")

        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", "The closing date must be after the opening date.")
        if kind == EngagementKind.ENGAGEMENT and closes_at:
            self.add_error(
                "closes_at",
                "Ongoing engagement has no closing date. Choose formal consultation for a "
                "time-limited exercise.",
            )

        if kind == EngagementKind.CONSULTATION and not self.is_deferred_validation:
            if not opens_at:
                self.add_error("opens_at", "A formal consultation needs an opening date.")
            if not closes_at:
                self.add_error("closes_at", "A formal consultation needs a closing date.")
            # The required items of the Gunning checklist the editor sees (checks.py).
            for field, message in unmet_fields(cleaned_data.get):
                self.add_error(field, message)

        outcome_at = cleaned_data.get("outcome_published_at")
        if outcome_at and not (cleaned_data.get("outcome_summary") or "").strip():
            self.add_error(
                "outcome_summary", "Summarise the outcome before setting when it appears."
            )
        if outcome_at and closes_at and outcome_at < closes_at:
            self.add_error(
                "outcome_published_at", "The outcome cannot appear before the consultation closes."
            )
        return cleaned_data

    def _check_lead_partner_change(self, cleaned_data):
        if "lead_partner" not in cleaned_data or self.for_user is None:
            return
        lead_partner = cleaned_data["lead_partner"]
        needed = lead_partners_to_act_for(
            self.for_user, self.instance, lead_partner.pk if lead_partner else None
        )
        if needed:
            self.add_error("lead_partner", lead_partner_change_message(needed))
