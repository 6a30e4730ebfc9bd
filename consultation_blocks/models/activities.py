"""Engagement activities: what each partner plans to do to hear from residents, by any
method, so the partnership can see its shared forward plan and stop duplicating work.

An activity is a planning record rather than a page: it has no body of its own, staff
change it often as plans firm up, and residents see it only as a line in the forward
plan (and, once it has run, in its consultation's outcome). It is therefore a snippet
model with its own admin screens, editable only by its lead partner's team.

An activity goes through the same moderation as pages: staff save drafts and submit
them; once approved it is live, and only live activities reach residents (the forward
plan, its calendar feed, the read API, search). ``EngagementActivityQuerySet.published``
is that rule.

The rules about activities live here, beside the model, so the admin form, the views
and the selectors ask one place:
- whether a person may change an activity (``may_change_activity``),
- which activities clash with a plan (``EngagementActivityQuerySet.clashing_with``),
- the weeks an activity covers (``weeks_covered``).
"""

import datetime
import uuid

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.utils import dateformat, timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from ..equality import EQUALITY_QUESTIONS_BY_CODE
from .areas import Area
from .partners import Partner
from .teams import acts_for_every_partner, may_keep_record, partner_ids_for_user

# Plans further out than this are guesses, and dates before it are typing mistakes.
EARLIEST_YEAR = 2000
MAX_YEARS_AHEAD = 10
# A single activity longer than this is a programme, not an activity.
MAX_DURATION = datetime.timedelta(days=366 * 2)


class ActivityMethod(models.TextChoices):
    SURVEY = "survey", "Survey"
    FOCUS_GROUP = "focus_group", "Focus group"
    PUBLIC_MEETING = "public_meeting", "Public meeting or event"
    INTERVIEW = "interview", "Interviews"
    DROP_IN = "drop_in", "Drop-in session"
    ONLINE_DISCUSSION = "online_discussion", "Online discussion"
    PANEL = "panel", "Panel"
    WORKSHOP = "workshop", "Workshop"
    OTHER = "other", "Other"


class ActivityStage(models.TextChoices):
    """Where an activity is in its life. The order is the order of the life."""

    IDEA = "idea", "Idea or pre-planning"
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    FEEDBACK_GIVEN = "feedback_given", "Feedback given"

    @classmethod
    def still_planned(cls):
        """Stages in which a clash can still be avoided by talking to each other."""
        return [cls.IDEA, cls.PLANNED, cls.OPEN]


class AudienceGroup(models.TextChoices):
    """Who an activity is meant to reach: residents in general, or groups the
    partnership finds seldom heard. Each seldom-heard group follows one of the
    characteristics the equality monitoring asks about (see ``AUDIENCE_CHARACTERISTIC``),
    so what was planned can be read beside who answered."""

    GENERAL = "general", "Residents in general"
    YOUNG_PEOPLE = "young_people", "Children and young people"
    OLDER_PEOPLE = "older_people", "Older people"
    DISABLED_PEOPLE = "disabled_people", "Disabled people"
    TRANS_PEOPLE = "trans_people", "Trans and non-binary people"
    PREGNANCY = "pregnancy", "Pregnant women and new parents"
    ETHNIC_MINORITIES = "ethnic_minorities", "Black, Asian and minority ethnic communities"
    FAITH_GROUPS = "faith_groups", "Faith communities"
    WOMEN = "women", "Women and girls"
    LGB_PEOPLE = "lgb_people", "Lesbian, gay and bisexual people"
    MENTAL_HEALTH = "mental_health", "People with mental health conditions"
    CARERS = "carers", "Carers"
    VETERANS = "veterans", "Armed forces veterans"
    BREASTFEEDING = "breastfeeding", "Breastfeeding mothers"
    LOW_INCOME = "low_income", "People on low incomes or out of work"


