"""The citizens' panel: residents who agreed to be asked, through surveys and focus
groups, about local issues, with the area they live in and the equality profile that
lets staff recruit a panel that looks like the area's population.

A member keeps only what the panel needs and what proves consent: the address, an
optional name, the area and postcode district, the equality answers they chose to give
(every one optional, keyed by the ``equality.py`` question code, "Prefer not to say"
kept as such), and the consent wording and version they were shown.

Signing up is confirmed by email (double opt-in). An unconfirmed sign-up is deleted
after ``UNCONFIRMED_RETENTION_DAYS``, as contacts and alerts are. A confirmed member is
kept for the contacts' retention period from the consent they last gave, reminded
before it ends and removed if they do not answer. Leaving the panel clears everything
personal at once: the row stays, with its dates only, so the panel's turnover can be
counted and panel surveys know the member has gone.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ..equality import EQUALITY_QUESTIONS, EQUALITY_QUESTIONS_BY_CODE
from ..questions import normalise_postcode_district
from .alerts import UNCONFIRMED_RETENTION_DAYS
from .areas import Area

# The wording shown on the sign-up form, stored with every member who signs up through
# it. Change the wording by adding a version: members keep the version and words they had.
PANEL_CONSENT_VERSION = "panel-2026-11"
PANEL_CONSENT_WORDING = (
    "We will use your email address, and your name if you give it, to invite you to "
    "panel surveys and discussion groups run by the partners of this site. We use the "
    "area and the equality answers you chose to give only to see whether the panel "
    "reflects the people who live here, and we only ever report them as totals. We keep "
    "your details until you leave the panel, or for the retention period (we remind you "
    "before it ends and delete them if you do not answer). Every email has a link to "
    "leave in one click, and you can see, download or erase what we hold at any time. "
    f"If you do not confirm within {UNCONFIRMED_RETENTION_DAYS} days, we delete your "
    "details."
)

# The equality questions a member's profile asks: every one the partnership uses except
# pregnancy and breastfeeding, which change within months, so a profile kept for years
# would soon be wrong about them (and the census does not count them).
PANEL_EQUALITY_CODES = tuple(
    question.code
    for question in EQUALITY_QUESTIONS
    if question.code not in {"pregnancy_maternity", "breastfeeding"}
)


class PanelMemberStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the address to be confirmed"
    CONFIRMED = "confirmed", "Member"
    LEFT = "left", "Left the panel"


class PanelMemberQuerySet(models.QuerySet):
    def active(self):
        """Members who confirmed their address and have not left: the only members
        invited to anything or counted in the panel's make-up."""
        return self.filter(status=PanelMemberStatus.CONFIRMED)


def validate_postcode_district(value):
    if value and normalise_postcode_district(value) != value:
        raise ValidationError(
            "Enter the first part of a postcode, like SK14 or E1W, in capital letters"
        )


def validate_equality_profile(value):
    """Only the equality questions' codes, each with one of its own options."""
    if not isinstance(value, dict):
        raise ValidationError("The equality profile must be a mapping of question codes.")
    for code, option in value.items():
        question = EQUALITY_QUESTIONS_BY_CODE.get(code) if code in PANEL_EQUALITY_CODES else None
        if question is None or option not in {value for value, _ in question.options}:
            raise ValidationError("The equality profile has an answer we do not ask.")


class PanelMember(models.Model):
    # Identifies the member in signed links, so links never carry the address.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Empty once the member has left (see ``services.panel.leave``).
    email = models.EmailField(max_length=254, blank=True)
    name = models.CharField(max_length=120, blank=True)
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="panel_members",
        help_text="Where the member lives: a ward, town or local authority.",
    )
    postcode_district = models.CharField(
        max_length=4, blank=True, validators=[validate_postcode_district]
    )
    equality_profile = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_equality_profile],
        help_text="Answers keyed by equality question code; a question not answered is absent.",
    )
    status = models.CharField(
        max_length=10,
        choices=PanelMemberStatus.choices,
        default=PanelMemberStatus.PENDING,
        db_index=True,
    )
    # The consent shown when the member signed up (or last renewed it).
    consent_wording = models.TextField(blank=True)
    consent_version = models.CharField(max_length=40, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    # The end of the retention period, from the consent last given, and the reminder.
    keep_until = models.DateTimeField(null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = PanelMemberQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One membership per address: signing up again updates the pending one or
            # leaves the confirmed one as it is.
            models.UniqueConstraint(
                fields=["email"],
                condition=~Q(status=PanelMemberStatus.LEFT),
                name="one_panel_member_per_address",
            ),
        ]
        permissions = [
            ("view_panel_report", "Can see the citizens' panel's make-up against the census"),
        ]

    def __str__(self):
        # Neither name nor address: this string can reach logs and the admin's history.
        return f"Panel member {self.pk}" if self.pk else "New panel member"
