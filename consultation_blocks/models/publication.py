"""Responses residents allowed to be published, as staff prepared them for publication.

A ``PublishedResponse`` is a copy: the free-text answers as a moderator redacted them
(personal details removed), never the response itself, which is not altered. Each
change a moderator makes is a ``RedactionLogEntry``: who, when, which answer, and its
text before and after. Both go with the response when it is erased.
"""

from django.conf import settings
from django.db import models

from .responses import SurveyResponse


class PublicationState(models.TextChoices):
    PUBLISHED = "published", "Published"
    DECLINED = "declined", "Not published"
    UNPUBLISHED = "unpublished", "Unpublished"


class PublishedResponse(models.Model):
    response = models.OneToOneField(
        SurveyResponse, on_delete=models.CASCADE, related_name="published_copy"
    )
    page = models.ForeignKey(
        "consultation_blocks.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="published_responses",
    )
    survey_id = models.CharField(max_length=64)
    state = models.CharField(max_length=12, choices=PublicationState.choices, db_index=True)
    # [{"question_id": ..., "question": label at publication, "text": redacted text}]
    answers = models.JSONField(default=list)
    # Every redacted answer joined, for search within a consultation's published responses.
    search_text = models.TextField(blank=True)
    # Empty unless the resident chose to be named.
    name = models.CharField(max_length=100, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["page", "state", "published_at"])]

    def __str__(self):
        return f"Published copy of response {self.response_id}"


class RedactionAction(models.TextChoices):
    REDACTED = "redacted", "Redacted an answer"
    RENAMED = "renamed", "Changed the published name"
    PUBLISHED = "published", "Published"
    DECLINED = "declined", "Declined to publish"
    UNPUBLISHED = "unpublished", "Unpublished"


class RedactionLogEntry(models.Model):
    published = models.ForeignKey(
        PublishedResponse, on_delete=models.CASCADE, related_name="log_entries"
    )
    action = models.CharField(max_length=12, choices=RedactionAction.choices)
    question_id = models.CharField(max_length=64, blank=True)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.published_id})"
