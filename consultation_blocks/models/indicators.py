"""Indicators that measure whether a strategy is working, with their yearly values.

An indicator is a snippet owned by a partner (its team keeps the figures); strategies
link to the indicators that measure them, and the partnership dashboard shows them all.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index


class IndicatorUnit(models.TextChoices):
    PERCENT = "percent", "Per cent"
    NUMBER = "number", "Number"
    RATE = "rate", "Rate per 1,000 people"


class Direction(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"


class Indicator(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    ClusterableModel,
):
    """Drafts until a moderator publishes them; residents see published figures only."""

    code = models.SlugField(
        max_length=40,
        unique=True,
        allow_unicode=False,
        help_text="A short code used in links, e.g. ni-4-influence-decisions.",
    )
    title = models.CharField(max_length=255)
    description = models.TextField(max_length=1000, blank=True)
    partner = models.ForeignKey(
        "consultation_blocks.Partner",
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="The partner that keeps these figures. Only its team can edit them.",
    )
    unit = models.CharField(max_length=20, choices=IndicatorUnit.choices)
    direction = models.CharField(
        "direction of improvement", max_length=10, choices=Direction.choices
    )
    target_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="content_type",
        object_id_field="object_id",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="indicator",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("partner"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("direction")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("target_value"), FieldPanel("target_year")])],
            heading="Target",
        ),
        InlinePanel("values", heading="Yearly values", label="Value", min_num=0),
    ]

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("code"),
        index.SearchField("description"),
        index.FilterField("partner"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.title

    # The public read API (config/api.py); the endpoint prefetches the values.
    @property
    def partner_name(self):
        return self.partner.name

    @property
    def yearly_values(self):
        return [
            {"year": value.year, "value": str(value.value), "source": value.source}
            for value in sorted(self.values.all(), key=lambda value: value.year)
        ]

    api_fields = [
        APIField("code"),
        APIField("title"),
        APIField("description"),
        APIField("partner_name"),
        APIField("unit"),
        APIField("direction"),
        APIField("target_value"),
        APIField("target_year"),
        APIField("yearly_values"),
    ]

    def clean(self):
        super().clean()
        if (self.target_value is None) != (self.target_year is None):
            raise ValidationError(
                {"target_year": "Give both the target and the year it should be reached."}
            )
        if self.unit == IndicatorUnit.PERCENT and self.target_value is not None:
            if not 0 <= self.target_value <= 100:
                raise ValidationError({"target_value": "A percentage is between 0 and 100."})


class IndicatorValue(Orderable):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    value = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(
        max_length=300, help_text="Where the figure comes from, e.g. a survey and its year."
    )

    panels = [FieldRowPanel([FieldPanel("year"), FieldPanel("value")]), FieldPanel("source")]

    class Meta(Orderable.Meta):
        verbose_name = "yearly value"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="one_value_per_year")
        ]

    def __str__(self):
        return f"{self.year}: {self.value}"


class StrategyIndicator(Orderable):
    strategy = ParentalKey(
        "consultation_blocks.StrategyPage",
        on_delete=models.CASCADE,
        related_name="strategy_indicators",
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("indicator")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "indicator"], name="unique_strategy_indicator"
            )
        ]

    def __str__(self):
        return str(self.indicator)


class IndicatorDashboardPage(Page):
    """The partnership's dashboard: every indicator, as a chart with its figures."""

    intro = models.TextField(max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = []
    max_count = 1
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "indicator dashboard page"

    def get_context(self, request, *args, **kwargs):
        # The dashboard's reads are a view's (views/indicators.py), as the consultation
        # index's are; imported here because the views import these models.
        from ..views.indicators import dashboard_context

        context = super().get_context(request, *args, **kwargs)
        context.update(dashboard_context(self, request))
        return context
