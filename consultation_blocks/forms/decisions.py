"""Forms for decisions and indicators: the public decisions page's filter, and the
admin form that keeps a record inside its editor's partners."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import DecisionKind, Partner
from ..models.teams import partners_whose_data_user_sees


class DecisionFilterForm(forms.Form):
    partner = forms.ModelChoiceField(
        # Partners with published decisions only: a draft must not show up even by name.
        queryset=Partner.objects.filter(decisions__live=True).distinct().order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All partners",
        error_messages={"invalid_choice": "Choose a partner from the list."},
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=[("", "Key and other decisions"), *DecisionKind.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a type from the list."},
    )


class PartnerScopedAdminForm(WagtailAdminModelForm):
    """The partner a record is saved under must be one the editor acts for: the rule of
    ``partners_whose_data_user_sees``. The stored partner is checked by the views before
    the form is shown; this checks the one being sent."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.scope = partners_whose_data_user_sees(for_user)
        if "partner" in self.fields and not self.scope.every_partner:
            self.fields["partner"].queryset = Partner.objects.filter(
                pk__in=self.scope.partner_ids
            ).order_by("name")

    def clean_partner(self):
        partner = self.cleaned_data.get("partner")
        if partner is not None and not self.scope.covers(partner.pk):
            raise forms.ValidationError("You can only choose a partner whose team you are in.")
        return partner
