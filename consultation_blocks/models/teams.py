"""Who works for which partner.

A person's role (comms editor, moderator, administrator) comes from their groups; this
link says on whose behalf they act. Moderators of a partner sign off its consultations,
and later features (the comment queue, response exports) narrow what a person sees to
their partners' work.
"""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel


class PartnerTeamMember(models.Model):
    partner = models.ForeignKey(
        "consultation_blocks.Partner",
        on_delete=models.CASCADE,
        related_name="team_members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_teams",
        limit_choices_to={"is_active": True},
        help_text="Moderators linked to a partner sign off the consultations it leads.",
    )

    panels = [FieldPanel("partner"), FieldPanel("user")]

    class Meta:
        verbose_name = "partner team member"
        verbose_name_plural = "partner team members"
        ordering = ["partner__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "user"], name="unique_partner_team_member")
        ]
        permissions = [
            (
                "act_for_every_partner",
                "Can approve, publish, moderate and see residents' responses for every partner",
            )
        ]

    def __str__(self):
        return f"{self.user} at {self.partner}"
