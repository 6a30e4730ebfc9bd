"""The engagement network's bodies (a conference, a forum, a panel), their meetings
and the action log that runs from one meeting to the next.

A body and its meetings are pages: they sit in the tree under the network's index,
go through the same workflow as other pages and belong to partners through
``PartnershipContentMixin``. Actions are records of the body, raised at one meeting
and perhaps closed at a later one; a meeting shows the actions still open when it
met by asking the database (``Action.objects.carried_forward_to``), never by copying
them.

Actions go through the partnership's approval workflow like the other records
(drafts, revisions, a moderator's approval that publishes): residents see only live
actions. An action belongs to its body's partners (``partners_from``), read from the
body page in the database, so its partner rule is the one every record follows
(``teams.may_keep_record``). A change of status, or a note, enters the action's
history when the version carrying it is published.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    CollectionViewRestriction,
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from ..blocks.network import AgendaStreamBlock, DecisionsStreamBlock
from .mixins import PartnershipContentMixin
from .registrations import RegistrableMixin
from .teams import acts_for_every_partner, partner_ids_for_user

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class Cadence(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every two months"
    QUARTERLY = "quarterly", "Four times a year"
    THREE_TIMES = "three_times", "Three times a year"
    TWICE = "twice", "Twice a year"
    YEARLY = "yearly", "Once a year"
    AD_HOC = "ad_hoc", "As needed"


class Sector(models.TextChoices):
    """The sectors a body's invite list should cover (the seeds: "representative of all
    geographies, sectors and characteristics")."""

    COUNCIL = "council", "Local government"
    NHS = "nhs", "NHS"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    OTHER_PUBLIC = "other_public", "Other public sector"
    VCS = "vcs", "Voluntary and community"
    FAITH = "faith", "Faith group"
    HOUSING = "housing", "Housing provider"
    EDUCATION = "education", "Education"
    BUSINESS = "business", "Business"
    PATIENT_GROUP = "patient_group", "Healthwatch or patient group"
    RESIDENT_GROUP = "resident_group", "Residents' group"


