"""Decisions that consultations feed, and the public page that lists them.

A decision record belongs to the partner whose body takes it (a council's Cabinet, a
partnership board); who may edit it follows the partner-team rule in ``teams.py``. Key
decisions not yet taken make the forward plan.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import DraftStateMixin, LockableMixin, Page, RevisionMixin, WorkflowMixin
from wagtail.search import index

from .governance import EqualityImpactFields


class DecisionKind(models.TextChoices):
    KEY = "key", "Key decision"
    NON_KEY = "non_key", "Not a key decision"


class DecisionStatus(models.TextChoices):
    PLANNED = "planned", "Due"
    DEFERRED = "deferred", "Deferred"
    MADE = "made", "Decision made"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Decision(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    EqualityImpactFields,
):
    """Saved as drafts and published by someone with the publish permission
    (moderators), so a record reaches residents only once approved, like a page."""

    reference = models.CharField(
        max_length=40,
        unique=True,
        help_text="The decision maker's own reference, e.g. I068121.",
    )
    title = models.CharField(max_length=255)
    purpose = models.TextField(max_length=1000, blank=True, help_text="What is to be decided.")
    partner = models.ForeignKey(
        "consultation_blocks.Partner",
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="The partner whose body takes the decision. Only its team can edit this.",
    )
    decision_maker = models.CharField(
        max_length=200, help_text="The body or person deciding, e.g. Cabinet or a board."
    )
    kind = models.CharField(
        "type", max_length=20, choices=DecisionKind.choices, default=DecisionKind.KEY
    )
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.PLANNED
    )
    notice_published_on = models.DateField("notice first published", null=True, blank=True)
    due_on = models.DateField("decision due", null=True, blank=True)
    decided_on = models.DateField("decision made on", null=True, blank=True)
    outcome = models.CharField(
        max_length=255, blank=True, help_text="In a few words, e.g. Recommendations approved."
    )
    all_wards = models.BooleanField("affects all wards", default=False)
    wards = models.ManyToManyField(
        "consultation_blocks.Area",
        blank=True,
        related_name="decisions",
        verbose_name="wards affected",
    )
    consultations = models.ManyToManyField(
        "consultation_blocks.ConsultationPage",
        blank=True,
        related_name="decisions",
        verbose_name="consultations that informed it",
    )
    published_decision_url = models.URLField(
        "link to the published decision", blank=True, max_length=500
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="content_type",
        object_id_field="object_id",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="decision",
        for_concrete_model=False,
    )

    panels = [
        FieldPanel("reference"),
        FieldPanel("title"),
        FieldPanel("purpose"),
        MultiFieldPanel(
            [
                FieldPanel("partner"),
                FieldPanel("decision_maker"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
                FieldRowPanel(
                    [
                        FieldPanel("notice_published_on"),
                        FieldPanel("due_on"),
                        FieldPanel("decided_on"),
                    ]
                ),
                FieldPanel("outcome"),
                FieldPanel("published_decision_url"),
            ],
            heading="Who decides, and when",
        ),
        MultiFieldPanel(
            [FieldPanel("all_wards"), FieldPanel("wards"), FieldPanel("consultations")],
            heading="Where, and what informed it",
        ),
        MultiFieldPanel(EqualityImpactFields.eia_panels, heading="Equality impact assessment"),
    ]

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("reference"),
        index.SearchField("purpose"),
        index.SearchField("decision_maker"),
        index.SearchField("outcome"),
        index.FilterField("partner"),
        index.FilterField("kind"),
        index.FilterField("status"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["-due_on", "reference"]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.kind == DecisionKind.KEY and not self.due_on:
            errors.setdefault("due_on", []).append(
                "A key decision needs a due date: it is listed in the forward plan."
            )
        if self.status == DecisionStatus.MADE and not self.decided_on:
            errors.setdefault("decided_on", []).append("Give the date the decision was made.")
        if self.decided_on and self.status != DecisionStatus.MADE:
            errors.setdefault("status", []).append(
                "A decision with a date made must have the status \u201cDecision made\u201d."
            )
        if self.notice_published_on and self.due_on and self.due_on < self.notice_published_on:
            errors.setdefault("due_on", []).append(
                "The decision cannot be due before its notice was published."
            )
        if errors:
            raise ValidationError(errors)

    # The public read API (config/api.py); the endpoint prefetches these relations.
    @property
    def partner_name(self):
        return self.partner.name

    @property
    def ward_names(self):
        return [ward.name for ward in self.wards.all()]

    @property
    def informing_consultations(self):
        # Drafts are never named, whatever the caller prefetched.
        return [
            {"id": page.pk, "title": page.title} for page in self.consultations.all() if page.live
        ]

    api_fields = [
        APIField("reference"),
        APIField("title"),
        APIField("purpose"),
        APIField("partner_name"),
        APIField("decision_maker"),
        APIField("kind"),
        APIField("status"),
        APIField("notice_published_on"),
        APIField("due_on"),
        APIField("decided_on"),
        APIField("outcome"),
        APIField("all_wards"),
        APIField("ward_names"),
        APIField("informing_consultations"),
        APIField("published_decision_url"),
    ]

    @property
    def is_key(self):
        return self.kind == DecisionKind.KEY

    @property
    def is_made(self):
        return self.status == DecisionStatus.MADE


class DecisionIndexPage(RoutablePageMixin, Page):
    """The public forward plan of key decisions, and the decisions already made."""

    intro = models.TextField(max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = []
    max_count = 1
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "decisions page"

    # The listing and each decision's page are views (views/decisions.py); imported
    # inside the routes because the views import these models.
    @path("", name="index")
    def index_route(self, request):
        from ..views.decisions import decision_index

        return decision_index(request, self)

    @path("<str:reference>/", name="decision")
    def decision_route(self, request, reference):
        from ..views.decisions import decision_detail

        return decision_detail(request, self, reference)