# The equality monitoring question each seldom-heard group corresponds to.
AUDIENCE_CHARACTERISTIC = {
    AudienceGroup.YOUNG_PEOPLE: "age",
    AudienceGroup.OLDER_PEOPLE: "age",
    AudienceGroup.DISABLED_PEOPLE: "disability",
    AudienceGroup.TRANS_PEOPLE: "gender_reassignment",
    AudienceGroup.PREGNANCY: "pregnancy_maternity",
    AudienceGroup.ETHNIC_MINORITIES: "ethnicity",
    AudienceGroup.FAITH_GROUPS: "religion",
    AudienceGroup.WOMEN: "sex",
    AudienceGroup.LGB_PEOPLE: "sexual_orientation",
    AudienceGroup.MENTAL_HEALTH: "mental_health",
    AudienceGroup.CARERS: "carer",
    AudienceGroup.VETERANS: "veteran",
    AudienceGroup.BREASTFEEDING: "breastfeeding",
    AudienceGroup.LOW_INCOME: "socioeconomic",
}
assert set(AUDIENCE_CHARACTERISTIC.values()) <= set(EQUALITY_QUESTIONS_BY_CODE), (
    "every seldom-heard group must follow an equality monitoring question"
)


def audience_labels(codes):
    labels = dict(AudienceGroup.choices)
    return [labels[code] for code in codes or () if code in labels]


def weeks_covered(start, end):
    """The Monday of ``start``'s week and the Sunday of ``end``'s: "the same weeks"."""
    monday = start - datetime.timedelta(days=start.weekday())
    sunday = end + datetime.timedelta(days=6 - end.weekday())
    return monday, sunday


def audience_q(codes, field="audience_groups"):
    """Activities whose list of audience groups holds any of ``codes``.

    PostgreSQL compares JSON lists natively; other databases match the quoted code in
    the stored JSON text, which is exact because codes are a closed set of plain words.
    """
    query = Q(pk__in=[])
    for code in codes:
        if connection.features.supports_json_field_contains:
            query |= Q(**{f"{field}__contains": [code]})
        else:
            query |= Q(**{f"{field}__icontains": f'"{code}"'})
    return query


class EngagementActivityQuerySet(models.QuerySet):
    def published(self):
        """What residents may see: approved, live activities (never a draft)."""
        return self.filter(live=True)

    def for_listing(self):
        """Everything a forward plan row shows, in a fixed number of queries."""
        return self.select_related("lead_partner", "consultation").prefetch_related(
            "partners", "areas", "tags"
        )

    def in_month(self, first_day):
        """Activities running on any day of the month starting ``first_day``."""
        next_month = (first_day + datetime.timedelta(days=32)).replace(day=1)
        return self.filter(starts_on__lt=next_month, ends_on__gte=first_day)

    def in_area(self, areas):
        """Activities about ``areas``, counting a town or ward as part of its local
        authority and an authority as covering its towns and wards."""
        area_ids = list(
            Area.objects.filter(
                Q(pk__in=areas) | Q(children__in=areas) | Q(parent__in=areas)
            ).values_list("pk", flat=True)
        )
        return self.filter(areas__in=area_ids)

    def clashing_with(
        self, *, lead_partner_id, starts_on, ends_on, tag_names, area_ids, audience, exclude_pk
    ):
        """Other partners' live plans in the same weeks, on a shared topic or area, for a
        shared audience: the duplication the partnership wants to talk about first."""
        if not (starts_on and ends_on and audience and (tag_names or area_ids)):
            return self.none()
        monday, sunday = weeks_covered(starts_on, ends_on)
        same_subject = Q(pk__in=[])
        if tag_names:
            same_subject |= Q(tags__name__in=list(tag_names))
        if area_ids:
            related = Area.objects.filter(
                Q(pk__in=area_ids) | Q(children__in=area_ids) | Q(parent__in=area_ids)
            ).values_list("pk", flat=True)
            same_subject |= Q(areas__in=list(related))
        matches = (
            self.filter(starts_on__lte=sunday, ends_on__gte=monday)
            .filter(stage__in=ActivityStage.still_planned())
            .filter(same_subject)
            .filter(audience_q(audience))
            .exclude(lead_partner_id=lead_partner_id)
        )
        if exclude_pk:
            matches = matches.exclude(pk=exclude_pk)
        ids = matches.values_list("pk", flat=True).distinct()
        return self.filter(pk__in=list(ids)).select_related("lead_partner").order_by("starts_on")


def may_change_activity(user, activity):
    """Whether ``user`` may change, publish or delete ``activity``: its lead partner's
    team, or someone who acts for every partner (``teams.may_keep_record``).

    The lead partner is read from the database row as well as from the object in hand:
    an edit form or a draft changes the object, and the person editing chooses that
    value.
    """
    return may_keep_record(user, activity)


