"""Demo registrations for the network's meetings: the PEN Forum's next meeting open for
registration, a small PEN Conference workshop that is full with a waiting list (the
seeds review attendance "at meetings of the PEN Forum (and other workshops)"), and
attendance recorded at the Forum's last meeting that took place.

The people are plainly made up (example.org addresses); their organisations are the
Forum's core invite list, from the seeds. Each part is created once: a meeting that
already has registrations is left alone.
"""

import datetime

from django.utils import timezone

from consultation_blocks.models import (
    InviteeAttendance,
    MeetingPage,
    NetworkBodyPage,
    Registration,
    RegistrationStatus,
)
from consultation_blocks.models.registrations import CONSENT_VERSION, consent_wording

FORUM_SLUG = "pen-forum"
CONFERENCE_SLUG = "pen-conference"

# (name, organisation, groups represented, access needs, dietary needs)
PEOPLE = [
    ("Ada Example", "Action Together", ["older_people", "carers"], "", "Vegetarian"),
    ("Ben Sample", "Glossop Patient Neighbourhood Group", [], "Step-free access, please", ""),
    ("Cleo Placeholder", "Kush Amdid", ["ethnic_minorities", "faith_groups"], "", "Halal"),
    ("Dev Fictional", "Mind", ["mental_health"], "A quiet room for breaks", ""),
    ("Eve Demo", "Tameside Armed Service Community", ["veterans"], "", ""),
    ("Finn Example", "Indian Older Women's Community Group", ["older_people", "women"], "", ""),
    ("Gus Sample", "Tameside Metropolitan Borough Council", [], "", "Gluten-free"),
    ("Hana Placeholder", "Healthwatch Derbyshire", ["disabled_people"], "Hearing loop", ""),
    ("Ivo Fictional", "Citizens Advice Bureau (Glossop)", ["low_income"], "", ""),
    ("Jo Demo", "New Charter Housing", [], "", ""),
]

WORKSHOP = {
    "slug": "workshop-closing-the-feedback-loop",
    "title": "PEN Conference workshop: closing the feedback loop",
    "days": 20,
    "place": "Tameside One, Market Place, Ashton-under-Lyne",
    "capacity": 6,
}


def _registration(page, person, index, *, status, when, attended=None):
    name, organisation, groups, access, dietary = person
    first, last = name.lower().split()
    return Registration(
        page=page,
        status=status,
        name=name,
        email=f"{first}.{last}@example.org",
        organisation=organisation,
        groups_represented=groups,
        access_needs=access,
        dietary_needs=dietary,
        consent_wording=consent_wording(),
        consent_version=CONSENT_VERSION,
        consented_at=when,
        created_at=when + datetime.timedelta(minutes=index * 37),
        place_given_at=None if status == RegistrationStatus.WAITING else when,
        attended=attended,
        attendance_recorded_at=page.ends_at if attended is not None else None,
    )


def _invitees(body):
    return {invitee.organisation: invitee for invitee in body.invitees.all()}


def _open(page, capacity):
    """Open registration on the meeting the network's demo published, in place: the demo
    publishes every page once, so its history starts with one revision."""
    fields = {"registration_open": True, "capacity": capacity}
    for name, value in fields.items():
        setattr(page, name, value)
    page.save(update_fields=list(fields))
    revision = page.latest_revision
    if revision is not None:
        revision.content.update(fields)
        revision.save(update_fields=["content"])


def _register(page, people, invitees, *, capacity):
    when = page.starts_at - datetime.timedelta(days=21)
    rows = []
    for index, person in enumerate(people):
        status = (
            RegistrationStatus.CONFIRMED
            if capacity is None or index < capacity
            else RegistrationStatus.WAITING
        )
        row = _registration(page, person, index, status=status, when=when)
        row.invitee = invitees.get(person[1])
        rows.append(row)
    Registration.objects.bulk_create(rows)


def _workshop(body):
    page = MeetingPage.objects.child_of(body).filter(slug=WORKSHOP["slug"]).first()
    if page is not None:
        return page
    day = timezone.localdate() + datetime.timedelta(days=WORKSHOP["days"])
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    page = MeetingPage(
        title=WORKSHOP["title"],
        slug=WORKSHOP["slug"],
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        place=WORKSHOP["place"],
        access_information=(
            "Step-free entrance from Market Place; lifts to every floor; hearing loop in "
            "the meeting room; accessible toilets on each floor."
        ),
        registration_open=True,
        capacity=WORKSHOP["capacity"],
    )
    body.add_child(instance=page)
    page.save_revision().publish()
    return page


def seed_registrations(report):
    body = NetworkBodyPage.objects.filter(slug=FORUM_SLUG).first()
    if body is None:
        return
    invitees = _invitees(body)
    now = timezone.now()
    meetings = list(MeetingPage.objects.child_of(body).order_by("starts_at"))
    upcoming = [m for m in meetings if m.starts_at > now]
    past = [m for m in meetings if m.ends_at < now]

    if upcoming and not upcoming[0].registrations.exists():
        page = upcoming[0]
        _open(page, 40)
        _register(page, PEOPLE[:7], invitees, capacity=40)
        report.add(f"registrations for {page.title}")

    conference = NetworkBodyPage.objects.filter(slug=CONFERENCE_SLUG).first()
    if conference is not None:
        workshop = _workshop(conference)
        if not workshop.registrations.exists():
            _open(workshop, WORKSHOP["capacity"])
            _register(workshop, PEOPLE[:8], invitees, capacity=WORKSHOP["capacity"])
            report.add(f"registrations and a waiting list for {workshop.title}")

    if past and not past[-1].registrations.exists():
        page = past[-1]
        when = page.starts_at - datetime.timedelta(days=21)
        rows = []
        for index, person in enumerate(PEOPLE):
            # Two sent apologies on the day; the rest came.
            attended = index not in (3, 8)
            row = _registration(
                page,
                person,
                index,
                status=RegistrationStatus.CONFIRMED,
                when=when,
                attended=attended,
            )
            row.invitee = invitees.get(person[1])
            rows.append(row)
        Registration.objects.bulk_create(rows)
        # Organisations on the invite list that came without registering anyone.
        InviteeAttendance.objects.bulk_create(
            [
                InviteeAttendance(page=page, invitee=invitees[name], recorded_at=page.ends_at)
                for name in ("Action Together", "Jobcentre Plus")
                if name in invitees
            ],
            ignore_conflicts=True,
        )
        report.add(f"attendance at {page.title}")
