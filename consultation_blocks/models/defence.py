"""A tally of public submissions the spam defences turned away, so moderators can see
whether the defences are doing their job (or blocking real residents)."""

from django.db import models


class BlockReason(models.TextChoices):
    HONEYPOT = "honeypot", "Hidden field filled in"
    TOO_FAST = "too_fast", "Sent too quickly after the form was shown"
    NO_TOKEN = "no_token", "Form check missing or tampered with"
    RATE_LIMIT = "rate_limit", "Too many submissions from one address"
    TOO_LARGE = "too_large", "Request too large"


class BlockedSubmission(models.Model):
    """One row per day, form and reason, counting blocked submissions. Nothing about the
    sender is kept."""

    day = models.DateField()
    form = models.CharField(max_length=20)
    reason = models.CharField(max_length=20, choices=BlockReason.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "form", "reason"]
        constraints = [
            models.UniqueConstraint(fields=["day", "form", "reason"], name="one_tally_per_day"),
        ]

    def __str__(self):
        return f"{self.day}: {self.count} {self.form} blocked ({self.reason})"
