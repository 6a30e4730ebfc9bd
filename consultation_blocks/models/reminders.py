from django.db import models


class OutcomeReminderKind(models.TextChoices):
    WEEK_BEFORE = "week_before", "A week before the outcome is due"
    DUE = "due", "On the day the outcome is due"


class OutcomeReminder(models.Model):
    """A record that a reminder was sent, so each is sent once even if the daily job
    runs late or twice."""

    page = models.ForeignKey(
        "consultation_blocks.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="outcome_reminders",
    )
    kind = models.CharField(max_length=20, choices=OutcomeReminderKind.choices)
    due_on = models.DateField()
    # Every address the reminder went to: the owner, or each member of the lead
    # partner's team when the page has no owner.
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "kind", "due_on"], name="one_outcome_reminder_per_kind_and_date"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for page {self.page_id}"


class OutcomeNotification(models.Model):
    """Respondents who asked to hear about the outcome were emailed once it appeared."""

    page = models.OneToOneField(
        "consultation_blocks.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="outcome_notification",
    )
    recipients = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Outcome of page {self.page_id} sent to {self.recipients}"
