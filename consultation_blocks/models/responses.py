"""What residents send: survey responses, saved drafts, equality monitoring and votes.

Rows refer to the page and to the StreamField block id of the survey or poll, so
editing a page never detaches answers already given.
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResponseChannel(models.TextChoices):
    ONLINE = "online", "Online"
    PAPER = "paper", "Paper form"
    EVENT = "event", "Event or meeting"
    PHONE = "phone", "Telephone"
    EMAIL = "email", "Email or letter"


class PublicationChoice(models.TextChoices):
    """Whether the resident lets the partnership publish their response."""

    NO = "no", _("No")
    WITHOUT_NAME = "without_name", _("Yes, without my name")
    WITH_NAME = "with_name", _("Yes, with my name")


PUBLICATION_NAME_MAX_LENGTH = 100


class SurveyResponse(models.Model):
    page = models.ForeignKey(
        "consultation_blocks.ConsultationPage",
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    survey_id = models.CharField(max_length=64, db_index=True)
    answers = models.JSONField(default=dict)
    email = models.EmailField(blank=True)
    wants_updates = models.BooleanField(
        default=False, help_text="The respondent asked to hear about the outcome."
    )
    channel = models.CharField(
        max_length=10, choices=ResponseChannel.choices, default=ResponseChannel.ONLINE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who typed in a paper, event or phone response.",
    )
    # One per rendered form: a double-clicked or re-sent form stores one response.
    submission_key = models.UUIDField(unique=True, default=uuid.uuid4)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    one_per_email = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set when the survey accepts one response per email address.",
    )
    # What the resident chose about publishing their response, and when.
    publication = models.CharField(
        max_length=12,
        choices=PublicationChoice.choices,
        default=PublicationChoice.NO,
        db_index=True,
        verbose_name="may be published",
    )
    publication_name = models.CharField(
        max_length=PUBLICATION_NAME_MAX_LENGTH,
        blank=True,
        help_text="The name to publish with the response, only when they chose that.",
    )
    publication_chosen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "survey_id", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "survey_id", "email"],
                condition=models.Q(one_per_email=True),
                name="one_response_per_email_when_required",
            ),
        ]

    def __str__(self):
        return f"Response {self.pk} to {self.page_id}/{self.survey_id}"


class SurveyDraft(models.Model):
    """A partly finished response a resident saved to finish later. Not a response:
    never counted, never exported, deleted once the consultation closes."""

    page = models.ForeignKey(
        "consultation_blocks.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="survey_drafts",
    )
    survey_id = models.CharField(max_length=64)
    token = models.CharField(max_length=64, unique=True)
    answers = models.JSONField(default=dict)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Saved draft for {self.page_id}/{self.survey_id}"

    @staticmethod
    def hash_token(token):
        """Drafts are found by a hash of their token, so a database leak reveals no links."""
        return hashlib.sha256(token.encode()).hexdigest()


class EqualityResponse(models.Model):
    """Equality monitoring answers, deliberately not linked to the survey response they
    came with, and dated to the day only, so they can be reported in aggregate alone."""

    page = models.ForeignKey(
        "consultation_blocks.ConsultationPage",
        on_delete=models.PROTECT,
        related_name="equality_responses",
    )
    survey_id = models.CharField(max_length=64, db_index=True)
    answers = models.JSONField(default=dict)
    channel = models.CharField(
        max_length=10, choices=ResponseChannel.choices, default=ResponseChannel.ONLINE
    )
    created_on = models.DateField(auto_now_add=True)

    def __str__(self):
        return f"Equality monitoring for {self.page_id}/{self.survey_id}"


class PollVote(models.Model):
    page = models.ForeignKey(
        "consultation_blocks.ConsultationPage", on_delete=models.PROTECT, related_name="poll_votes"
    )
    poll_id = models.CharField(max_length=64)
    option_id = models.CharField(max_length=64)
    # A hash of the voter's session, so one browser votes once without storing who.
    voter = models.CharField(max_length=64)
    # A keyed hash (HMAC with SECRET_KEY) of the voter's address, never the address
    # itself: fresh cookies are free, so each address has a few numbered places per
    # poll (CONSULTATION_POLL_VOTES_PER_ADDRESS), and the unique constraint on the place
    # keeps to that number even when votes arrive at the same moment. Null for votes
    # cast before addresses were kept (null, so they never clash in that constraint).
    voter_address = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    address_place = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "poll_id", "voter"], name="one_vote_per_voter"),
            models.UniqueConstraint(
                fields=["page", "poll_id", "voter_address", "address_place"],
                name="numbered_votes_per_address",
            ),
        ]

    def __str__(self):
        return f"Vote on {self.page_id}/{self.poll_id}"
