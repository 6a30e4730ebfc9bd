"""Registering for a network meeting through the public routes: places in order, the
waiting list, duplicates, cancellation links, the confirmation email with its calendar
file, the spam defences, and retention."""

import datetime
import io
import re
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from icalendar import Calendar

from consultation_blocks.models import BlockedSubmission, Registration, RegistrationStatus
from consultation_blocks.models.registrations import CONSENT_VERSION, consent_wording
from consultation_blocks.services import registrations as service
from tests.public_forms import with_guard
from tests.registration_support import body, form_data, meeting, network_index, register_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(home_page):
    return body(network_index(home_page))


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a request and the background work it queues (tasks run at once in tests)."""

    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


def cancel_path(message):
    match = re.search(r"http://\S+/cancel/[0-9a-f]{32}-[0-9a-f]+/", message.body)
    assert match, message.body
    return match.group(0).removeprefix(settings.WAGTAILADMIN_BASE_URL)


def calendar_of(message):
    (filename, content, mimetype) = message.attachments[0]
    assert filename == "event.ics"
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_the_form_shows_the_event_places_and_consent_without_a_csrf_token(client, forum):
    page = meeting(forum, capacity=20)
    response = client.get(register_url(page))
    html = response.content.decode()
    assert response.status_code == 200
    assert "20 places left" in html
    assert escape(consent_wording()) in html
    assert "Step-free entrance on King Street" in html
    assert "csrfmiddlewaretoken" not in html
    assert 'name="website"' in html  # the honeypot


def test_registering_gives_a_place_records_consent_and_emails_a_calendar_file(client, forum, run):
    page = meeting(forum, capacity=20)
    response = run(
        client.post,
        register_url(page),
        form_data(
            email="Alex@Example.org",
            organisation="Tameside Carers Centre",
            groups_represented=["carers", "older_people"],
            access_needs="Wheelchair space, please",
            dietary_needs="Vegetarian",
        ),
    )
    assert response.status_code == 200
    assert "You are registered" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email == "alex@example.org"
    assert registration.groups_represented == ["carers", "older_people"]
    assert registration.consent_wording == consent_wording()
    assert registration.consent_version == CONSENT_VERSION
    assert abs(registration.consented_at - timezone.now()) < datetime.timedelta(minutes=1)
    assert registration.place_given_at is not None

    (message,) = mail.outbox
    assert message.to == ["alex@example.org"]
    assert message.subject == f"Your place at {page.title}"
    assert "Wheelchair space, please" in message.body
    assert f"{settings.WAGTAILADMIN_BASE_URL}{page.url}" in message.body
    calendar = calendar_of(message)
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    host = settings.WAGTAILADMIN_BASE_URL.split("//")[1].split(":")[0]
    assert str(event["UID"]) == f"event-{page.pk}@{host}"
    assert event.decoded("DTSTART") == page.starts_at
    assert event.decoded("DTEND") == page.ends_at
    assert str(event["LOCATION"]) == page.place
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in event


def test_the_same_address_cannot_register_twice(client, forum, run):
    page = meeting(forum)
    run(client.post, register_url(page), form_data())
    response = run(client.post, register_url(page), form_data(email=" ALEX@example.org "))
    assert response.status_code == 400
    assert "already registered for this event" in response.content.decode()
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


def test_when_full_people_join_the_waiting_list_and_a_cancellation_promotes_the_first(
    client, forum, run
):
    page = meeting(forum, capacity=1)
    run(client.post, register_url(page), form_data(email="first@example.org"))
    response = run(client.post, register_url(page), form_data(email="second@example.org"))
    assert "You are on the waiting list" in response.content.decode()
    run(client.post, register_url(page), form_data(email="third@example.org"))
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "first@example.org": "confirmed",
        "second@example.org": "waiting",
        "third@example.org": "waiting",
    }
    first_email, waiting_email, _ = mail.outbox
    assert waiting_email.attachments == []  # no calendar entry without a place
    assert "waiting list" in waiting_email.body
    assert "0 places left" not in client.get(register_url(page)).content.decode()
    assert "This event is full" in client.get(register_url(page)).content.decode()

    link = cancel_path(first_email)
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert "Cancel my place" in confirm_page.content.decode()
    mail.outbox.clear()
    response = run(client.post, link)
    assert response.status_code == 200
    assert "Your place is cancelled" in response.content.decode()

    cancelled = Registration.objects.get(status=RegistrationStatus.CANCELLED)
    assert (cancelled.name, cancelled.email, cancelled.access_needs) == ("", "", "")
    assert cancelled.anonymised_at is not None
    promoted = Registration.objects.get(email="second@example.org")
    assert promoted.status == RegistrationStatus.CONFIRMED
    assert Registration.objects.get(email="third@example.org").status == "waiting"
    subjects = {message.to[0]: message for message in mail.outbox}
    assert set(subjects) == {"first@example.org", "second@example.org"}
    assert subjects["second@example.org"].subject.startswith("A place has come up")
    assert str(calendar_of(subjects["second@example.org"]).walk("VEVENT")[0]["STATUS"]) == (
        "CONFIRMED"
    )
    cancelled_calendar = calendar_of(subjects["first@example.org"])
    assert str(cancelled_calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"

    # The link again: nothing more happens, and the address may register anew.
    assert run(client.post, link).status_code == 200
    assert Registration.objects.filter(status="confirmed").count() == 1
    response = run(client.post, register_url(page), form_data(email="first@example.org"))
    assert response.status_code == 200
    assert Registration.objects.get(email="first@example.org").status == "waiting"


def test_two_registrations_for_the_last_place_get_one_place_and_one_wait(forum):
    page = meeting(forum, capacity=1)
    one = service.register(page=page, name="One", email="one@example.org")
    two = service.register(page=page, name="Two", email="two@example.org")
    assert (one.status, two.status) == ("confirmed", "waiting")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_at_the_same_moment_the_last_place_goes_to_one_of_two(home_page):
    page = meeting(body(network_index(home_page)), capacity=1)
    counted = service.places_taken
    barrier = threading.Barrier(2)

    def slow_count(event):
        # Both requests reach the count together; without the lock both would see a
        # free place.
        taken = counted(event)
        threading.Event().wait(0.3)
        return taken

    results, errors = [], []

    def register(email):
        try:
            barrier.wait()
            results.append(service.register(page=page, name=email, email=email).status)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    with mock.patch.object(service, "places_taken", slow_count):
        threads = [
            threading.Thread(target=register, args=(f"{n}@example.org",)) for n in ("a", "b")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert sorted(results) == ["confirmed", "waiting"]
    assert Registration.objects.filter(status="confirmed").count() == 1


def test_a_changed_or_foreign_cancellation_link_is_refused(client, forum, run):
    page = meeting(forum)
    other = meeting(forum, days=40)
    run(client.post, register_url(page), form_data())
    link = cancel_path(mail.outbox[0])
    response = client.post(link[:-3] + "00/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    foreign = other.url + link.removeprefix(page.url)
    response = client.post(foreign)
    assert response.status_code == 400
    assert "another event" in response.content.decode()
    assert Registration.objects.get().status == "confirmed"


@pytest.mark.parametrize(
    "fields",
    [
        {"registration_open": False},
        {"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)},
        {"days": -1},
    ],
)
def test_closed_registration_is_refused(client, forum, fields):
    page = meeting(forum, **fields)
    shown = client.get(register_url(page)).content.decode()
    assert 'id="registration-closed"' in shown
    assert 'name="consent"' not in shown
    response = client.post(register_url(page), form_data())
    assert response.status_code == 403
    assert "closed" in response.content.decode() or "not open" in response.content.decode()
    assert not Registration.objects.exists()


def test_missing_consent_and_bad_input_get_messages_not_errors(client, forum):
    page = meeting(forum)
    response = client.post(register_url(page), form_data(consent="", email="not-an-email"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Confirm that you agree" in html
    assert "Enter an email address in the correct format" in html

    response = client.post(register_url(page), form_data(name="Alex\x00Example"))
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.content.decode()

    response = client.post(register_url(page), form_data(access_needs="x" * 2001))
    assert response.status_code == 400
    assert "2000 characters or fewer" in response.content.decode()

    response = client.post(register_url(page), form_data(groups_represented=["nobody"]))
    assert response.status_code == 400
    assert "Select groups from the list" in response.content.decode()
    assert not Registration.objects.exists()


def test_spam_defences_apply(client, forum, settings):
    page = meeting(forum)
    url = register_url(page)
    assert client.post(url, {**form_data(), "website": "http://spam.example"}).status_code == 400
    settings.CONSULTATION_MIN_FILL_SECONDS = 5
    too_fast = {**form_data(), **with_guard({}, seconds_ago=1)}
    assert client.post(url, too_fast).status_code == 400
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    settings.CONSULTATION_MAX_BODY_BYTES = 1000
    assert client.post(url, form_data(access_needs="x" * 1500)).status_code == 413
    settings.CONSULTATION_MAX_BODY_BYTES = 256 * 1024
    settings.CONSULTATION_RATE_LIMIT = 1
    cache.clear()  # the refused posts above counted too
    client.post(url, form_data(email="a@example.org"))
    assert client.post(url, form_data(email="b@example.org")).status_code == 429
    assert set(BlockedSubmission.objects.values_list("form", flat=True)) == {"registration"}
    assert Registration.objects.count() == 1


def test_a_cross_site_post_is_refused(forum):
    page = meeting(forum)
    browser = Client(enforce_csrf_checks=True, HTTP_SEC_FETCH_SITE="cross-site")
    assert browser.post(register_url(page), form_data()).status_code == 403
    same_site = Client(enforce_csrf_checks=True, HTTP_SEC_FETCH_SITE="same-origin")
    assert same_site.post(register_url(page), form_data()).status_code == 200
    assert Registration.objects.count() == 1


def test_registrations_are_anonymised_after_the_retention_period(forum, settings):
    settings.MEETING_REGISTRATION_RETENTION_DAYS = 30
    page = meeting(forum, days=7)
    past = meeting(forum, days=40, slug="past")
    kept = service.register(page=page, name="Kept", email="kept@example.org", access_needs="x")
    old = service.register(
        page=past,
        name="Old",
        email="old@example.org",
        organisation="Glossop Youth Forum",
        access_needs="Hearing loop",
    )
    Registration.objects.filter(pk=old.pk).update(attended=True)
    # The past meeting ended 35 days ago: beyond the 30 days kept.
    past.starts_at = timezone.now() - datetime.timedelta(days=35)
    past.ends_at = past.starts_at + datetime.timedelta(hours=2)
    past.save()

    call_command("anonymise_registrations", stdout=io.StringIO())

    old.refresh_from_db()
    kept.refresh_from_db()
    assert (old.name, old.email, old.access_needs) == ("", "", "")
    assert old.anonymised_at is not None
    assert (old.organisation, old.attended) == ("Glossop Youth Forum", True)
    assert (kept.name, kept.email) == ("Kept", "kept@example.org")


def test_a_personal_data_request_finds_and_erases_registrations(
    client, home_page, django_capture_on_commit_callbacks
):
    """Erasing through the data-request registry: a place at a coming meeting is
    cancelled and passed to the first person waiting; a past registration keeps its
    attendance with the details cleared."""
    from consultation_blocks import personal_data

    forum = body(network_index(home_page))
    coming = meeting(forum, days=14, capacity=1, slug="coming")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(coming), form_data(email="Me@Example.org"))
        client.post(register_url(coming), form_data(name="Next", email="next@example.org"))
    source = next(s for s in personal_data.registered() if s.key == "meeting_registrations")

    found = source.find("me@example.org")
    assert [(row["event"], row["status"]) for row in found] == [(coming.title, "Place confirmed")]

    with django_capture_on_commit_callbacks(execute=True):
        assert source.erase("me@example.org") == 1
    assert source.find("me@example.org") == []
    mine = Registration.objects.get(name="")
    assert mine.status == RegistrationStatus.CANCELLED and mine.email == ""
    assert Registration.objects.get(email="next@example.org").status == RegistrationStatus.CONFIRMED
