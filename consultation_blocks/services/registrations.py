"""Registering for an event, cancelling, the waiting list, attendance and retention.

Places are given in the order people register. Every change to who holds a place
(registering, cancelling, promoting from the waiting list) first locks the event's
page row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite lets one writer in at a
time anyway), so two people asking for the last place at once get one place and one
waiting-list entry, never two places.

Emails are composed here and queued after the transaction commits, through the
background task in ``mail.py``; each carries the event's calendar file.
"""

import datetime
import uuid

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from wagtail.models import Page

from .. import personal_data
from ..event_calendar import FILENAME, MIMETYPE, registration_ical
from ..mail import send_email_with_attachment
from ..models.registrations import (
    CONSENT_VERSION,
    InviteeAttendance,
    RegistrableMixin,
    Registration,
    RegistrationStatus,
    consent_wording,
    retention_days,
)

_CANCEL_SALT = "consultation_blocks.registrations.cancel"
PERSONAL_FIELDS = {"name": "", "email": "", "access_needs": "", "dietary_needs": ""}


class RegistrationRefused(Exception):
    """The registration cannot be taken; the message is safe to show."""


class AlreadyRegistered(RegistrationRefused):
    pass


class InvalidCancelLink(Exception):
    """A cancellation link that was altered or names another event. Safe to show."""


# Links ------------------------------------------------------------------------------


def _signature(token_hex):
    return salted_hmac(_CANCEL_SALT, token_hex).hexdigest()


def cancel_link(registration):
    """The registration's token and its keyed signature, in the letters Wagtail's page
    addresses allow. No expiry: the link must work until the event."""
    token_hex = registration.token.hex
    return f"{token_hex}-{_signature(token_hex)}"


def cancel_url(page, registration, base_url=""):
    return _page_url(page, base_url) + page.reverse_subpage(
        "cancel_registration", args=[cancel_link(registration)]
    )


def _page_url(page, base_url):
    return base_url + page.url if base_url else page.full_url


def _site_root(page, base_url):
    if base_url:
        return base_url
    parts = page.get_url_parts()
    return parts[1] if parts else ""


def registration_from_link(page, link):
    """The registration a cancellation link names, or None once it is anonymised
    (nothing left to cancel). Raises InvalidCancelLink when tampered with."""
    token_hex, _, signature = link.partition("-")
    try:
        if not constant_time_compare(signature, _signature(token_hex)):
            raise ValueError("bad signature")
        token = uuid.UUID(hex=token_hex)
    except ValueError as error:
        raise InvalidCancelLink(
            "This link is not valid. Please copy the whole link from the email."
        ) from error
    registration = Registration.objects.filter(token=token).first()
    if registration is not None and registration.page_id != page.pk:
        raise InvalidCancelLink("This link is for another event.")
    return registration


# Registering ------------------------------------------------------------------------


def _lock(page):
    """Lock the event's row: who holds a place changes one at a time."""
    Page.objects.select_for_update().filter(pk=page.pk).values_list("pk", flat=True).first()


def places_taken(page):
    return Registration.objects.filter(page=page, status=RegistrationStatus.CONFIRMED).count()


def register(
    *,
    page,
    name,
    email,
    organisation="",
    groups_represented=(),
    access_needs="",
    dietary_needs="",
    base_url="",
    now=None,
):
    """Give a place, or a place on the waiting list when the event is full, and queue
    the email saying which. Raises RegistrationRefused when registration is closed and
    AlreadyRegistered when this address already holds a place or a waiting-list entry."""
    now = now or timezone.now()
    email = email.strip().lower()
    reason = page.registration_closed_reason(now)
    if reason:
        raise RegistrationRefused(reason)
    try:
        with transaction.atomic():
            _lock(page)
            if (
                Registration.objects.filter(page=page, email=email)
                .exclude(status=RegistrationStatus.CANCELLED)
                .exists()
            ):
                raise AlreadyRegistered(_already_registered_message())
            invitee = _matching_invitee(page, organisation)
            full = page.capacity is not None and places_taken(page) >= page.capacity
            registration = Registration.objects.create(
                page=page,
                status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
                name=name.strip(),
                email=email,
                organisation=organisation.strip(),
                invitee=invitee,
                groups_represented=sorted(set(groups_represented)),
                access_needs=access_needs.strip(),
                dietary_needs=dietary_needs.strip(),
                consent_wording=consent_wording(),
                consent_version=CONSENT_VERSION,
                consented_at=now,
                created_at=now,
                place_given_at=None if full else now,
            )
            _queue_email(page, registration, base_url=base_url)
    except IntegrityError as error:
        # The same address registered at the same moment in another request.
        raise AlreadyRegistered(_already_registered_message()) from error
    return registration


