"""The filters of the public "You said, we did" register: a plain GET form, so results
are linkable and work without JavaScript. As on the consultation listing, a value
that names nothing is dropped and the page says so."""

from django import forms

from .filters import ConsultationFilterForm

QUERY_MAX_LENGTH = 200


class OutcomeRegisterFilterForm(ConsultationFilterForm):
    q = forms.CharField(required=False, max_length=QUERY_MAX_LENGTH, label="Search")
    year = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Year")

    field_order = ["q", "partner", "topic", "area", "year"]

    def __init__(self, data=None, *, years, **choices):
        super().__init__(data, **choices)
        # Status and type do not apply: every outcome here is published.
        del self.fields["status"]
        del self.fields["kind"]
        self.fields["year"].choices = [("", "Any year")] + [(year, str(year)) for year in years]
        self.order_fields(self.field_order)
