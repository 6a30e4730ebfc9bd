"""The contacts and networks register: organisations the partnership works with and
people who asked to be contacted, with the consent they gave, and who was invited to
what.

Personal data is kept to what contacting needs and what proves consent. A person is
kept for ``CONTACTS_RETENTION_DAYS`` from the consent they last gave; before that ends
they are reminded (with a link to stay on the register) and, if they do not answer,
removed (``manage.py contacts_retention``). Unconfirmed sign-ups are deleted after
``UNCONFIRMED_RETENTION_DAYS``, as alerts are.

Each contact and organisation belongs to a partner, or to none: the whole partnership
(residents who sign up on the public form). Staff see those of the partners they act
for and the partnership's (``teams.partners_whose_data_user_sees``).
"""

import uuid

from django import forms
from django.conf import settings
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .activities import AudienceGroup
from .alerts import UNCONFIRMED_RETENTION_DAYS
from .areas import Area
from .partners import Partner
from .teams import acts_for_every_partner, partner_ids_for_user

# The wording shown on the public form, stored with every consent given through it.
# Change the wording by adding a version: records keep the version and words they had.
CONTACT_CONSENT_VERSION = "contact-2026-11"
CONTACT_CONSENT_WORDING = (
    "We will use your name and email address, and the topics, places and groups you "
    "chose, only to invite you to take part in consultations, meetings and other "
    "engagement by the partners of this site. We keep them until you ask us to stop, "
    "or for the retention period (we remind you before it ends and delete them if you "
    "do not answer). Every email has a link to stop in one click, and you can see, "
    "download or erase what we hold at any time. If you do not confirm within "
    f"{UNCONFIRMED_RETENTION_DAYS} days, we delete your details."
)


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Telephone"


class OrganisationKind(models.TextChoices):
    COMMUNITY_GROUP = "community_group", "Voluntary or community group"
    FAITH_GROUP = "faith_group", "Faith group"
    FORUM = "forum", "Forum"
    NETWORK = "network", "Network"
    RESIDENTS_ASSOCIATION = "residents_association", "Residents' association"
    CHARITY = "charity", "Charity or social enterprise"


class ConsentPurpose(models.TextChoices):
    INVITATIONS = "invitations", "Invitations to take part in engagement"


class ConsentSource(models.TextChoices):
    PUBLIC_FORM = "public_form", "The public sign-up form, confirmed by email"
    RENEWED = "renewed", "Renewed from the retention reminder email"
    PAPER = "paper", "A paper form, entered by staff"
    EVENT = "event", "In person at an event, entered by staff"
    PHONE = "phone", "By telephone, entered by staff"


class ContactTag(TaggedItemBase):
    """Topics, from the same tag list as consultations."""

    content_object = ParentalKey(
        "consultation_blocks.Contact", on_delete=models.CASCADE, related_name="tagged_items"
    )


class OrganisationTag(TaggedItemBase):
    content_object = ParentalKey(
        "consultation_blocks.Organisation", on_delete=models.CASCADE, related_name="tagged_items"
    )


def may_change_register_entry(user, entry):
    """Whether ``user`` may see or change a contact or organisation: someone whose
    partners' data covers its partner (read from the database row, never from the
    object in hand, which an edit form changes)."""
    if not getattr(user, "is_active", False):
        return False
    if acts_for_every_partner(user):
        return True
    if entry.pk is None:
        return True  # a new entry: the form limits its partner to the user's own
    stored = type(entry).objects.filter(pk=entry.pk).values_list("partner_id", flat=True).first()
    return stored is None or stored in partner_ids_for_user(user)


class RegisterEntryForm(WagtailAdminModelForm):
    groups = forms.MultipleChoiceField(
        choices=AudienceGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Groups",
        help_text="The groups this entry represents or cares about.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not acts_for_every_partner(user) and "partner" in self.fields:
            self.fields["partner"].queryset = Partner.objects.filter(
                pk__in=partner_ids_for_user(user)
            )
            self.fields[
                "partner"
            ].help_text = "Leave empty to share with the whole partnership, or choose your partner."


class ContactForm(RegisterEntryForm):
    """Staff add a person only with the consent they gave on paper, in person or by
    telephone: how, and the words they agreed to."""

    consent_source = forms.ChoiceField(
        choices=[
            (ConsentSource.PAPER.value, ConsentSource.PAPER.label),
            (ConsentSource.EVENT.value, ConsentSource.EVENT.label),
            (ConsentSource.PHONE.value, ConsentSource.PHONE.label),
        ],
        label="How they gave consent",
        required=False,
    )
    consent_wording = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="The words they agreed to",
        help_text="Exactly as shown or read to them.",
        initial=CONTACT_CONSENT_WORDING,
        required=False,
        max_length=5000,
    )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            if not cleaned.get("consent_source"):
                self.add_error("consent_source", "Say how this person gave consent.")
            if not (cleaned.get("consent_wording") or "").strip():
                self.add_error("consent_wording", "Give the words this person agreed to.")
        return cleaned


