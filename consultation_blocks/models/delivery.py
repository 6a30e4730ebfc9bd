"""How a strategy came to be agreed (its adoption trail) and how it is delivered (its
action plan). Both are children of the strategy page, so they are saved in its
revisions and published through the same approval as the page."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class AdoptionStage(models.TextChoices):
    DRAFTED = "drafted", "Drafted"
    CONSULTED = "consulted", "Consulted on"
    ENDORSED = "endorsed", "Endorsed"
    ADOPTED = "adopted", "Adopted"
    REVIEWED = "reviewed", "Reviewed"


class StrategyAdoptionStep(Orderable):
    strategy = ParentalKey(
        "consultation_blocks.StrategyPage", on_delete=models.CASCADE, related_name="adoption_steps"
    )
    stage = models.CharField(max_length=20, choices=AdoptionStage.choices)
    date = models.DateField()
    body = models.CharField(
        max_length=200, help_text="The body that took this step, e.g. the Partnership Board."
    )
    note = models.CharField(max_length=400, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("stage"), FieldPanel("date")]),
        FieldPanel("body"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "adoption step"

    def __str__(self):
        return f"{self.get_stage_display()} by {self.body}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    DELAYED = "delayed", "Delayed"
    DONE = "done", "Done"
    STOPPED = "stopped", "Stopped"

    @property
    def tag_colour(self):
        """The GOV.UK tag colour residents see this status in on a strategy page."""
        return {
            ActionStatus.DONE: "green",
            ActionStatus.DELAYED: "orange",
            ActionStatus.ON_TRACK: "blue",
        }.get(self, "grey")


class StrategyAction(Orderable):
    strategy = ParentalKey(
        "consultation_blocks.StrategyPage", on_delete=models.CASCADE, related_name="actions"
    )
    objective = models.CharField(
        max_length=200,
        help_text="The strategy's objective this action serves, as the page names it.",
    )
    title = models.CharField("action", max_length=255)
    owner_role = models.CharField(
        max_length=200, help_text="A role or team, e.g. Engagement lead, not a person's name."
    )
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    due_on = models.DateField("due", null=True, blank=True)
    progress = models.TextField(
        "progress notes", max_length=1000, blank=True, help_text="Residents see these."
    )
    progress_updated_on = models.DateField("progress last updated", null=True, blank=True)

    panels = [
        FieldPanel("objective"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("owner_role"), FieldPanel("status"), FieldPanel("due_on")]),
        FieldPanel("progress"),
        FieldPanel("progress_updated_on"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "action"

    @property
    def status_tag_colour(self):
        return ActionStatus(self.status).tag_colour

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.progress and not self.progress_updated_on:
            raise ValidationError(
                {"progress_updated_on": "Say when the progress notes were last brought up to date."}
            )
