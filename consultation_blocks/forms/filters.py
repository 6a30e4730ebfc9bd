"""The public consultation filters: a plain GET form, so results are linkable and work
without JavaScript. Unknown values are dropped, never an error page."""

from django import forms
from taggit.models import Tag

from ..models import (
    Area,
    ConsultationPage,
    ConsultationStatus,
    EngagementKind,
    EngagementLevel,
    Partner,
)
from ..models.locales import active_language_q


class ListingFilterForm(forms.Form):
    """A listing's filters, read from the query string: only valid choices filter, and
    anything unrecognised is ignored and named, never an error page."""

    def cleaned_filters(self):
        """Valid, non-empty filters only."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    @property
    def ignored_fields(self):
        return [self.fields[name].label or name for name in self.errors]


class ConsultationFilterForm(ListingFilterForm):
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *ConsultationStatus.choices]
    )
    partner = forms.ChoiceField(required=False, label="Partner")
    topic = forms.ChoiceField(required=False, label="Topic")
    area = forms.ChoiceField(required=False, label="Area")
    kind = forms.ChoiceField(
        required=False, label="Type", choices=[("", "Any type"), *EngagementKind.choices]
    )
    level = forms.ChoiceField(
        required=False, label="Level", choices=[("", "Any level"), *EngagementLevel.choices]
    )

    def __init__(self, data=None, *, partners, topics, areas):
        super().__init__(data)
        self.fields["partner"].choices = [("", "Any partner")] + [
            (partner.slug, partner.name) for partner in partners
        ]
        self.fields["topic"].choices = [("", "Any topic")] + [
            (tag.slug, tag.name) for tag in topics
        ]
        self.fields["area"].choices = [("", "Anywhere")] + [
            (area.slug, str(area)) for area in areas
        ]


def filter_choices():
    """Partners, topics and areas that consultations actually use, for the filter form."""
    live = ConsultationPage.objects.live().public().filter(active_language_q())
    # Partners that lead a consultation or are named on one: the filter matches both.
    partners = Partner.objects.involved_in(live).order_by("name")
    topics = (
        Tag.objects.filter(consultation_blocks_consultationpagetag_items__content_object__in=live)
        .distinct()
        .order_by("name")
    )
    areas = Area.objects.filter(consultation_blocks_consultationpage_pages__in=live).distinct()
    return {"partners": list(partners), "topics": list(topics), "areas": list(areas)}
