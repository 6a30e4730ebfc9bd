"""Reads about an event's registrations: places left, and the lists staff see."""

from dataclasses import dataclass

from django.db.models import Count, Q

from ..models.registrations import Registration, RegistrationStatus


def places_left(page):
    """Places still free, or None when the event has no limit."""
    if page.capacity is None:
        return None
    taken = Registration.objects.filter(page=page, status=RegistrationStatus.CONFIRMED).count()
    return max(page.capacity - taken, 0)


@dataclass
class RegistrationCounts:
    confirmed: int
    waiting: int
    cancelled: int
    attended: int


def registration_counts(page):
    """How many hold a place, wait, cancelled and attended, in one query."""
    counts = Registration.objects.filter(page=page).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        attended=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED, attended=True)),
    )
    return RegistrationCounts(**counts)


def confirmed_registrations(page):
    return Registration.objects.filter(page=page, status=RegistrationStatus.CONFIRMED).order_by(
        "created_at", "pk"
    )


def waiting_list(page):
    return Registration.objects.filter(page=page, status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
