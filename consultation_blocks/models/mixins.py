"""Fields every piece of partnership content shares, so search and listings treat
consultations, strategies and standard pages alike."""

from django import forms
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class PartnershipContentMixin(models.Model):
    summary = models.TextField(
        max_length=400,
        blank=True,
        help_text="One or two plain sentences shown in lists and search results.",
    )
    partners = ParentalManyToManyField(
        "consultation_blocks.Partner",
        blank=True,
        related_name="%(app_label)s_%(class)s_pages",
        help_text="The partners responsible for this content.",
    )
    areas = ParentalManyToManyField(
        "consultation_blocks.Area",
        blank=True,
        related_name="%(app_label)s_%(class)s_pages",
        help_text="Where this applies. A local authority means all of its wards.",
    )

    # Checkbox lists rather than multi-selects: every choice is visible and chosen
    # without holding a modifier key.
    partners_panel = FieldPanel("partners", widget=forms.CheckboxSelectMultiple)
    areas_panel = FieldPanel("areas", widget=forms.CheckboxSelectMultiple)

    partnership_panels = [
        MultiFieldPanel(
            [partners_panel, areas_panel, FieldPanel("tags")],
            heading="Who and where",
        ),
    ]

    search_fields = [
        index.SearchField("summary", boost=2),
        index.RelatedFields(
            "partners", [index.SearchField("name"), index.SearchField("short_name")]
        ),
        index.RelatedFields("areas", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    class Meta:
        abstract = True

    @classmethod
    def get_indexed_objects(cls):
        # Wagtail prefetches the relations its search fields follow, but not parental
        # many-to-many ones: without this, indexing a page costs a query for each of
        # them for each column of its index entry, five per relation.
        return super().get_indexed_objects().prefetch_related("partners", "areas")