class NetworkIndexPage(Page):
    """The network's bodies, each with its next meeting."""

    intro = models.TextField(max_length=800, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["consultation_blocks.NetworkBodyPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = "network index page"

    def get_context(self, request, *args, **kwargs):
        # The listing is read by the views' selectors; imported here because the
        # views import these models.
        from ..views.network import network_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(network_index_context(self))
        return context


class NetworkBodyPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "consultation_blocks.NetworkBodyPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class NetworkBodyPage(PartnershipContentMixin, Page):
    """A body of the network, e.g. the PEN Forum: why it meets, who it is for, how
    often, its terms of reference and its core invite list."""

    purpose = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    audience = models.TextField(
        "who it is for",
        max_length=1000,
        blank=True,
        help_text="The people and organisations it brings together.",
    )
    cadence = models.CharField(
        "how often it meets", max_length=20, choices=Cadence.choices, default=Cadence.AD_HOC
    )
    cadence_detail = models.CharField(
        "about its meetings",
        max_length=255,
        blank=True,
        help_text="In words, e.g. Three times a year, with ad hoc meetings as required.",
    )
    terms_of_reference = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    terms_of_reference_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The agreed terms of reference, if they are a document.",
    )
    review_due_on = models.DateField(
        "next yearly review",
        null=True,
        blank=True,
        help_text="The body reviews its purpose, invite list and attendance once a year. "
        "Its partners' teams are reminded as the date nears.",
    )
    contact_email = models.EmailField(
        blank=True, help_text="A shared team address, never a named person's."
    )
    tags = ClusterTaggableManager(through=NetworkBodyPageTag, blank=True)

    parent_page_types = ["consultation_blocks.NetworkIndexPage"]
    subpage_types = ["consultation_blocks.MeetingPage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("purpose"),
        FieldPanel("audience"),
        MultiFieldPanel(
            [FieldPanel("cadence"), FieldPanel("cadence_detail"), FieldPanel("review_due_on")],
            heading="Meetings and review",
        ),
        MultiFieldPanel(
            [FieldPanel("terms_of_reference"), FieldPanel("terms_of_reference_document")],
            heading="Terms of reference",
        ),
        FieldPanel("contact_email"),
        InlinePanel("invitees", heading="Core invite list", label="Invited organisation"),
        *PartnershipContentMixin.partnership_panels,
    ]

    search_fields = [
        *Page.search_fields,
        *PartnershipContentMixin.search_fields,
        index.SearchField("purpose"),
        index.SearchField("audience"),
        index.SearchField("cadence_detail"),
        index.FilterField("cadence"),
    ]

    class Meta:
        verbose_name = "network body"

    def get_context(self, request, *args, **kwargs):
        from ..views.network import body_context

        context = super().get_context(request, *args, **kwargs)
        context.update(body_context(self))
        return context

    # The public read API (config/api.py).
    @property
    def invite_list(self):
        return [
            {
                "organisation": invitee.organisation,
                "sector": invitee.sector,
                "area": invitee.area.name if invitee.area_id else None,
                "role": invitee.role,
            }
            for invitee in self.invitees.all()
        ]

    @property
    def partner_names(self):
        return [partner.name for partner in self.partners.all()]

    api_fields = [
        APIField("summary"),
        APIField("purpose"),
        APIField("audience"),
        APIField("cadence"),
        APIField("cadence_detail"),
        APIField("terms_of_reference"),
        APIField("review_due_on"),
        APIField("partner_names"),
        APIField("invite_list"),
    ]


class NetworkInvitee(Orderable):
    """An organisation and the role invited from it: never a private person."""

    body = ParentalKey(
        "consultation_blocks.NetworkBodyPage", on_delete=models.CASCADE, related_name="invitees"
    )
    organisation = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    area = models.ForeignKey(
        "consultation_blocks.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_invitees",
        help_text="Where the organisation works. Leave blank if it works across the area.",
    )
    role = models.CharField(
        "role invited",
        max_length=200,
        help_text="A role, e.g. Engagement lead or Chair, not a person's name.",
    )

    panels = [
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("area")]),
        FieldPanel("role"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "invited organisation"

    def __str__(self):
        return f"{self.role}, {self.organisation}"


class MeetingPage(RegistrableMixin, Page):
    """One meeting of a body: when and where, its agenda and papers, and afterwards its
    notes, decisions and the actions raised. People register for it on the page
    (``RegistrableMixin``)."""

    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    place = models.CharField(
        max_length=255, help_text="The venue and its address, or Online and how to join."
    )
    access_information = models.TextField(
        max_length=1500,
        blank=True,
        help_text="Step-free access, hearing loops, parking, quiet rooms, interpreters.",
    )
    agenda = StreamField(AgendaStreamBlock(), blank=True)
    notes = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    decisions = StreamField(DecisionsStreamBlock(), blank=True)

    parent_page_types = ["consultation_blocks.NetworkBodyPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("place"),
                FieldPanel("access_information"),
            ],
            heading="When and where",
        ),
        *RegistrableMixin.registration_panels,
        FieldPanel("agenda"),
        InlinePanel("papers", heading="Papers", label="Paper"),
        MultiFieldPanel([FieldPanel("notes"), FieldPanel("decisions")], heading="After it met"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("place"),
        index.SearchField("agenda"),
        index.SearchField("notes"),
        index.SearchField("decisions"),
        index.FilterField("starts_at"),
    ]

    class Meta:
        verbose_name = "network meeting"
        ordering = ["starts_at"]

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The meeting must end after it starts."})

    def get_context(self, request, *args, **kwargs):
        from ..views.network import meeting_context

        context = super().get_context(request, *args, **kwargs)
        context.update(meeting_context(self))
        return context

    def registration_invitees(self):
        return NetworkInvitee.objects.filter(body_id=self.get_parent().pk)

    @property
    def has_happened(self):
        return self.starts_at <= timezone.now()

    @property
    def meeting_date(self):
        return timezone.localtime(self.starts_at).date()

    def public_papers(self):
        """The meeting's papers, leaving out documents in a private collection:
        residents are not told even their titles (Wagtail's document view refuses the
        file itself). Two queries however many papers."""
        # Through the relation, so a preview shows the papers in the form, unsaved.
        papers = list(self.papers.select_related("document__collection"))
        if not papers:
            return []
        restricted = list(
            CollectionViewRestriction.objects.values_list("collection__path", flat=True)
        )
        return [
            paper
            for paper in papers
            if not any(paper.document.collection.path.startswith(path) for path in restricted)
        ]

    @property
    def paper_list(self):
        return [
            {"title": paper.display_title, "url": paper.document.url}
            for paper in self.public_papers()
        ]

    api_fields = [
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("place"),
        APIField("access_information"),
        APIField("agenda"),
        APIField("paper_list"),
        APIField("notes"),
        APIField("decisions"),
    ]


