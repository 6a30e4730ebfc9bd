from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="date")
class ConsultationSettings(BaseSiteSetting):
    """The partnership's own rules for consultations."""

    minimum_consultation_days = models.PositiveSmallIntegerField(
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=(
            "Consultations shorter than this are flagged in the admin. The Gunning "
            "principles ask only for adequate time; 28 days is this site's default."
        ),
    )
    outcome_due_weeks = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text=(
            "Weeks after closing by which the outcome should be published, unless a "
            "consultation sets its own date. Twelve weeks follows the UK government's "
            "consultation principles."
        ),
    )

    panels = [
        HelpPanel(
            content="These rules flag consultations that need attention; they never stop "
            "an editor from saving."
        ),
        FieldPanel("minimum_consultation_days"),
        FieldPanel("outcome_due_weeks"),
    ]

    class Meta:
        verbose_name = "consultation settings"
