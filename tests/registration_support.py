"""A network body with an invite list and meetings that take registrations, for the
registration, attendance and coverage tests."""

import datetime

from django.utils import timezone

from consultation_blocks.models import (
    MeetingPage,
    NetworkBodyPage,
    NetworkIndexPage,
    NetworkInvitee,
)
from tests.public_forms import with_guard


def network_index(home_page):
    index = home_page.add_child(instance=NetworkIndexPage(title="Network", slug="network"))
    index.save_revision().publish()
    return index


def body(index, *, partners=(), invitees=(), title="PEN Forum"):
    page = NetworkBodyPage(title=title, slug=title.lower().replace(" ", "-"))
    index.add_child(instance=page)
    page.partners.set(partners)
    for organisation, sector, area in invitees:
        NetworkInvitee.objects.create(
            body=page, organisation=organisation, sector=sector, area=area, role="Chair"
        )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def meeting(parent, *, days=14, capacity=None, registration_open=True, slug=None, **fields):
    starts_at = (timezone.now() + datetime.timedelta(days=days)).replace(second=0, microsecond=0)
    page = MeetingPage(
        title=fields.pop("title", f"Forum meeting {slug or days}"),
        slug=slug or f"meeting-{days}",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        place="Dukinfield Town Hall, King Street",
        access_information="Step-free entrance on King Street. Hearing loop in the hall.",
        capacity=capacity,
        registration_open=registration_open,
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def register_url(page):
    return page.url + page.reverse_subpage("register")


def form_data(**fields):
    data = {
        "name": "Alex Example",
        "email": "alex@example.org",
        "organisation": "",
        "access_needs": "",
        "dietary_needs": "",
        "consent": "yes",
    }
    data.update(fields)
    return with_guard(data)
