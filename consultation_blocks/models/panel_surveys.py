"""Surveys only the citizens' panel answers: each active member invited to a
consultation page gets a personal link, and the response they send is recorded
against their invitation, so each invitation answers once and reminders go only to
those who have not answered.

The link carries the invitation's random ``token`` (a UUID, 122 random bits: not
guessable), never the member's address. The response itself stores nothing about the
member: results and exports read responses, which name no invitation; only this
table links an invitation to the response it sent. Erasing a member's data deletes
their invitations, so nothing links them to the response any more (the response keeps
its answers, as every erased response does).
"""

import uuid

from django.conf import settings
from django.db import models


class PanelSurveyInvitation(models.Model):
    page = models.ForeignKey(
        "consultation_blocks.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="panel_invitations",
    )
    member = models.ForeignKey(
        "consultation_blocks.PanelMember",
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField()
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The response sent through the personal link: one per invitation.
    response = models.OneToOneField(
        "consultation_blocks.SurveyResponse",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="panel_invitation",
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "member"], name="one_panel_survey_invitation_per_member"
            ),
        ]

    def __str__(self):
        return f"Panel survey invitation {self.pk} to page {self.page_id}"
