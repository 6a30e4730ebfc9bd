"""Residents' email alerts, through the public views: subscribing (double opt-in),
immediate alerts on publish, the weekly digest, unsubscribing and retention."""

import datetime
import logging
import re
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation_blocks.models import (
    CONSENT_WORDING,
    AlertDelivery,
    AlertSubscription,
    AreaKind,
    BlockedSubmission,
)
from consultation_blocks.services.alerts import confirm_url, send_weekly_digests
from tests.factories import AreaFactory
from tests.public_forms import with_guard

SUBSCRIBE = "/alerts/"
EMAIL = "resident@example.org"


@pytest.fixture
def borough(db):
    return AreaFactory(name="Northshire", slug="northshire", kind=AreaKind.LOCAL_AUTHORITY)


@pytest.fixture
def ward(borough):
    return AreaFactory(name="Riverside", slug="riverside", kind=AreaKind.WARD, parent=borough)


@pytest.fixture
def elsewhere(db):
    return AreaFactory(name="Southvale", slug="southvale", kind=AreaKind.LOCAL_AUTHORITY)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a callable and the background work it queues (tasks run immediately in tests)."""

    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


def subscribe(client, run, **fields):
    data = {"email": EMAIL, "kinds": ["consultation", "outcome"], "frequency": "immediate"}
    data.update(fields)
    return run(client.post, SUBSCRIBE, with_guard(data))


def link_in(message, name):
    match = re.search(rf"http://[^\s]+/alerts/{name}/[^\s]+/", message.body)
    assert match, message.body
    return match.group(0).removeprefix(settings.WAGTAILADMIN_BASE_URL)


def subscribe_and_confirm(client, run, **fields):
    subscribe(client, run, **fields)
    confirm = link_in(mail.outbox[-1], "confirm")
    assert client.post(confirm).status_code == 200
    mail.outbox.clear()
    return AlertSubscription.objects.get(confirmed_at__isnull=False, **fields_filters(fields))


def fields_filters(fields):
    return {name: fields.get(name, "") for name in ("topic", "area", "partner")}


def publish(run, page):
    run(lambda: page.save_revision().publish())
    page.refresh_from_db()
    return page


@pytest.fixture
def consultation_in(make_consultation, run):
    """A consultation about `area`, published when `publish=True` (the default)."""

    def make(area, *, partner=None, topic="", live=True, **fields):
        page = make_consultation(lead_partner=partner, **fields)
        page.areas.add(area)
        if topic:
            page.tags.add(topic)
        if live:
            publish(run, page)
        else:
            page.save()  # areas and tags are kept in memory until the page is saved
        return page

    return make


# Subscribing -------------------------------------------------------------------------


def test_the_form_shows_the_consent_wording_and_works_without_javascript(client, borough):
    response = client.get(SUBSCRIBE)
    assert response.status_code == 200
    html = response.content.decode()
    assert CONSENT_WORDING in html
    assert 'name="website"' in html and 'name="form_started"' in html
    assert 'method="post"' in html and '<option value="northshire">' in html


def test_the_form_prefills_known_filters_and_ignores_unknown_ones(client, borough):
    html = client.get(SUBSCRIBE, {"area": "northshire", "partner": "nope"}).content.decode()
    assert '<option value="northshire" selected>' in html
    assert "nope" not in html


def test_subscribing_sends_only_a_confirmation_and_stores_the_consent(
    client, run, borough, consultation_in
):
    response = subscribe(client, run, area="northshire")
    assert response.status_code == 302
    assert response["Location"] == "/alerts/check-your-email/"
    assert client.get(response["Location"]).status_code == 200
    subscription = AlertSubscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.consent_wording == CONSENT_WORDING
    assert subscription.kinds == ["consultation", "outcome"]
    assert [message.subject for message in mail.outbox] == ["Confirm your email alerts"]
    assert mail.outbox[0].to == [EMAIL]

    # Not confirmed: a matching consultation is published and nothing is sent.
    mail.outbox.clear()
    consultation_in(borough)
    run(call_command, "send_alerts", "--immediate")
    assert mail.outbox == []
    assert AlertDelivery.objects.count() == 0


def test_confirming_needs_the_button_not_only_the_link(client, run, borough):
    subscribe(client, run)
    confirm = link_in(mail.outbox[0], "confirm")
    response = client.get(confirm)
    assert response.status_code == 200
    assert "Confirm and start my alerts" in response.content.decode()
    assert AlertSubscription.objects.get().confirmed_at is None
    assert client.post(confirm).status_code == 200
    confirmed_at = AlertSubscription.objects.get().confirmed_at
    assert confirmed_at is not None
    # Confirming twice changes nothing.
    assert client.post(confirm).status_code == 200
    assert AlertSubscription.objects.get().confirmed_at == confirmed_at


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": ""}, "Enter your email address"),
        ({"email": "not-an-address"}, "Enter an email address in the correct format"),
        ({"kinds": []}, "Select what you want to hear about"),
        ({"kinds": ["meetings-of-the-moon"]}, "Select what you want to hear about from the list"),
        ({"frequency": "hourly"}, "Select how often you want alerts from the list"),
        ({"area": "atlantis"}, "Select a area from the list"),
        ({"partner": "<script>"}, "Select a partner from the list"),
    ],
)
def test_bad_input_is_a_400_with_an_error_summary_and_nothing_stored(
    client, run, borough, fields, message
):
    response = subscribe(client, run, **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert "<script>" not in html
    assert AlertSubscription.objects.count() == 0
    assert mail.outbox == []


def test_the_form_is_defended_like_the_other_public_forms(client, run, settings, borough):
    data = {"email": EMAIL, "kinds": ["consultation"], "frequency": "weekly"}
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    assert client.post(SUBSCRIBE, with_guard({**data, "website": "spam"})).status_code == 400
    assert client.post(SUBSCRIBE, with_guard(data, seconds_ago=0)).status_code == 400
    assert client.post(SUBSCRIBE, data).status_code == 400  # no signed start time
    settings.CONSULTATION_MAX_BODY_BYTES = 100
    assert client.post(SUBSCRIBE, with_guard({**data, "email": "a" * 200})).status_code == 413
    settings.CONSULTATION_MAX_BODY_BYTES = 256 * 1024
    cache.clear()  # start a fresh rate-limit count
    settings.CONSULTATION_RATE_LIMIT = 1
    assert subscribe(client, run).status_code == 302
    assert subscribe(client, run).status_code == 429
    assert AlertSubscription.objects.count() == 1
    assert BlockedSubmission.objects.filter(form="alerts").count() == 5


def test_asking_again_for_a_confirmed_alert_changes_nothing(client, run, borough):
    subscription = subscribe_and_confirm(client, run, area="northshire")
    cache.clear()  # as if the repeat-email pause had passed
    subscribe(client, run, area="northshire", frequency="weekly", kinds=["outcome"])
    subscription.refresh_from_db()
    assert subscription.frequency == "immediate"
    assert subscription.kinds == ["consultation", "outcome"]
    assert subscription.confirmed_at is not None
    assert [message.subject for message in mail.outbox] == ["You already have this email alert"]
    assert "/alerts/unsubscribe/" in mail.outbox[0].body


def test_asking_again_soon_sends_no_second_email(client, run, borough):
    assert subscribe(client, run).status_code == 302
    assert subscribe(client, run).status_code == 302
    assert subscribe(client, run, area="northshire").status_code == 302
    # One for the first alert, one for the other: the repeat is not re-sent.
    assert len(mail.outbox) == 2
    assert AlertSubscription.objects.count() == 2


def test_the_response_does_not_say_whether_an_address_is_known(client, run, borough):
    first = subscribe(client, run)
    subscribe_and_confirm(client, run, area="northshire")
    again = subscribe(client, run, area="northshire")
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]


# Links -------------------------------------------------------------------------------


def test_a_tampered_link_is_a_400_with_a_message(client, run, borough):
    subscription = subscribe_and_confirm(client, run)
    for url in (
        "/alerts/confirm/not-a-token/",
        "/alerts/unsubscribe/not-a-token/",
        f"/alerts/unsubscribe/{subscription.token}/",
    ):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 400, url
            assert "This link is not valid" in response.content.decode()
    assert AlertSubscription.objects.filter(confirmed_at__isnull=False).count() == 1


def test_an_expired_confirmation_link_is_refused(client, run, borough):
    subscribe(client, run)
    eight_days_ago = signing.b62_encode(int(time.time() - 8 * 86400))
    with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=eight_days_ago):
        confirm = confirm_url(AlertSubscription.objects.get())
    response = client.post(confirm)
    assert response.status_code == 400
    assert "This confirmation link has expired" in response.content.decode()
    assert AlertSubscription.objects.get().confirmed_at is None


def test_confirming_a_deleted_subscription_is_a_400(client, run, borough):
    subscribe(client, run)
    AlertSubscription.objects.all().delete()
    response = client.post(link_in(mail.outbox[0], "confirm"))
    assert response.status_code == 400
    assert "Please subscribe again" in response.content.decode()


# Alerts ------------------------------------------------------------------------------


def test_an_immediate_alert_goes_out_when_a_consultation_opens_in_the_area(
    client, run, borough, ward, elsewhere, consultation_in
):
    subscribe_and_confirm(client, run, area="riverside")
    consultation_in(elsewhere, title="Bus lanes in Southvale")
    assert mail.outbox == []
    # About the whole borough, so about the subscriber's ward too.
    page = consultation_in(borough, title="Parks in Northshire", summary="Have your say <now>")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert message.subject == "New consultation: Parks in Northshire"
    assert "Have your say <now>" in message.body
    assert f"{settings.WAGTAILADMIN_BASE_URL}{page.url}" in message.body
    unsubscribe = link_in(message, "unsubscribe")
    assert (
        message.extra_headers["List-Unsubscribe"]
        == f"<{settings.WAGTAILADMIN_BASE_URL}{unsubscribe}>"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Publishing again, or the regular job, never sends it twice.
    mail.outbox.clear()
    publish(run, page)
    run(call_command, "send_alerts", "--immediate")
    assert mail.outbox == []
    assert AlertDelivery.objects.count() == 1


def test_filters_by_topic_and_partner_and_kind(
    client, run, borough, partner_a, partner_b, consultation_in
):
    # Topics are the tags consultations use, so these exist (as drafts) before subscribing.
    pages = [
        consultation_in(
            borough, partner=partner_b, topic="parks", title="Wrong partner", live=False
        ),
        consultation_in(borough, partner=partner_a, topic="roads", title="Wrong topic", live=False),
        consultation_in(borough, partner=partner_a, topic="parks", title="Right one", live=False),
    ]
    subscribe_and_confirm(client, run, topic="parks", partner="northshire", kinds=["consultation"])
    for page in pages:
        publish(run, page)
    assert [message.subject for message in mail.outbox] == ["New consultation: Right one"]


def test_an_outcome_scheduled_for_later_is_sent_by_the_regular_job(
    client, run, borough, consultation_in
):
    page = consultation_in(borough, title="Library hours")
    subscribe_and_confirm(client, run, kinds=["outcome"])
    soon = timezone.now() + datetime.timedelta(seconds=1)
    page.outcome_summary = "We kept Sunday opening."
    page.outcome_published_at = soon
    publish(run, page)
    assert mail.outbox == []  # not visible yet
    with mock.patch("django.utils.timezone.now", return_value=soon + datetime.timedelta(minutes=1)):
        run(call_command, "send_alerts", "--immediate")
    assert [message.subject for message in mail.outbox] == ["Outcome published: Library hours"]
    assert "We kept Sunday opening." in mail.outbox[0].body


def test_the_weekly_digest_lists_each_item_once_and_never_repeats(
    client, run, borough, consultation_in
):
    subscribe_and_confirm(client, run, frequency="weekly")
    consultation_in(borough, title="Parks")
    consultation_in(borough, title="Roads")
    assert mail.outbox == []  # weekly subscribers get nothing on publish
    run(call_command, "send_alerts", "--weekly")
    assert [message.subject for message in mail.outbox] == ["Your weekly alert: 2 new items"]
    body = mail.outbox[0].body
    assert "Parks" in body and "Roads" in body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    mail.outbox.clear()
    run(call_command, "send_alerts", "--weekly")
    assert mail.outbox == []
    consultation_in(borough, title="Schools")
    run(call_command, "send_alerts", "--weekly")
    assert [message.subject for message in mail.outbox] == ["Your weekly alert: 1 new item"]
    assert "Schools" in mail.outbox[0].body and "Parks" not in mail.outbox[0].body


def test_items_published_before_confirming_are_not_sent(client, run, borough, consultation_in):
    consultation_in(borough, title="Old news")
    subscribe_and_confirm(client, run, frequency="weekly")
    run(call_command, "send_alerts", "--weekly")
    assert mail.outbox == []


def test_the_weekly_job_reads_in_a_constant_number_of_queries(
    client, run, borough, consultation_in
):
    """Reading items, subscribers and what was sent costs the same however many
    subscribers there are; each email then costs its own delivery insert (in a
    savepoint, so that a clash with another run skips only that email)."""

    def add_subscribers(count):
        for _ in range(count):
            AlertSubscription.objects.create(
                email=f"person{AlertSubscription.objects.count()}@example.org",
                frequency="weekly",
                kinds=["consultation"],
                consent_wording=CONSENT_WORDING,
                confirmed_at=timezone.now() - datetime.timedelta(days=1),
            )

    consultation_in(borough)
    consultation_in(borough)

    def queries_for_a_run():
        AlertDelivery.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            sent = run(send_weekly_digests)
        return len(queries), sent

    add_subscribers(2)
    small, sent_small = queries_for_a_run()
    add_subscribers(6)
    large, sent_large = queries_for_a_run()
    assert (sent_small, sent_large) == (2, 8)
    per_email = 3  # savepoint, insert, release
    assert small - per_email * sent_small == large - per_email * sent_large


# Unsubscribing -----------------------------------------------------------------------


def test_unsubscribe_from_the_email_link_deletes_everything(client, run, borough, consultation_in):
    subscribe_and_confirm(client, run)
    consultation_in(borough)
    unsubscribe = link_in(mail.outbox[0], "unsubscribe")
    page = client.get(unsubscribe)
    assert page.status_code == 200 and "Unsubscribe" in page.content.decode()
    assert AlertSubscription.objects.count() == 1
    # No session and no CSRF token: the signed link is enough, as RFC 8058 needs.
    one_click = Client(enforce_csrf_checks=True).post(
        unsubscribe, {"List-Unsubscribe": "One-Click"}
    )
    assert one_click.status_code == 200
    assert AlertSubscription.objects.count() == 0
    assert AlertDelivery.objects.count() == 0
    # The link keeps working, and says so.
    again = client.get(unsubscribe)
    assert again.status_code == 200 and "You have unsubscribed" in again.content.decode()


def test_nothing_personal_reaches_the_logs(client, run, borough, consultation_in, caplog):
    caplog.set_level(logging.DEBUG)
    subscribe_and_confirm(client, run)
    consultation_in(borough)
    run(call_command, "send_alerts", "--weekly")
    assert mail.outbox
    assert EMAIL not in caplog.text
    assert (
        str(AlertSubscription.objects.get())
        == f"Alert subscription {AlertSubscription.objects.get().pk}"
    )


# Retention ---------------------------------------------------------------------------


def test_unconfirmed_subscriptions_are_deleted_after_the_retention_period(client, run, borough):
    subscribe(client, run, area="northshire")
    subscribe(client, run)
    old, recent = AlertSubscription.objects.order_by("pk")
    AlertSubscription.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    confirmed = AlertSubscription.objects.create(
        email="someone@example.org",
        frequency="weekly",
        kinds=["outcome"],
        consent_wording=CONSENT_WORDING,
        confirmed_at=timezone.now() - datetime.timedelta(days=29),
    )
    AlertSubscription.objects.filter(pk=confirmed.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    call_command("delete_unconfirmed_alerts")
    assert set(AlertSubscription.objects.values_list("pk", flat=True)) == {
        recent.pk,
        confirmed.pk,
    }


def test_asking_again_before_confirming_sends_a_fresh_link_and_restarts_retention(
    client, run, borough
):
    subscribe(client, run)
    AlertSubscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    cache.clear()  # as if the repeat-email pause had passed
    subscribe(client, run, frequency="weekly")
    call_command("delete_unconfirmed_alerts")
    subscription = AlertSubscription.objects.get()
    assert subscription.frequency == "weekly"
    assert client.post(link_in(mail.outbox[-1], "confirm")).status_code == 200


def test_publishing_an_outcome_alerts_immediately(client, run, borough, consultation_in):
    page = consultation_in(borough, title="Library hours")
    subscribe_and_confirm(client, run, kinds=["outcome"])
    page.outcome_summary = "We kept Sunday opening."
    page.outcome_published_at = timezone.now()
    publish(run, page)
    assert [message.subject for message in mail.outbox] == ["Outcome published: Library hours"]
    assert "We kept Sunday opening." in mail.outbox[0].body