def _matching_invitee(page, organisation):
    """The event's invited organisation of this name (ignoring case and spacing)."""
    wanted = " ".join(organisation.split()).casefold()
    invitees = page.registration_invitees()
    if not wanted or invitees is None:
        return None
    for invitee in invitees.only("pk", "organisation"):
        if " ".join(invitee.organisation.split()).casefold() == wanted:
            return invitee
    return None


def _already_registered_message():
    return (
        "This email address is already registered for this event. The email we sent "
        "when you registered has a link to cancel; you do not need to register again."
    )


# Cancelling -------------------------------------------------------------------------


def cancel(*, page, link, base_url="", now=None):
    """Cancel the registration the link names and clear its personal details; if it
    held a place, give the place to the first on the waiting list and email them.
    Cancelling twice is fine. Returns the registration promoted, if any."""
    now = now or timezone.now()
    registration = registration_from_link(page, link)
    if registration is None:
        return None
    with transaction.atomic():
        _lock(page)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return None
        held_place = registration.status == RegistrationStatus.CONFIRMED
        recipient = registration.email
        _queue_email(page, registration, base_url=base_url, kind="cancelled")
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        _clear_personal_details(registration, now)
        registration.save()
        promoted = None
        if held_place and recipient and not _started(page, now):
            promoted = _promote_first_waiting(page, now, base_url=base_url)
    return promoted


def offer_free_places(*, page, base_url="", now=None):
    """Give free places (after the capacity was raised) to the waiting list in turn,
    emailing each person promoted. Returns how many were promoted."""
    now = now or timezone.now()
    if _started(page, now):
        return 0
    promoted = 0
    with transaction.atomic():
        _lock(page)
        while _promote_first_waiting(page, now, base_url=base_url) is not None:
            promoted += 1
    return promoted


def _started(page, now):
    return page.event_starts_at is not None and page.event_starts_at <= now