class MeetingPaper(Orderable):
    """A paper for a meeting: a document from the library. Documents in a private
    collection are served only to those allowed to see them (Wagtail's document view)."""

    meeting = ParentalKey(
        "consultation_blocks.MeetingPage", on_delete=models.CASCADE, related_name="papers"
    )
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(
        max_length=255, blank=True, help_text="Leave blank to use the document's own title."
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "paper"

    @property
    def display_title(self):
        return self.title or self.document.title

    def __str__(self):
        return self.display_title


class ActionState(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"

    @property
    def tag_colour(self):
        return {ActionState.DONE: "green", ActionState.DROPPED: "grey"}.get(self, "blue")


CLOSED_STATES = (ActionState.DONE, ActionState.DROPPED)


class ActionQuerySet(models.QuerySet):
    def carried_forward_to(self, meeting, body_id):
        """Actions of the body raised at an earlier meeting and still open when
        `meeting` met: open now, or closed on or after its date."""
        return self.filter(body_id=body_id, raised_at__starts_at__lt=meeting.starts_at).filter(
            Q(state=ActionState.OPEN) | Q(closed_on__gte=meeting.meeting_date)
        )

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(state=ActionState.OPEN, due_on__lt=today)

    def live(self):
        """Approved and published actions: the only ones residents see."""
        return self.filter(live=True)


class Action(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """An action agreed at a meeting of a body. It stays on each later meeting's page
    until it is done or dropped; every published change of state is kept as an update.

    Saved as drafts and published by a moderator of the body's partners, so an action
    reaches residents only once approved, like a page."""

    # The partners answering for an action are its body's (see teams.lead_partner_ids).
    partners_from = "body"

    body = models.ForeignKey(
        "consultation_blocks.NetworkBodyPage", on_delete=models.CASCADE, related_name="actions"
    )
    raised_at = models.ForeignKey(
        "consultation_blocks.MeetingPage",
        on_delete=models.CASCADE,
        related_name="actions_raised",
        help_text="The meeting that agreed the action.",
    )
    description = models.TextField("action", max_length=1000)
    owner_role = models.CharField(
        "owner",
        max_length=200,
        help_text="A role and organisation, e.g. Engagement lead, Tameside Council; "
        "not a person's name.",
    )
    due_on = models.DateField("due", null=True, blank=True)
    state = models.CharField(
        "status", max_length=10, choices=ActionState.choices, default=ActionState.OPEN
    )
    closed_at = models.ForeignKey(
        "consultation_blocks.MeetingPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_closed",
        help_text="The meeting that closed it, if a meeting did.",
    )
    closed_on = models.DateField(null=True, blank=True, editable=False)
    # What goes into the history with this version when it is published: kept with
    # each revision, so the note waits for approval with the change it explains.
    update_note = models.TextField(
        "progress note",
        max_length=1000,
        blank=True,
        help_text="Added to the action's history, with any change of status, once approved.",
    )
    update_meeting = models.ForeignKey(
        "consultation_blocks.MeetingPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="meeting that discussed it",
    )
    created_at = models.DateTimeField(auto_now_add=True)
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
        related_query_name="network_action",
        for_concrete_model=False,
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "network action"
        constraints = [
            models.CheckConstraint(
                condition=Q(state="open", closed_on__isnull=True)
                | (~Q(state="open") & Q(closed_on__isnull=False)),
                name="network_action_closed_on_when_closed",
            )
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def is_open(self):
        return self.state == ActionState.OPEN

    @property
    def state_tag_colour(self):
        return ActionState(self.state).tag_colour

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and self.due_on < today

    def apply_state(self, *, state, meeting=None, today=None):
        """Set the status, and when the action closes, the meeting and date it closed;
        the one rule for what closing an action means."""
        self.state = state
        if state == ActionState.OPEN:
            self.closed_at = None
            self.closed_on = None
        else:
            if meeting is not None:
                self.closed_at = meeting
            if self.closed_at_id:
                self.closed_on = self.closed_at.meeting_date
            else:
                self.closed_on = self.closed_on or today or timezone.localdate()

    def publish(self, revision, user=None, **kwargs):
        """Publish `revision` (from the editor, a moderator's approval or a schedule)
        and write what it changed into the action's history. Every way Wagtail
        publishes comes through here, so the history follows what residents see."""
        before = (
            type(self)._base_manager.filter(pk=self.pk).values("state", "last_published_at").first()
        )
        result = super().publish(revision, user=user, **kwargs)
        record_published_update(self.pk, revision, before)
        # The note is in the history now: the next version starts without it.
        type(self)._base_manager.filter(pk=self.pk).update(update_note="", update_meeting=None)
        self.update_note, self.update_meeting = "", None
        return result


def record_published_update(action_id, revision, before):
    """Add to the history of action `action_id` what publishing `revision` changed:
    a change of status from the last published version, or the version's note. A
    first publication says the action was raised, unless its history already starts
    (actions recorded before they were moderated). Publishing one revision twice
    adds nothing more."""
    if ActionUpdate.objects.filter(revision=revision).exists():
        return None
    published = revision.as_object()
    first = before is None or before["last_published_at"] is None
    changed = not first and before["state"] != published.state
    note = published.update_note
    if first and not note and ActionUpdate.objects.filter(action_id=action_id).exists():
        return None
    if not (first or changed or note):
        return None
    meeting_id = published.update_meeting_id
    if meeting_id is None and not published.is_open:
        meeting_id = published.closed_at_id
    elif meeting_id is None and first:
        meeting_id = published.raised_at_id
    if first and not note:
        note = "Raised." if published.is_open else f"Recorded as {published.get_state_display()}."
    return ActionUpdate.objects.create(
        action_id=action_id,
        revision=revision,
        meeting_id=meeting_id,
        state=published.state,
        note=note,
        created_by=revision.user,
    )


class ActionUpdate(models.Model):
    """One entry in an action's history: its status from then on and what was said."""

    action = models.ForeignKey(
        "consultation_blocks.Action", on_delete=models.CASCADE, related_name="updates"
    )
    meeting = models.ForeignKey(
        "consultation_blocks.MeetingPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_updates",
    )
    state = models.CharField("status", max_length=10, choices=ActionState.choices)
    note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The approved version this update was published with.",
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_state_display()}: {self.note[:60]}"


class NetworkReviewReminder(models.Model):
    """A record that a body's partners were reminded of a review, so each review date
    is reminded of once, whenever and however often the daily job runs."""

    body = models.ForeignKey(
        "consultation_blocks.NetworkBodyPage",
        on_delete=models.CASCADE,
        related_name="review_reminders",
    )
    review_due_on = models.DateField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["body", "review_due_on"], name="one_network_review_reminder_per_date"
            )
        ]

    def __str__(self):
        return f"Review of page {self.body_id} due {self.review_due_on}"


def body_partner_ids(body_id):
    """The partners a body belongs to, read from its database row."""
    return set(
        NetworkBodyPage.partners.through.objects.filter(networkbodypage_id=body_id).values_list(
            "partner_id", flat=True
        )
    )


def works_for_body(user, body_id):
    """Whether `user` may read a body's action log (its listing and CSV): someone in
    the team of one of the body's partners, or someone who acts for every partner.
    Changing or approving an action follows the records' rule (``may_keep_record``)."""
    if not getattr(user, "is_active", False):
        return False
    if acts_for_every_partner(user):
        return True
    return bool(body_partner_ids(body_id) & partner_ids_for_user(user))


def bodies_for_user(user):
    """The bodies whose action logs `user` reads (see ``works_for_body``)."""
    bodies = NetworkBodyPage.objects.all()
    if acts_for_every_partner(user):
        return bodies
    return bodies.filter(partners__in=partner_ids_for_user(user)).distinct()


def bodies_user_keeps(user):
    """The bodies whose actions `user` may record: every partner of the body is one
    they act for (``may_keep_record``, asked of the body's partners)."""
    bodies = NetworkBodyPage.objects.all()
    if acts_for_every_partner(user):
        return bodies
    links = NetworkBodyPage.partners.through.objects
    mine = partner_ids_for_user(user)
    return bodies.filter(
        pk__in=links.filter(partner_id__in=mine).values("networkbodypage_id")
    ).exclude(pk__in=links.exclude(partner_id__in=mine).values("networkbodypage_id"))
