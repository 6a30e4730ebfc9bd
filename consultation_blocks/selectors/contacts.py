"""Reads about the contacts register: what a member of staff may see, who an invite
list selects, and which consultations and meetings they may invite people to."""

from django.db.models import F, Q
from django.db.models.functions import Substr
from django.utils import timezone
from wagtail.models import Page

from ..models import (
    Area,
    ConsultationPage,
    ConsultationStatus,
    Contact,
    ContactMethod,
    MeetingPage,
    NetworkBodyPage,
    Organisation,
)
from ..models.activities import audience_q
from ..models.teams import partners_whose_data_user_sees


def contacts_for(user):
    """Contacts ``user`` may see: their partners' and the whole partnership's."""
    scope = partners_whose_data_user_sees(user)
    return Contact.objects.filter(scope.owned_q("partner"))


def organisations_for(user):
    scope = partners_whose_data_user_sees(user)
    return Organisation.objects.filter(scope.owned_q("partner"))


def _area_q(slug):
    """Entries about the area ``slug`` names, counting a ward as part of its local
    authority and an authority as covering its wards."""
    area = Area.objects.filter(slug=slug).first()
    if area is None:
        return Q(pk__in=[])
    related = Area.objects.filter(Q(pk=area.pk) | Q(children=area) | Q(parent=area))
    return Q(areas__in=related)


def _filtered(queryset, filters):
    if filters.get("topic"):
        queryset = queryset.filter(tags__slug=filters["topic"])
    if filters.get("area"):
        queryset = queryset.filter(_area_q(filters["area"]))
    if filters.get("group"):
        queryset = queryset.filter(audience_q([filters["group"]], field="groups"))
    return queryset


def invite_list(user, filters):
    """Everyone on the register ``filters`` (topic, area and group slugs; empty: any)
    selects among what ``user`` may see, as (contacts by email, contacts who prefer the
    telephone, organisations with an address that accept invitations) querysets."""
    contacts = _filtered(contacts_for(user).filter(confirmed_at__isnull=False), filters)
    by_email = Contact.objects.filter(
        pk__in=contacts.filter(preferred_method=ContactMethod.EMAIL).values("pk")
    )
    by_phone = Contact.objects.filter(
        pk__in=contacts.exclude(preferred_method=ContactMethod.EMAIL).values("pk")
    )
    organisations = Organisation.objects.filter(
        pk__in=_filtered(
            organisations_for(user).filter(no_invitations=False).exclude(contact_email=""),
            filters,
        ).values("pk")
    )
    return by_email, by_phone, organisations


def invitation_recipients(user, filters):
    """Who an invitation by email goes to: (contacts, organisations), listed."""
    by_email, _by_phone, organisations = invite_list(user, filters)
    # Someone on the register twice (signed up, and entered by a partner), or the
    # contact of an organisation, gets one email.
    seen = set()
    contacts = []
    for contact in by_email.order_by("pk"):
        if contact.email.lower() not in seen:
            seen.add(contact.email.lower())
            contacts.append(contact)
    chosen = []
    for organisation in organisations.order_by("pk"):
        if organisation.contact_email.lower() not in seen:
            seen.add(organisation.contact_email.lower())
            chosen.append(organisation)
    return contacts, chosen


def invitable_consultations(user, now=None):
    """Live consultations, open or not yet open, led by ``user``'s partners (or by
    none), that people can be invited to."""
    now = now or timezone.now()
    scope = partners_whose_data_user_sees(user)
    return (
        ConsultationPage.objects.live()
        .filter(ConsultationStatus.OPEN.q(now) | ConsultationStatus.UPCOMING.q(now))
        .filter(scope.consultations_q())
        .order_by("title")
    )


def invitable_meetings(user, now=None):
    """Live network meetings that have not started and take registrations now, run
    by ``user``'s partners (a meeting is run by its body's partners) or by none, that
    people can be invited to register for."""
    now = now or timezone.now()
    scope = partners_whose_data_user_sees(user)
    if scope.every_partner:
        bodies = NetworkBodyPage.objects.all()
    else:
        allowed = Q(partners__in=scope.partner_ids)
        if scope.unled:
            allowed |= Q(partners__isnull=True)
        bodies = NetworkBodyPage.objects.filter(
            allowed if scope.partner_ids or scope.unled else Q(pk__in=[])
        )
    return (
        MeetingPage.objects.live()
        .filter(starts_at__gt=now, registration_open=True)
        .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
        .annotate(body_path=Substr("path", 1, (F("depth") - 1) * Page.steplen))
        .filter(body_path__in=bodies.values("path"))
        .order_by("starts_at", "title")
    )


def invitations_to(page):
    """Who was invited to ``page`` (a consultation or a meeting), newest first, in one
    query."""
    return page.invitations.select_related("contact", "organisation", "invited_by")