def _promote_first_waiting(page, now, *, base_url):
    if page.capacity is not None and places_taken(page) >= page.capacity:
        return None  # the capacity was lowered meanwhile
    first = (
        Registration.objects.select_for_update()
        .filter(page=page, status=RegistrationStatus.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = RegistrationStatus.CONFIRMED
    first.place_given_at = now
    first.save(update_fields=["status", "place_given_at"])
    _queue_email(page, first, base_url=base_url, kind="promoted")
    return first


def _clear_personal_details(registration, now):
    for field, empty in PERSONAL_FIELDS.items():
        setattr(registration, field, empty)
    registration.anonymised_at = now


# Emails -----------------------------------------------------------------------------

SUBJECTS = {
    RegistrationStatus.CONFIRMED: "Your place at {title}",
    RegistrationStatus.WAITING: "You are on the waiting list for {title}",
    "promoted": "A place has come up for you at {title}",
    "cancelled": "You have cancelled your place at {title}",
}


def _queue_email(page, registration, *, base_url, kind=None):
    """Compose the email now (the link and file from the state in hand) and queue it
    for when the transaction commits."""
    kind = kind or registration.status
    if not registration.email:
        return
    page_url = _page_url(page, base_url)
    link = cancel_url(page, registration, base_url)
    context = {
        "page": page,
        "registration": registration,
        "kind": kind,
        "page_url": page_url,
        "cancel_url": link,
        "retention_days": retention_days(),
        "taking_part_url": _site_root(page, base_url)
        + reverse("consultation_blocks:taking_part", args=[page.pk]),
    }
    body = render_to_string("consultation_blocks/registrations/emails/registration.txt", context)
    subject = SUBJECTS[kind].format(title=page.title)
    recipient = registration.email
    attachment = None
    if kind != RegistrationStatus.WAITING and page.event_starts_at is not None:
        attachment = registration_ical(
            page,
            base_url=base_url or page.full_url,
            page_url=page_url,
            cancel_url=link,
            cancelled=kind == "cancelled",
        )
    transaction.on_commit(
        lambda: send_email_with_attachment.enqueue(
            subject=subject,
            body=body,
            recipient=recipient,
            filename=FILENAME if attachment else "",
            content=attachment or "",
            mimetype=MIMETYPE if attachment else "",
        )
    )


# Attendance -------------------------------------------------------------------------


def record_attendance(*, page, attended_ids, invitee_ids, user, now=None):
    """Record who attended ``page``: the registrations in ``attended_ids`` attended and
    every other confirmed one did not; the invitees in ``invitee_ids`` attended and no
    others. Returns (attended registrations, invitee organisations)."""
    now = now or timezone.now()
    with transaction.atomic():
        eligible = Registration.objects.filter(page=page, status=RegistrationStatus.CONFIRMED)
        attended = eligible.filter(pk__in=attended_ids).update(
            attended=True, attendance_recorded_at=now, attendance_recorded_by=user
        )
        eligible.exclude(pk__in=attended_ids).update(
            attended=False, attendance_recorded_at=now, attendance_recorded_by=user
        )
        InviteeAttendance.objects.filter(page=page).exclude(invitee_id__in=invitee_ids).delete()
        known = set(
            InviteeAttendance.objects.filter(page=page).values_list("invitee_id", flat=True)
        )
        InviteeAttendance.objects.bulk_create(
            [
                InviteeAttendance(page=page, invitee_id=pk, recorded_at=now, recorded_by=user)
                for pk in invitee_ids
                if pk not in known
            ]
        )
    return attended, len(set(invitee_ids))


# Retention --------------------------------------------------------------------------


def registrable_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, RegistrableMixin) and not model._meta.abstract
    ]


def anonymise_expired_registrations(*, now=None):
    """Clear the personal details of registrations for events that ended more than
    the retention period ago. One update per kind of event page. Returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days())
    count = 0
    for model in registrable_models():
        ended = model.objects.filter(**{f"{model.event_end_field}__lt": cutoff})
        count += Registration.objects.filter(
            page_id__in=ended.values("pk"), anonymised_at__isnull=True
        ).update(anonymised_at=now, **PERSONAL_FIELDS)
    return count


# Personal data requests ------------------------------------------------------------


def _find_registrations(email):
    registrations = (
        Registration.objects.filter(email__iexact=email)
        .select_related("page")
        .order_by("created_at", "pk")
    )
    return [
        personal_data.plain(
            {
                "event": registration.page.title,
                "status": registration.get_status_display(),
                "name": registration.name,
                "email": registration.email,
                "organisation": registration.organisation,
                "access_needs": registration.access_needs,
                "dietary_needs": registration.dietary_needs,
                "consent_wording": registration.consent_wording,
                "registered_at": registration.created_at,
            }
        )
        for registration in registrations
    ]


def _erase_registrations(email):
    """A place at an event still to come is cancelled as the cancellation link does (the
    waiting list moves up); otherwise the details are cleared and the registration
    stays, so attendance and the coverage report keep their counts."""
    now = timezone.now()
    erased = 0
    for registration in Registration.objects.filter(email__iexact=email).select_related("page"):
        page = registration.page.specific
        if registration.status != RegistrationStatus.CANCELLED and not _started(page, now):
            cancel(
                page=page,
                link=cancel_link(registration),
                base_url=settings.WAGTAILADMIN_BASE_URL,
                now=now,
            )
        else:
            _clear_personal_details(registration, now)
            registration.save()
        erased += 1
    return erased


personal_data.register(
    "meeting_registrations",
    label="Registrations for meetings and events",
    find=_find_registrations,
    erase=_erase_registrations,
    on_erase="Your name, address and needs are removed; a place at an event still to "
    "come is cancelled and offered to the next person waiting.",
)
