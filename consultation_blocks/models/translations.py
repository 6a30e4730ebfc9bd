"""Translations that wait for a native speaker's review.

A translation written by someone who does not speak the language natively (the demo's
Welsh pages, a first machine-assisted draft) is marked here. Editors see the mark in the
page editor and on the dashboard until someone ticks it off; residents never see it.
"""

from django.conf import settings
from django.db import models


class TranslationReview(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translation_review"
    )
    needs_native_review = models.BooleanField(
        default=True,
        help_text="Untick once a native speaker has checked the translation.",
    )
    note = models.TextField(blank=True, max_length=1000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "translation review"
        verbose_name_plural = "translation reviews"
        ordering = ["-created_at"]

    def __str__(self):
        state = "needs review" if self.needs_native_review else "reviewed"
        return f"Translation of page {self.page_id}: {state}"
