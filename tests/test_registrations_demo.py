"""The demo's registrations: the PEN Forum's next meeting takes them, a Conference
workshop is full with a waiting list, and the Forum's last meeting has attendance that
the coverage report reads. Seeding again adds nothing."""

from django.urls import reverse

from consultation_blocks.models import (
    InviteeAttendance,
    MeetingPage,
    NetworkBodyPage,
    Registration,
)
from home.demo.registrations import WORKSHOP
from home.demo.seed import seed_demo


def test_demo_registrations(client, seeded, django_user_model):
    forum = NetworkBodyPage.objects.get(slug="pen-forum")
    meetings = list(MeetingPage.objects.child_of(forum).order_by("starts_at"))
    upcoming = meetings[-1]
    assert upcoming.registration_open
    assert upcoming.registrations.filter(status="confirmed").count() == 7
    assert all(
        email.endswith("@example.org")
        for email in Registration.objects.values_list("email", flat=True)
    )
    page = client.get(upcoming.url).content.decode()
    assert f'href="{upcoming.url}register/"' in page

    workshop = MeetingPage.objects.get(slug=WORKSHOP["slug"])
    assert workshop.registrations.filter(status="confirmed").count() == workshop.capacity
    assert workshop.registrations.filter(status="waiting").count() == 2
    assert "This event is full" in client.get(f"{workshop.url}register/").content.decode()

    past = meetings[-2]
    assert past.registrations.filter(attended=True).count() == 8
    assert InviteeAttendance.objects.filter(page=past).count() == 2

    client.force_login(django_user_model.objects.get(username="admin"))
    report = client.get(reverse("consultation_blocks_coverage", args=[forum.pk]))
    assert report.status_code == 200
    assert "Derbyshire County Council" in report.content.decode()  # invited, never came


def test_seeding_again_adds_no_registrations(seeded, demo_password):
    counts = (Registration.objects.count(), InviteeAttendance.objects.count())
    seed_demo(password=demo_password)
    assert (Registration.objects.count(), InviteeAttendance.objects.count()) == counts
