"""Consultation and strategy pages.

A consultation's status is never typed in: it follows from its dates and from whether
its outcome has been published (see ``status.ConsultationStatus``).
"""

import datetime
import math

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .. import converters  # noqa: F401  (registers <id:...>)
from ..blocks import ConsultationStreamBlock, OutcomeStreamBlock, StrategyStreamBlock
from ..forms.pages import ConsultationPageForm
from ..panels import GunningChecklistPanel
from ..permissions import LeadPartnerPagePermissionTester
from .governance import ChoiceListField, LegalBasis, choice_labels
from .locales import in_default_language
from .mixins import PartnershipContentMixin
from .status import ConsultationStatus, EngagementKind


def stream_text(stream_value):
    """The readable text of a StreamField, as the search index sees it (the site's
    search reads page bodies through this too)."""
    if not stream_value:
        return ""
    parts = stream_value.stream_block.get_searchable_content(stream_value)
    return " ".join(" ".join(str(part) for part in parts if part and part != "None").split())


class EngagementLevel(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic")
    THEMATIC = "thematic", _("Operational: thematic")
    NEIGHBOURHOOD = "neighbourhood", _("Operational: neighbourhood")


class ImpactAssessment(models.TextChoices):
    PENDING = "pending", "Not yet done"
    RECORDED = "recorded", "Equality impact assessment recorded"
    NOT_NEEDED = "not_needed", "Not needed (say why below)"


class ConsultationIndexPage(Page):
    intro = models.TextField(max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["consultation_blocks.ConsultationPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "consultation index page"

    def get_context(self, request, *args, **kwargs):
        # The index page delegates its listing to the views, like the routable page
        # below; imported here because the views import these models (a real cycle).
        from ..views.listing import consultation_listing, listing_address, listing_pages

        context = super().get_context(request, *args, **kwargs)
        # Read only when the listing is drawn, not when it comes from the fragment cache.
        listing = SimpleLazyObject(lambda: consultation_listing(self, request))
        context["listing"] = listing
        context["listing_address"] = address = listing_address(request)
        context["listing_pages"] = listing_pages(self, request, listing, address)
        return context

    def serve(self, request, *args, **kwargs):
        from ..views.listing import redirect_without_empty_filters  # the same cycle as above

        return redirect_without_empty_filters(request) or super().serve(request, *args, **kwargs)


class ConsultationPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "consultation_blocks.ConsultationPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class ConsultationPage(RoutablePageMixin, PartnershipContentMixin, Page):
    kind = models.CharField(
        max_length=20,
        choices=EngagementKind.choices,
        default=EngagementKind.CONSULTATION,
        verbose_name="type",
    )
    level = models.CharField(
        max_length=20,
        choices=EngagementLevel.choices,
        default=EngagementLevel.THEMATIC,
        verbose_name="level of engagement",
    )
    lead_partner = models.ForeignKey(
        "consultation_blocks.Partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_consultations",
    )
    audience = models.TextField(
        max_length=500, blank=True, help_text="Who most needs to hear about this and respond."
    )
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Required for a formal consultation."
    )

    # What the Gunning principles ask an editor to say before consulting.
    formative_stage_confirmed = models.BooleanField(
        default=False,
        verbose_name="the proposals are still at a formative stage",
        help_text="No decision has been made; responses can still change the outcome.",
    )
    proposal = models.TextField(
        blank=True, max_length=4000, verbose_name="what is proposed and why"
    )
    what_can_change = models.TextField(blank=True, max_length=2000)
    what_cannot_change = models.TextField(blank=True, max_length=2000)
    how_responses_used = models.TextField(
        blank=True, max_length=2000, verbose_name="how responses will be used"
    )
    decision_expected = models.DateField(
        null=True, blank=True, verbose_name="when a decision is expected"
    )
    equality_impact_assessment = models.CharField(
        max_length=20, choices=ImpactAssessment.choices, default=ImpactAssessment.PENDING
    )
    equality_impact_note = models.TextField(
        blank=True,
        max_length=1000,
        help_text="Where the assessment can be read, or why one is not needed.",
    )
    legal_basis = ChoiceListField(
        "legal basis",
        choice_set=LegalBasis,
        help_text="The duties this consultation answers to; shown to residents.",
    )

    body = StreamField(ConsultationStreamBlock(), blank=True, use_json_field=True)

    outcome_summary = models.TextField(
        blank=True, max_length=1000, help_text="In a sentence or two: what was decided."
    )
    outcome_body = StreamField(
        OutcomeStreamBlock(), blank=True, use_json_field=True, verbose_name="outcome"
    )
    outcome_published_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="show the outcome from",
        help_text="The outcome section appears on the page from this moment, once this "
        "version of the page is approved and published.",
    )
    outcome_due_date = models.DateField(
        null=True,
        blank=True,
        help_text="Leave blank to use the partnership's rule (weeks after closing).",
    )

    tags = ClusterTaggableManager(through=ConsultationPageTag, blank=True)

    easy_read_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Easy Read or summary version",
        help_text="A short, easy to use summary of this consultation, linked from its page.",
    )

    panel_only = models.BooleanField(
        default=False,
        verbose_name="only the citizens' panel answers the survey",
        help_text="Residents cannot answer on the page: each active panel member you "
        "invite gets a personal link, and answers once through it.",
    )

    base_form_class = ConsultationPageForm
    parent_page_types = ["consultation_blocks.ConsultationIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("level")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("audience"),
                FieldPanel("panel_only"),
            ],
            heading="Type and dates",
        ),
        PageChooserPanel("easy_read_page"),
        MultiFieldPanel(
            [
                FieldPanel("lead_partner"),
                PartnershipContentMixin.partners_panel,
                PartnershipContentMixin.areas_panel,
                FieldPanel("tags"),
            ],
            heading="Who and where",
        ),
        FieldPanel("body"),
    ]
    gunning_panels = [
        GunningChecklistPanel(heading="Readiness"),
        HelpPanel(
            content="A formal consultation cannot be published until these are complete. "
            "They are what residents need to respond intelligently.",
        ),
        FieldPanel("formative_stage_confirmed"),
        FieldPanel("proposal"),
        FieldPanel("what_can_change"),
        FieldPanel("what_cannot_change"),
        FieldPanel("how_responses_used"),
        FieldPanel("decision_expected"),
        MultiFieldPanel(
            [FieldPanel("equality_impact_assessment"), FieldPanel("equality_impact_note")],
            heading="Equality",
        ),
        FieldPanel("legal_basis"),
        InlinePanel(
            "equality_impact_records",
            heading="Equality impact assessment record",
            label="Assessment",
            max_num=1,
        ),
    ]
    outcome_panels = [
        HelpPanel(
            content="We asked, you said, we did: tell residents what changed because of "
            "what they said. Publishing the outcome goes through approval like any change.",
        ),
        FieldPanel("outcome_due_date"),
        FieldPanel("outcome_summary"),
        FieldPanel("outcome_body"),
        FieldPanel("outcome_published_at"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(gunning_panels, heading="Gunning principles"),
            ObjectList(outcome_panels, heading="Outcome"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = [
        *Page.search_fields,
        *PartnershipContentMixin.search_fields,
        index.SearchField("proposal"),
        index.SearchField("audience"),
        index.SearchField("body"),
        # Only once published: an outcome being prepared must not leak through search.
        index.SearchField("published_outcome_text", boost=2),
        index.RelatedFields("lead_partner", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("level"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
        index.FilterField("outcome_published_at"),
    ]

    class Meta:
        verbose_name = "consultation page"

    def get_context(self, request, *args, **kwargs):
        # The decisions it informed are read by a view (views/decisions.py); imported
        # here because the views import these models.
        from ..views.decisions import consultation_decisions_context

        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_decisions_context(self))
        return context

    def permissions_for_user(self, user):
        # Publishing a consultation also needs someone who acts for its lead partner.
        return LeadPartnerPagePermissionTester(user, self)

    @cached_property
    def responses_page(self):
        """The page residents' survey answers are stored against: the consultation in
        the site's default language. Its translations keep the survey's block ids, so
        a response in Welsh counts with the English ones in one set of results.

        Kept on the instance: one answer reads it in the view (is the survey for the
        panel only?) and again where it is stored, and each reading costs a query for
        the default locale. A page's language does not change while a request has it.
        """
        return in_default_language(self)

    def status_at(self, moment):
        return ConsultationStatus.of(self, moment)

    @property
    def status(self):
        return self.status_at(timezone.now())

    @property
    def status_label(self):
        return str(ConsultationStatus(self.status).label)

    # Templates ask these rather than compare the status with its values.
    @property
    def is_upcoming(self):
        return self.status == ConsultationStatus.UPCOMING

    @property
    def legal_basis_labels(self):
        return choice_labels(LegalBasis, self.legal_basis or [])

    def clean(self):
        super().clean()
        if LegalBasis.NONE in (self.legal_basis or []) and len(self.legal_basis) > 1:
            raise ValidationError(
                {"legal_basis": "\u201cNo legal duty\u201d cannot be chosen with a duty."}
            )

    @property
    def is_open(self):
        return self.status == ConsultationStatus.OPEN

    @property
    def is_closed(self):
        return self.status == ConsultationStatus.CLOSED

    @property
    def is_formal(self):
        return self.kind == EngagementKind.CONSULTATION

    @property
    def show_outcome(self):
        return self.status == ConsultationStatus.OUTCOME

    def published_outcome_text(self):
        """The outcome's words for the search index, once the outcome is public."""
        if not self.show_outcome:
            return ""
        return f"{self.outcome_summary} {stream_text(self.outcome_body)}".strip()

    # The public read API (config/api.py): what partners' sites need to list consultations.
    @property
    def partner_names(self):
        return [partner.name for partner in self.partners.all()]

    @property
    def area_names(self):
        return [area.name for area in self.areas.all()]

    @property
    def tag_names(self):
        return [tag.name for tag in self.tags.all()]

    @property
    def lead_partner_name(self):
        return self.lead_partner.name if self.lead_partner_id else ""

    @property
    def published_outcome_summary(self):
        return self.outcome_summary if self.show_outcome else ""

    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("status"),
        APIField("status_label"),
        APIField("kind"),
        APIField("level"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("lead_partner_name"),
        APIField("partner_names"),
        APIField("area_names"),
        APIField("tag_names"),
        APIField("published_outcome_summary"),
    ]

    @property
    def days_left(self):
        """Whole days until closing, counting part of a day as a day; None if not open."""
        if not self.closes_at or not self.is_open:
            return None
        return math.ceil((self.closes_at - timezone.now()) / datetime.timedelta(days=1))

    @property
    def duration_days(self):
        if not (self.opens_at and self.closes_at):
            return None
        return (self.closes_at - self.opens_at) / datetime.timedelta(days=1)

    def outcome_due_on(self, outcome_due_weeks):
        """The date the outcome should be published by, or None for ongoing engagement."""
        if self.outcome_due_date:
            return self.outcome_due_date
        if not self.closes_at:
            return None
        closing_day = timezone.localdate(self.closes_at)
        return closing_day + datetime.timedelta(weeks=outcome_due_weeks)

    # Residents respond through sub-URLs of the page; the views live in views/. Each
    # route imports its view when called: the views import these models (a real cycle,
    # and the one upward import the layers contract allows).
    @path("respond/<str:survey_id>/", name="respond")
    def respond(self, request, survey_id):
        from ..views.surveys import respond

        return respond(request, self, survey_id)

    @path("panel/<str:token>/", name="panel_respond")
    def panel_respond(self, request, token):
        from ..views.panel_surveys import respond

        return respond(request, self, token)

    @path("respond/<str:survey_id>/thank-you/", name="respond_thanks")
    def respond_thanks(self, request, survey_id):
        from ..views.surveys import thanks

        return thanks(request, self, survey_id)

    @path("resume/<str:token>/", name="resume")
    def resume(self, request, token):
        from ..views.surveys import resume

        return resume(request, self, token)

    @path("comments/", name="comment")
    def comment(self, request):
        from ..views.comments import post

        return post(request, self)

    @path("comments/<id:comment_id>/report/", name="report_comment")
    def report_comment(self, request, comment_id):
        from ..views.comments import report

        return report(request, self, comment_id)

    @path("responses/", name="published_responses")
    def published_responses_view(self, request):
        from ..views.publication import published_list

        return published_list(request, self)

    @path("other-formats/", name="other_formats")
    def other_formats(self, request):
        from ..views.format_requests import request_format

        return request_format(request, self)

    @path("other-formats/sent/", name="other_formats_sent")
    def other_formats_sent(self, request):
        from ..views.format_requests import request_sent

        return request_sent(request, self)

    @path("poll/<str:poll_id>/", name="vote")
    def vote(self, request, poll_id):
        from ..views.polls import vote

        return vote(request, self, poll_id)


class StrategyIndexPage(Page):
    intro = models.TextField(max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["consultation_blocks.StrategyPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "strategy index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["strategies"] = (
            StrategyPage.objects.child_of(self).live().public().order_by("title")
        )
        return context


class StrategyPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "consultation_blocks.StrategyPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StrategyPage(PartnershipContentMixin, Page):
    adopted_on = models.DateField(null=True, blank=True, help_text="When the strategy was agreed.")
    body = StreamField(StrategyStreamBlock(), blank=True, use_json_field=True)
    tags = ClusterTaggableManager(through=StrategyPageTag, blank=True)

    parent_page_types = ["consultation_blocks.StrategyIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("adopted_on"),
        FieldPanel("body"),
        *PartnershipContentMixin.partnership_panels,
        InlinePanel(
            "shaping_consultations",
            heading="Consultations that shaped this strategy",
            label="Consultation",
        ),
        InlinePanel("adoption_steps", heading="Adoption trail", label="Step"),
        InlinePanel("actions", heading="Action plan", label="Action"),
        InlinePanel("strategy_indicators", heading="Indicators", label="Indicator"),
    ]

    search_fields = [
        *Page.search_fields,
        *PartnershipContentMixin.search_fields,
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "strategy page"

    def get_context(self, request, *args, **kwargs):
        # Its adoption trail, action plan and indicator charts are read by a view
        # (views/indicators.py); imported here because the views import these models.
        from ..views.indicators import strategy_delivery_context

        context = super().get_context(request, *args, **kwargs)
        context.update(strategy_delivery_context(self))
        return context


class StrategyConsultation(Orderable):
    strategy = ParentalKey(
        StrategyPage, on_delete=models.CASCADE, related_name="shaping_consultations"
    )
    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="shaped_strategies"
    )

    panels = [FieldPanel("consultation")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "consultation"], name="unique_strategy_consultation"
            )
        ]

    def __str__(self):
        return str(self.consultation)
