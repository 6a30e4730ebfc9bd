"""Registration for meetings and events: places, a waiting list, consent and attendance.

Any page type can take registrations by mixing in ``RegistrableMixin`` (the network's
meetings do): it adds the editor's fields (open or not, capacity, closing time) and two
routes under the page, ``register/`` and ``cancel/<link>/``. Registrations point at
the page itself, so one table serves every kind of event.

A registration keeps only what running the event needs and what proves consent: the
name, address and organisation, access and dietary needs, the consent wording and its
version with the time it was given. Cancelling clears the personal details at once;
``manage.py anonymise_registrations`` clears them from everyone else once the event
ended more than ``MEETING_REGISTRATION_RETENTION_DAYS`` ago. What is left (the
organisation, the groups it represents, whether it attended) is what the coverage
report needs, and names no one.
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from ..defaults import setting

NAME_MAX_LENGTH = 200
ORGANISATION_MAX_LENGTH = 200
NEEDS_MAX_LENGTH = 2000

# Change the version whenever the wording changes: each registration records both.
CONSENT_VERSION = "2026-11"
CONSENT_TEMPLATE = (
    "We use your name, email address and organisation to manage your place at this "
    "event and to send you its details, and your access and dietary needs only to make "
    "the event work for you. The organisers of the event can see them. If you cancel, we "
    "delete your details at once; otherwise we delete them {days} days after the event. "
    "Your organisation, and whether it attended, stay in the network's attendance "
    "records without your name."
)


def retention_days():
    """Days after an event ends that its registrations keep personal details."""
    return setting("MEETING_REGISTRATION_RETENTION_DAYS")


def consent_wording():
    return CONSENT_TEMPLATE.format(days=retention_days())


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Place confirmed"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class RegistrableMixin(RoutablePageMixin, models.Model):
    """Registration fields and routes for an event page.

    The page names the fields holding its start, end and place (``event_start_field``
    and so on); the emails, the calendar file and the retention period read them.
    """

    event_start_field = "starts_at"
    event_end_field = "ends_at"
    event_place_field = "place"
    event_access_field = "access_information"

    registration_open = models.BooleanField(
        default=False,
        help_text="Show a registration form on the page.",
    )
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=(
            "How many places there are. Leave blank for no limit. When the places are "
            "taken, people join a waiting list and are offered cancelled places in turn."
        ),
    )
    registration_closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Leave blank to take registrations until the event starts.",
    )

    registration_panels = [
        MultiFieldPanel(
            [
                FieldPanel("registration_open"),
                FieldPanel("capacity"),
                FieldPanel("registration_closes_at"),
            ],
            heading="Registration",
        )
    ]

    class Meta:
        abstract = True

    # What the event is ------------------------------------------------------------

    @property
    def event_starts_at(self):
        return getattr(self, self.event_start_field, None)

    @property
    def event_ends_at(self):
        return getattr(self, self.event_end_field, None) or self.event_starts_at

    @property
    def event_place(self):
        return getattr(self, self.event_place_field, "") or ""

    @property
    def event_access_information(self):
        # Plain text, whether the page keeps it as text or rich text.
        return strip_tags(str(getattr(self, self.event_access_field, "") or "")).strip()

    def registration_invitees(self):
        """The invited organisations registrations may name (a queryset of
        NetworkInvitee), or None when the event has no invite list."""
        return None

    def registration_partner_ids(self):
        """The partners whose teams run the event's registrations: the page's own, or
        its parent's when the page names none (a meeting belongs to its body's)."""
        for page in (self, self.get_parent().specific_deferred):
            if hasattr(page, "partners") and page.pk:
                ids = set(page.partners.values_list("pk", flat=True))
                if ids:
                    return ids
        return set()

    def registration_closed_reason(self, now=None):
        """Why the form takes no registrations now, or "" when it does."""
        now = now or timezone.now()
        if not self.registration_open:
            return "Registration is not open for this event."
        starts_at = self.event_starts_at
        if starts_at is not None and starts_at <= now:
            return "This event has started, so registration has closed."
        if self.registration_closes_at is not None and self.registration_closes_at <= now:
            return "Registration for this event has closed."
        return ""

    # Routes: the views import the models, so each route imports its view when called.

    @path("register/", name="register")
    def register_route(self, request):
        from ..views.registrations import register

        return register(request, self)

    @path("cancel/<str:link>/", name="cancel_registration")
    def cancel_route(self, request, link):
        from ..views.registrations import cancel

        return cancel(request, self, link)


class Registration(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="registrations"
    )
    # Identifies the registration in its signed cancellation link.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    organisation = models.CharField(max_length=ORGANISATION_MAX_LENGTH, blank=True)
    # The invited organisation of the event's body it names, if any (matched on its
    # name when registering), for the coverage report.
    invitee = models.ForeignKey(
        "consultation_blocks.NetworkInvitee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    # AudienceGroup values: the groups the organisation represents, for the coverage
    # report. Optional, and about the organisation, not the person.
    groups_represented = models.JSONField(default=list, blank=True)
    access_needs = models.TextField(max_length=NEEDS_MAX_LENGTH, blank=True)
    dietary_needs = models.TextField(max_length=NEEDS_MAX_LENGTH, blank=True)
    consent_wording = models.TextField()
    consent_version = models.CharField(max_length=20)
    consented_at = models.DateTimeField()
    # Places go in the order people registered.
    created_at = models.DateTimeField(default=timezone.now)
    place_given_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # None until staff record attendance after the event.
    attended = models.BooleanField(null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "status", "created_at"])]
        constraints = [
            # One live registration per address and event; after cancelling, the
            # address is cleared and may register again.
            models.UniqueConstraint(
                fields=["page", "email"],
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="one_registration_per_address_and_event",
            )
        ]

    def __str__(self):
        # No name or address: this string can reach logs and the admin's history.
        return f"Registration {self.pk} ({self.get_status_display()})"


class InviteeAttendance(models.Model):
    """An organisation on a body's core invite list that staff recorded as attending
    an event, whether or not anyone from it registered."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="invitee_attendances"
    )
    invitee = models.ForeignKey(
        "consultation_blocks.NetworkInvitee",
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "invitee"], name="one_attendance_per_invitee")
        ]

    def __str__(self):
        return f"{self.invitee_id} attended page {self.page_id}"
