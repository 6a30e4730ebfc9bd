"""Themes in written answers: staff group one free-text question's answers into themes,
found on the server and then corrected by hand. A theme belongs to one question of one
survey; each answer is coded with at most one theme. The answers themselves are never
changed, and no text leaves the server."""

from django.conf import settings
from django.db import models


class AnswerTheme(models.Model):
    page = models.ForeignKey(
        "consultation_blocks.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    survey_id = models.CharField(max_length=64)
    question_id = models.CharField(max_length=64)
    label = models.CharField(max_length=120)
    # The words that weigh most in the theme, most telling first, as found; a renamed
    # theme keeps them so staff still see what it was made of.
    top_words = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["page", "survey_id", "question_id"])]

    def __str__(self):
        return self.label


class ThemeAssignment(models.Model):
    """One answer coded with one theme: by the theme finder (with its weight) or by a
    member of staff (``assigned_by``), whose choice a later search replaces only when
    they ask for a fresh start."""

    response = models.ForeignKey(
        "consultation_blocks.SurveyResponse",
        on_delete=models.CASCADE,
        related_name="theme_assignments",
    )
    question_id = models.CharField(max_length=64)
    theme = models.ForeignKey(AnswerTheme, on_delete=models.CASCADE, related_name="assignments")
    weight = models.FloatField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_id"], name="one_theme_per_answer"
            ),
        ]

    def __str__(self):
        return f"{self.response_id}/{self.question_id} → {self.theme_id}"

    @property
    def by_hand(self):
        return self.weight is None