class Organisation(index.Indexed, ClusterableModel):
    """A voluntary or community group, forum or network the partnership invites."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="register_organisations",
        help_text="The partner that keeps this entry; empty: the whole partnership.",
    )
    areas = ParentalManyToManyField(Area, blank=True, related_name="register_organisations")
    tags = ClusterTaggableManager(through=OrganisationTag, blank=True, verbose_name="topics")
    groups = models.JSONField(default=list, blank=True, verbose_name="groups represented")
    contact_email = models.EmailField(blank=True, help_text="A shared address where possible.")
    contact_role = models.CharField(
        max_length=120, blank=True, help_text="For example “Secretary” or “Network coordinator”."
    )
    no_invitations = models.BooleanField(
        default=False,
        help_text="Set when the organisation asked not to be sent invitations.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    base_form_class = RegisterEntryForm
    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("kind"), FieldPanel("partner")],
            heading="Organisation",
        ),
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("areas"), FieldPanel("groups")],
            heading="Topics, places and groups",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_role")]),
                FieldPanel("no_invitations"),
            ],
            heading="Contact",
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("name"),
        index.FilterField("partner_id"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Contact(index.Indexed, ClusterableModel):
    """A person who asked to be contacted."""

    # Identifies the contact in signed links, so links never carry the address.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=30, blank=True)
    preferred_method = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="register_contacts",
        help_text="The partner that keeps this entry; empty: the whole partnership.",
    )
    areas = ParentalManyToManyField(Area, blank=True, related_name="register_contacts")
    tags = ClusterTaggableManager(through=ContactTag, blank=True, verbose_name="topics")
    groups = models.JSONField(default=list, blank=True, verbose_name="groups cared about")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the address is confirmed (public sign-ups) or when staff record consent.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The end of the retention period, from the consent last given.
    keep_until = models.DateTimeField(null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    base_form_class = ContactForm
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name"), FieldPanel("email")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("preferred_method")]),
                FieldPanel("partner"),
            ],
            heading="Person",
        ),
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("areas"), FieldPanel("groups")],
            heading="Topics, places and groups",
        ),
        MultiFieldPanel(
            [FieldPanel("consent_source"), FieldPanel("consent_wording")],
            heading="Consent (when adding someone; recorded with your name)",
        ),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.FilterField("name"),
        index.FilterField("preferred_method"),
        index.FilterField("partner_id"),
    ]

    class Meta:
        ordering = ["name", "pk"]
        permissions = [
            (
                "handle_subject_access",
                "Can find, export and erase a person's data at their request",
            )
        ]

    def __str__(self):
        # Neither name nor address: this string is kept in the admin's history, which
        # erasing a person's data does not rewrite.
        return f"Contact {self.pk}" if self.pk else "New contact"


class ConsentRecord(models.Model):
    """What a person agreed to, when, how, and the exact words they were shown."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    given_at = models.DateTimeField()
    source = models.CharField(max_length=20, choices=ConsentSource.choices)
    wording = models.TextField()
    wording_version = models.CharField(max_length=40)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who recorded consent given on paper, in person or "
        "by telephone.",
    )

    class Meta:
        ordering = ["given_at", "pk"]

    def __str__(self):
        return f"Consent {self.pk} of contact {self.contact_id}"


class Invitation(models.Model):
    """One contact or organisation invited to one consultation or one network meeting,
    so nobody is invited twice to the same thing and staff can see who was asked."""

    page = models.ForeignKey(
        "consultation_blocks.ConsultationPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    meeting = models.ForeignKey(
        "consultation_blocks.MeetingPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "contact"],
                condition=models.Q(contact__isnull=False),
                name="one_invitation_per_contact",
            ),
            models.UniqueConstraint(
                fields=["page", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="one_invitation_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["meeting", "contact"],
                condition=models.Q(contact__isnull=False),
                name="one_meeting_invitation_per_contact",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="one_meeting_invitation_per_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(contact__isnull=False, organisation__isnull=True)
                | models.Q(contact__isnull=True, organisation__isnull=False),
                name="invitation_to_contact_or_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(page__isnull=False, meeting__isnull=True)
                | models.Q(page__isnull=True, meeting__isnull=False),
                name="invitation_to_consultation_or_meeting",
            ),
        ]

    def __str__(self):
        return f"Invitation {self.pk} to page {self.page_id or self.meeting_id}"

    @property
    def target(self):
        """The consultation or meeting invited to."""
        return self.page if self.page_id else self.meeting


class AccessRequest(models.Model):
    """A person's request to see their data: the link we email names this row (never
    the address), and stops working after ``SUBJECT_ACCESS_LINK_HOURS``."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"Access request {self.pk}"


class SubjectAccessAction(models.TextChoices):
    VIEW = "view", "Viewed"
    EXPORT_JSON = "export_json", "Exported as JSON"
    EXPORT_CSV = "export_csv", "Exported as CSV"
    ERASE = "erase", "Erased"


class SubjectAccessLog(models.Model):
    """Who looked at, exported or erased a person's data, and when. The person is
    named by a keyed hash of their address, never the address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the person did it themselves through the emailed link.",
    )
    action = models.CharField(max_length=20, choices=SubjectAccessAction.choices)
    email_hash = models.CharField(max_length=64, db_index=True)
    summary = models.JSONField(default=dict, help_text="Records found or erased, per source.")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"
