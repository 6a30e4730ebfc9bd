"""Residents' email alerts about new network meetings, through the public subscribe
form, the publish signal and `manage.py send_alerts`."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation_blocks.formats import govuk_datetime
from consultation_blocks.models import AlertDelivery, AreaKind
from tests.factories import AreaFactory
from tests.network_support import make_body, make_meeting, make_network_index
from tests.test_alerts import link_in, subscribe_and_confirm


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a callable and the background work it queues (tasks run immediately in tests)."""

    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


@pytest.fixture
def network(home_page):
    return make_network_index(home_page)


@pytest.fixture
def forum(network, partner_a):
    return make_body(network, "PEN Forum", partners=[partner_a])


def next_month():
    return timezone.localdate() + datetime.timedelta(days=30)


def publish_meeting(run, body, **fields):
    return run(make_meeting, body, next_month(), **fields)


def test_the_form_offers_meetings_and_events(client, db):
    html = client.get("/alerts/").content.decode()
    assert 'value="meeting"' in html and "New meetings and events" in html


def test_a_new_meeting_of_a_chosen_partner_is_alerted_once(client, run, forum, partner_a):
    subscribe_and_confirm(client, run, kinds=["meeting"], partner=partner_a.slug)
    meeting = publish_meeting(run, forum)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == f"New meeting: {meeting.title}"
    assert govuk_datetime(meeting.starts_at) in message.body
    assert "Town hall, Market Street" in message.body
    assert settings.WAGTAILADMIN_BASE_URL + meeting.url in message.body
    unsubscribe = link_in(message, "unsubscribe")
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert AlertDelivery.objects.filter(kind="meeting", object_id=meeting.pk).count() == 1

    # Publishing again, and the regular run, send nothing more.
    mail.outbox.clear()
    run(lambda: meeting.save_revision().publish())
    run(call_command, "send_alerts", "--immediate")
    assert mail.outbox == []


def test_meetings_of_other_partners_or_unchosen_kinds_are_not_sent(
    client, run, forum, partner_a, partner_b
):
    subscribe_and_confirm(client, run, kinds=["meeting"], partner=partner_b.slug)
    # The forum's own partner, but consultations only.
    subscribe_and_confirm(
        client, run, email="other@example.org", kinds=["consultation"], partner=partner_a.slug
    )
    publish_meeting(run, forum)
    run(call_command, "send_alerts", "--immediate")
    assert mail.outbox == []
    assert AlertDelivery.objects.count() == 0


def test_a_meeting_matches_its_bodys_areas_and_a_body_without_areas_no_area_filter(
    client, run, network, forum, partner_a
):
    borough = AreaFactory(name="Northshire", slug="northshire-la", kind=AreaKind.LOCAL_AUTHORITY)
    AreaFactory(name="Riverside", slug="riverside", kind=AreaKind.WARD, parent=borough)
    subscribe_and_confirm(client, run, kinds=["meeting"], area="riverside")
    # The forum has no areas: not tied to the ward, so not sent.
    publish_meeting(run, forum)
    assert mail.outbox == []

    local = make_body(network, "Northshire Voices", live=False)
    local.areas.set([borough])
    local.save()
    local.save_revision().publish()
    meeting = publish_meeting(run, local, title="Northshire Voices meeting")
    assert [message.subject for message in mail.outbox] == [f"New meeting: {meeting.title}"]


def test_past_meetings_are_not_announced(client, run, forum, partner_a):
    subscribe_and_confirm(client, run, kinds=["meeting"])
    run(make_meeting, forum, timezone.localdate() - datetime.timedelta(days=3))
    run(call_command, "send_alerts", "--immediate")
    assert mail.outbox == []


def test_the_weekly_digest_includes_new_meetings(client, run, forum, partner_a):
    subscribe_and_confirm(
        client, run, kinds=["meeting", "consultation"], frequency="weekly", partner=partner_a.slug
    )
    meeting = publish_meeting(run, forum)
    assert mail.outbox == []  # weekly subscribers wait for the digest

    run(call_command, "send_alerts", "--weekly")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert f"New meeting: {meeting.title}" in body
    assert govuk_datetime(meeting.starts_at) in body
    assert settings.WAGTAILADMIN_BASE_URL + meeting.url in body
    assert "/alerts/unsubscribe/" in body

    mail.outbox.clear()
    run(call_command, "send_alerts", "--weekly")
    assert mail.outbox == []


def test_reading_new_meetings_asks_a_fixed_number_of_queries(network, forum, partner_a):
    from consultation_blocks.selectors.alerts import alert_items

    def count_queries():
        now = timezone.now()
        with CaptureQueriesContext(connection) as queries:
            items = alert_items(since=now - datetime.timedelta(days=1), now=now)
        return len(items), len(queries)

    make_meeting(forum, next_month())
    one = count_queries()
    other = make_body(network, "Health Board", partners=[partner_a])
    for days in (31, 32):
        make_meeting(other, next_month() + datetime.timedelta(days=days))
    three = count_queries()
    assert (one[0], three[0]) == (1, 3)
    assert one[1] == three[1]
