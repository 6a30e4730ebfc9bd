"""Learning from every exercise: what residents said about taking part (a few optional
questions after a survey or a meeting, not linked to anything else they sent), and
what staff recorded about how an engagement activity went."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Ease(models.TextChoices):
    VERY_EASY = "very_easy", _("Very easy")
    EASY = "easy", _("Easy")
    NEITHER = "neither", _("Neither easy nor difficult")
    DIFFICULT = "difficult", _("Difficult")
    VERY_DIFFICULT = "very_difficult", _("Very difficult")


class Heard(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_SURE = "not_sure", _("Not sure yet")


class Again(models.TextChoices):
    YES = "yes", _("Yes")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No")


# The answers each report column counts as favourable: one rule for the report.
FAVOURABLE = {
    "easy": (Ease.VERY_EASY, Ease.EASY),
    "heard": (Heard.YES,),
    "again": (Again.YES,),
}


class TakingPartFeedback(models.Model):
    """One resident's view of taking part. Dated to the day only and tied to nothing but
    the page, so it cannot be matched to their response or comment."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="+")
    easy = models.CharField("how easy it was", max_length=20, choices=Ease.choices, blank=True)
    heard = models.CharField("felt listened to", max_length=20, choices=Heard.choices, blank=True)
    again = models.CharField(
        "would take part again", max_length=20, choices=Again.choices, blank=True
    )
    improve = models.TextField("what would have made it better", max_length=1000, blank=True)
    created_on = models.DateField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["page", "created_on"])]

    def __str__(self):
        return f"Feedback on taking part in {self.page_id}"


class ActivityEvaluation(models.Model):
    """Staff's own account of an activity once it has run: what worked, what to change,
    what it cost and how many it reached."""

    activity = models.OneToOneField(
        "consultation_blocks.EngagementActivity",
        on_delete=models.CASCADE,
        related_name="evaluation",
    )
    what_worked = models.TextField(max_length=2000, blank=True)
    what_to_change = models.TextField("what to do differently", max_length=2000, blank=True)
    cost = models.DecimalField(
        "cost (£)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Venue, materials, translation, incentives: what it cost beyond staff time.",
    )
    people_reached = models.PositiveIntegerField(null=True, blank=True)
    partners_view = models.TextField(
        "what partners said",
        max_length=2000,
        blank=True,
        help_text="Other partners' views of the activity, if they were asked.",
    )
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Evaluation of {self.activity}"
