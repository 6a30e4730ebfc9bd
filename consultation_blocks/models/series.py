"""A survey run again and again (an annual residents' satisfaction survey): a series
names the consultation that carried each year's edition, and the results follow each
question across the years by its question key, the stable id editors give a question
so that it is recognised in every edition."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from ..surveys import surveys_in


class SurveySeries(ClusterableModel):
    title = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in the series' address, e.g. residents-survey."
    )
    description = models.TextField(max_length=1000, blank=True)
    partner = models.ForeignKey(
        "consultation_blocks.Partner",
        on_delete=models.PROTECT,
        related_name="survey_series",
        help_text="The partner that runs the series. Only its team can edit it.",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("partner"),
        InlinePanel("editions", label="Editions", min_num=1),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = "survey series"
        verbose_name_plural = "survey series"

    def __str__(self):
        return self.title


class SurveySeriesEdition(Orderable):
    series = ParentalKey(SurveySeries, on_delete=models.CASCADE, related_name="editions")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    page = models.ForeignKey(
        "consultation_blocks.ConsultationPage",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The consultation that carried this year's survey.",
    )
    survey_id = models.CharField(
        max_length=64,
        blank=True,
        help_text="Only when the page has more than one survey: the survey block's id.",
    )

    panels = [FieldPanel("year"), FieldPanel("page"), FieldPanel("survey_id")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="one_edition_a_year"),
        ]

    def __str__(self):
        return f"{self.series} {self.year}"

    def survey(self):
        """The edition's survey on the page as published (None if it has gone)."""
        surveys = surveys_in(self.page.body)
        if not self.survey_id:
            return surveys[0] if surveys else None
        return next((survey for survey in surveys if survey.id == self.survey_id), None)

    def clean(self):
        super().clean()
        if self.page_id and self.survey() is None:
            raise ValidationError(
                {
                    "survey_id" if self.survey_id else "page": (
                        "That page has no such survey."
                        if self.survey_id
                        else "That page has no survey."
                    )
                }
            )
