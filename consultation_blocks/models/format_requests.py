"""Residents' requests for a consultation in another format: large print, audio, Easy
Read, British Sign Language, Braille or another language.

A request holds what the partner team needs to send the format and nothing more, and
is deleted ``FORMAT_REQUEST_RETENTION_DAYS`` after it was made (``manage.py
delete_old_format_requests``): long enough to send the format and answer questions
about it, shorter than any consultation's life.
"""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

FORMAT_REQUEST_RETENTION_DAYS = 180
NAME_MAX_LENGTH = 100
LANGUAGE_MAX_LENGTH = 100
DETAILS_MAX_LENGTH = 1000

FORMAT_REQUEST_CONSENT = format_lazy(
    _(
        "We use your email address and name only to send you this consultation in the "
        "format you asked for and to ask you about it if we need to. The team running the "
        "consultation sees your request. We delete it after {days} days."
    ),
    days=FORMAT_REQUEST_RETENTION_DAYS,
)


class AccessibleFormat(models.TextChoices):
    EASY_READ = "easy_read", _("Easy Read")
    LARGE_PRINT = "large_print", _("Large print")
    AUDIO = "audio", _("Audio")
    BSL = "bsl", _("British Sign Language (BSL) video")
    BRAILLE = "braille", _("Braille")
    LANGUAGE = "language", _("Another language")
    OTHER = "other", _("Something else")


class FormatRequest(models.Model):
    page = models.ForeignKey(
        "consultation_blocks.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="format_requests",
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    email = models.EmailField()
    format = models.CharField(max_length=20, choices=AccessibleFormat.choices)
    language = models.CharField(
        max_length=LANGUAGE_MAX_LENGTH,
        blank=True,
        help_text="The language asked for, when the format is another language.",
    )
    details = models.TextField(max_length=DETAILS_MAX_LENGTH, blank=True)
    # The language of the page the resident asked from, e.g. "cy".
    asked_in = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "format request"
        verbose_name_plural = "format requests"

    def __str__(self):
        return f"{self.get_format_display()} for {self.page_id}"