class EngagementActivityTag(TaggedItemBase):
    """Topics, from the same tag list as consultations and strategies."""

    content_object = ParentalKey(
        "consultation_blocks.EngagementActivity",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class EngagementActivityForm(WagtailAdminModelForm):
    audience_groups = forms.MultipleChoiceField(
        choices=AudienceGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Intended audience",
        help_text="Choose every group you mean to reach. Seldom-heard groups follow the "
        "equality monitoring questions.",
    )
    groups_reached = forms.MultipleChoiceField(
        choices=AudienceGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Groups reached",
        help_text="After the activity: the groups who actually took part.",
    )
    clashes_checked = forms.BooleanField(
        required=False,
        label="I have seen the clashes listed and will talk to the partners named",
        help_text="Only needed when this activity clashes with another partner's.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clashes = []
        user = self.for_user
        if user is not None and not acts_for_every_partner(user) and "lead_partner" in self.fields:
            # Staff plan for the partners they act for; co-partners can be anyone.
            self.fields["lead_partner"].queryset = Partner.objects.filter(
                pk__in=partner_ids_for_user(user)
            )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", "The end date must be on or after the start date.")
            elif ends_on - starts_on > MAX_DURATION:
                self.add_error(
                    "ends_on",
                    "An activity can last two years at most; split a longer programme into "
                    "activities.",
                )
        latest_year = timezone.localdate().year + MAX_YEARS_AHEAD
        for name in ("starts_on", "ends_on"):
            value = cleaned.get(name)
            if value and not (EARLIEST_YEAR <= value.year <= latest_year):
                self.add_error(name, f"Enter a date between {EARLIEST_YEAR} and {latest_year}.")
        if not self.errors:
            self._check_clashes(cleaned)
        return cleaned

    def _check_clashes(self, cleaned):
        lead = cleaned.get("lead_partner")
        tags = cleaned.get("tags") or []
        areas = cleaned.get("areas") or []
        self.clashes = list(
            EngagementActivity.objects.clashing_with(
                lead_partner_id=lead.pk if lead else None,
                starts_on=cleaned.get("starts_on"),
                ends_on=cleaned.get("ends_on"),
                tag_names=[getattr(tag, "name", tag) for tag in tags],
                area_ids=[area.pk for area in areas],
                audience=cleaned.get("audience_groups") or [],
                exclude_pk=self.instance.pk,
            )
        )
        if self.clashes and not cleaned.get("clashes_checked"):
            self.add_error(
                "clashes_checked",
                [
                    ValidationError(
                        "Clashes with “%(title)s” by %(partner)s, %(dates)s: talk to %(contact)s "
                        "first.",
                        params={
                            "title": clash.title,
                            "partner": clash.lead_partner.name,
                            "dates": clash.date_range_text,
                            "contact": clash.contact_text,
                        },
                    )
                    for clash in self.clashes
                ],
            )


class EngagementActivity(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    ClusterableModel,
):
    # A stable identity for calendar programs: the iCalendar UID never changes.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(
        max_length=1000, blank=True, help_text="What the activity is about, in plain words."
    )
    method = models.CharField(max_length=20, choices=ActivityMethod.choices)
    lead_partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="led_activities",
        help_text="The partner whose team runs and answers for this activity.",
    )
    partners = ParentalManyToManyField(
        Partner,
        blank=True,
        related_name="activities",
        verbose_name="other partners",
        help_text="Partners taking part beside the lead partner.",
    )
    service = models.CharField(max_length=200, blank=True, verbose_name="service or department")
    tags = ClusterTaggableManager(through=EngagementActivityTag, blank=True, verbose_name="topics")
    areas = ParentalManyToManyField(
        Area,
        blank=True,
        related_name="activities",
        help_text="Where this applies. A local authority means all of its wards.",
    )
    audience_groups = models.JSONField(default=list, blank=True, verbose_name="intended audience")
    audience_note = models.CharField(
        max_length=300, blank=True, help_text="Anything more about who you want to hear from."
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    stage = models.CharField(
        max_length=20, choices=ActivityStage.choices, default=ActivityStage.IDEA
    )
    feedback_method = models.TextField(
        max_length=500,
        blank=True,
        verbose_name="how feedback will be given",
        help_text="How and when people who took part will hear what changed.",
    )
    contact_role = models.CharField(
        max_length=120,
        help_text="A role or team, never a named person: for example "
        "“Engagement lead, Tameside Council”.",
    )
    contact_email = models.EmailField(blank=True, help_text="A shared team address.")
    consultation = models.ForeignKey(
        "consultation_blocks.ConsultationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        help_text="The consultation page this activity belongs to, if any.",
    )
    # The activity log: filled in once the activity has happened.
    participants = models.PositiveIntegerField(
        null=True, blank=True, verbose_name="number taking part"
    )
    groups_reached = models.JSONField(default=list, blank=True)
    what_we_heard = models.TextField(max_length=3000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
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
        related_query_name="engagement_activity",
        for_concrete_model=False,
    )

    objects = EngagementActivityQuerySet.as_manager()
    base_form_class = EngagementActivityForm

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("method"), FieldPanel("stage")]),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            ],
            heading="What and when",
        ),
        MultiFieldPanel(
            [
                FieldPanel("lead_partner"),
                FieldPanel("partners"),
                FieldPanel("service"),
                FieldPanel("contact_role"),
                FieldPanel("contact_email"),
            ],
            heading="Who runs it",
        ),
        MultiFieldPanel(
            [
                FieldPanel("tags"),
                FieldPanel("areas"),
                FieldPanel("audience_groups"),
                FieldPanel("audience_note"),
            ],
            heading="Topics, places and audience",
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content="When you save, the plan is checked against other partners' "
                    "activities in the same weeks on the same topics or places for the "
                    "same audience. Any clash is listed here with who to talk to."
                ),
                FieldPanel("clashes_checked"),
            ],
            heading="Clash check",
        ),
        MultiFieldPanel(
            [FieldPanel("feedback_method"), FieldPanel("consultation")],
            heading="Feedback",
        ),
        MultiFieldPanel(
            [
                FieldPanel("participants"),
                FieldPanel("groups_reached"),
                FieldPanel("what_we_heard"),
            ],
            heading="Activity log (after it has run)",
        ),
    ]

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("service"),
        index.SearchField("contact_role"),
        index.RelatedFields("lead_partner", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("areas", [index.SearchField("name")]),
        index.FilterField("method"),
        index.FilterField("stage"),
        index.FilterField("live"),
        index.FilterField("lead_partner"),
        index.FilterField("starts_on"),
        # The admin listing sorts its search results by any of its columns.
        index.FilterField("title"),
        index.FilterField("ends_on"),
    ]

    @classmethod
    def get_indexed_objects(cls):
        # Areas are a parental many-to-many, which Wagtail does not prefetch for its
        # search fields: a query for each column of each activity's index entry.
        return super().get_indexed_objects().prefetch_related("areas")

    class Meta:
        verbose_name = "engagement activity"
        verbose_name_plural = "engagement activities"
        ordering = ["starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def audience_labels(self):
        return audience_labels(self.audience_groups)

    @property
    def groups_reached_labels(self):
        return audience_labels(self.groups_reached)

    @property
    def date_range_text(self):
        start = dateformat.format(self.starts_on, "j F Y")
        if self.starts_on == self.ends_on:
            return start
        return f"{start} to {dateformat.format(self.ends_on, 'j F Y')}"

    @property
    def contact_text(self):
        if self.contact_email:
            return f"{self.contact_role} ({self.contact_email})"
        return self.contact_role

    # The public read API (config/api.py). These read prefetched relations.
    @property
    def lead_partner_name(self):
        return self.lead_partner.name

    @property
    def partner_names(self):
        return [partner.name for partner in self.partners.all()]

    @property
    def area_names(self):
        return [area.name for area in self.areas.all()]

    @property
    def topic_names(self):
        return [tag.name for tag in self.tags.all()]

    api_fields = [
        APIField("uid"),
        APIField("title"),
        APIField("description"),
        APIField("method"),
        APIField("stage"),
        APIField("starts_on"),
        APIField("ends_on"),
        APIField("lead_partner_name"),
        APIField("partner_names"),
        APIField("service"),
        APIField("topic_names"),
        APIField("area_names"),
        APIField("audience_labels"),
        APIField("feedback_method"),
        APIField("contact_role"),
        APIField("contact_email"),
        APIField("participants"),
        APIField("groups_reached_labels"),
        APIField("what_we_heard"),
    ]
