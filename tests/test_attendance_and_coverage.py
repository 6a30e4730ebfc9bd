"""Staff record who attended a network meeting, and read the body's coverage report
(table and CSV), through the admin views: partner scope checked in the views, bad
input refused with a message, small numbers of people suppressed, constant queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultation_blocks.models import AreaKind, InviteeAttendance, Registration, Sector
from consultation_blocks.services import registrations as service
from tests.factories import AreaFactory
from tests.registration_support import body, meeting, network_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(db):
    return {
        "tameside": AreaFactory(name="Tameside", slug="tameside", kind=AreaKind.LOCAL_AUTHORITY),
        "glossop": AreaFactory(name="Glossop", slug="glossop", kind=AreaKind.LOCAL_AUTHORITY),
    }


@pytest.fixture
def forum(home_page, partner_a, areas):
    return body(
        network_index(home_page),
        partners=[partner_a],
        invitees=[
            ("Tameside Carers Centre", Sector.VCS, areas["tameside"]),
            ("Glossop Youth Forum", Sector.VCS, areas["glossop"]),
            ("Tameside Council", Sector.COUNCIL, areas["tameside"]),
            ("Greater Manchester Police", Sector.POLICE, None),
        ],
    )


def past_meeting(forum, *, slug="past", capacity=None):
    page = meeting(forum, days=20, slug=slug, capacity=capacity)
    registrations = [
        service.register(
            page=page,
            name=f"Person {n}",
            email=f"person{n}@example.org",
            organisation="tameside  carers centre" if n < 6 else "Hattersley Residents",
            groups_represented=["carers"] if n < 6 else [],
        )
        for n in range(8)
    ]
    page.starts_at = timezone.now() - datetime.timedelta(days=3)
    page.ends_at = page.starts_at + datetime.timedelta(hours=2)
    page.save()
    return page, registrations


def attendance_url(page):
    return reverse("consultation_blocks_registrations", args=[page.pk])


def coverage_url(forum, csv_file=False):
    name = "consultation_blocks_coverage_csv" if csv_file else "consultation_blocks_coverage"
    return reverse(name, args=[forum.pk])


def test_registering_matches_the_invited_organisation_by_name(forum):
    page, registrations = past_meeting(forum)
    assert registrations[0].invitee.organisation == "Tameside Carers Centre"
    assert registrations[7].invitee is None


def test_staff_of_the_body_s_partner_record_attendance(client_for, role_users, forum):
    page, registrations = past_meeting(forum)
    client = client_for(role_users["moderator_a"])
    response = client.get(attendance_url(page))
    assert response.status_code == 200
    html = response.content.decode()
    assert "person0@example.org" in html
    assert "Greater Manchester Police (Chair)" in html

    invitees = {invitee.organisation: invitee.pk for invitee in forum.invitees.all()}
    response = client.post(
        attendance_url(page),
        {
            "attended": [registrations[0].pk, registrations[1].pk, registrations[7].pk],
            "invitees": [invitees["Tameside Council"]],
        },
    )
    assert response.status_code == 302
    attended = set(Registration.objects.filter(attended=True).values_list("pk", flat=True))
    assert attended == {registrations[0].pk, registrations[1].pk, registrations[7].pk}
    assert Registration.objects.filter(attended=False).count() == 5
    assert list(InviteeAttendance.objects.values_list("invitee_id", flat=True)) == [
        invitees["Tameside Council"]
    ]
    assert (
        "Attendance saved: 3 registered people" in client.get(attendance_url(page)).content.decode()
    )

    # Unticking removes; the same form again changes nothing more.
    client.post(attendance_url(page), {"attended": [registrations[0].pk]})
    assert Registration.objects.filter(attended=True).count() == 1
    assert not InviteeAttendance.objects.exists()


@pytest.mark.parametrize("role", ["moderator_b", "comms_editor", "resident"])
def test_others_cannot_see_or_record_attendance(client_for, role_users, forum, role):
    page, registrations = past_meeting(forum)
    client = client_for(role_users[role])
    assert client.get(attendance_url(page)).status_code in (302, 403)
    response = client.post(attendance_url(page), {"attended": [registrations[0].pk]})
    assert response.status_code in (302, 403)
    assert client.get(coverage_url(forum)).status_code in (302, 403)
    assert client.get(coverage_url(forum, csv_file=True)).status_code in (302, 403)
    assert not Registration.objects.filter(attended=True).exists()


def test_bad_attendance_input_gets_a_message(client_for, role_users, forum):
    page, registrations = past_meeting(forum)
    upcoming = meeting(forum, days=30, slug="upcoming")
    service.register(page=upcoming, name="Soon", email="soon@example.org")
    client = client_for(role_users["administrator"])
    response = client.post(attendance_url(page), {"attended": ["999999", "x\x00"]})
    assert response.status_code == 400
    assert "Select people from the list of registrations" in response.content.decode()
    response = client.post(attendance_url(upcoming), {"attended": []})
    assert response.status_code == 400
    assert "once the event has started" in response.content.decode()
    assert not Registration.objects.filter(attended__isnull=False).exists()


def test_the_coverage_report_shows_who_is_missing(client_for, role_users, forum):
    page, registrations = past_meeting(forum)
    service.record_attendance(
        page=page,
        attended_ids=[r.pk for r in registrations[:6]] + [registrations[7].pk],
        invitee_ids=[forum.invitees.get(organisation="Tameside Council").pk],
        user=None,
    )
    client = client_for(role_users["moderator_a"])
    response = client.get(coverage_url(forum))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Glossop Youth Forum; Greater Manchester Police" in html  # never attended
    assert "Hattersley Residents" in html  # came without an invitation
    assert "Black, Asian and minority ethnic communities" in html  # a group nobody spoke for

    rows = list(
        csv.reader(
            io.StringIO(client.get(coverage_url(forum, True)).getvalue().decode().lstrip("\ufeff"))
        )
    )
    organisations = {row[0]: row for row in rows[1:5]}
    assert organisations["Tameside Carers Centre"][4:6] == ["1", "1"]
    assert organisations["Tameside Council"][4:6] == ["0", "1"]
    assert organisations["Glossop Youth Forum"][5:] == ["0", "Never"]
    summary = {
        (row[0], row[1]): row
        for row in rows
        if row and row[0] in {"Sector", "Area", "Group represented"}
    }
    vcs = summary[("Sector", "Voluntary and community")]
    assert vcs[2:6] == ["2", "1", "1", "Glossop Youth Forum"]
    # Six people from the carers centre, two uninvited: the two are under five.
    assert vcs[6:] == ["6", "6"]
    assert summary[("Sector", "Not on the invite list")][6:] == ["<5", "<5"]
    assert summary[("Sector", "Fire and rescue")][2] == "0"  # nobody invited
    assert summary[("Area", "Glossop")][2:5] == ["1", "0", "0"]
    assert summary[("Group represented", "Carers")][3:5] == ["1", "1"]


def test_the_coverage_report_takes_the_same_queries_however_big(client_for, role_users, forum):
    client = client_for(role_users["administrator"])
    past_meeting(forum, slug="one")
    client.get(coverage_url(forum))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(coverage_url(forum)).status_code == 200
        return len(captured)

    small = queries()
    for slug in ("two", "three"):
        past_meeting(forum, slug=slug)
    forum.invitees.create(organisation="Stockport Homes", sector=Sector.HOUSING, role="Chair")
    assert queries() == small


def test_the_registrations_list_takes_the_same_queries_however_long(client_for, role_users, forum):
    client = client_for(role_users["administrator"])
    page, _ = past_meeting(forum)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(attendance_url(page)).status_code == 200
        return len(captured)

    client.get(attendance_url(page))
    small = queries()
    for n in range(10):
        Registration.objects.create(
            page=page,
            status="confirmed",
            name=f"Extra {n}",
            email=f"extra{n}@example.org",
            consent_wording="x",
            consent_version="x",
            consented_at=timezone.now(),
        )
    assert queries() == small


def test_raising_the_capacity_lets_staff_offer_places_to_the_waiting_list(
    client_for, role_users, forum, django_capture_on_commit_callbacks, mailoutbox
):
    page = meeting(forum, capacity=1, slug="small")
    for n in range(4):
        service.register(page=page, name=f"P{n}", email=f"p{n}@example.org")
    page.capacity = 3
    page.save_revision().publish()
    client = client_for(role_users["moderator_a"])
    assert "2 places free" in client.get(attendance_url(page)).content.decode()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(attendance_url(page), {"offer_places": "yes"})
    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "p0@example.org": "confirmed",
        "p1@example.org": "confirmed",
        "p2@example.org": "confirmed",
        "p3@example.org": "waiting",
    }
    assert sorted(message.to[0] for message in mailoutbox) == ["p1@example.org", "p2@example.org"]
    page.capacity = 4
    page.save_revision().publish()
    refused = client_for(role_users["moderator_b"]).post(
        attendance_url(page), {"offer_places": "yes"}
    )
    assert refused.status_code in (302, 403)  # the admin sends refusals home with a message
    assert Registration.objects.get(email="p3@example.org").status == "waiting"
