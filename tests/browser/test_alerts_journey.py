"""A resident asks for immediate email alerts about one area, confirms by the emailed
link, and receives exactly one alert when a consultation in that area opens (published
by Wagtail's scheduled publishing, as the README schedules it), none for a consultation
elsewhere; the alert's link leads to the consultation and its unsubscribe link works in
one click without signing in. Every page on the way passes axe-core."""

import datetime
import re

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from consultation_blocks.models import AlertDelivery, AlertSubscription, Area, ConsultationIndexPage
from consultation_blocks.models.locales import default_language_q
from tests.factories import ConsultationPageFactory

from .support import BROWSER_TEST, axe_violations

pytestmark = BROWSER_TEST

EMAIL = "alerts.resident@example.org"


def links_in(message, pattern):
    return [
        link.removeprefix(settings.WAGTAILADMIN_BASE_URL)
        for link in re.findall(pattern, message.body)
    ]


def accessible(page):
    assert axe_violations(page) == [], page.url


def scheduled_consultation(title, area_slug):
    """A consultation about one area, approved to go live a minute ago: the next run of
    `publish_scheduled` opens it."""
    index = ConsultationIndexPage.objects.filter(default_language_q()).get()
    consultation = ConsultationPageFactory(
        parent=index, title=title, summary=f"Tell us about {title}.", live=False
    )
    consultation.areas.add(Area.objects.get(slug=area_slug))
    consultation.save()
    consultation.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    return consultation


def test_a_resident_subscribes_to_an_area_and_hears_when_a_consultation_opens_there(page, demo):
    mail.outbox.clear()
    page.goto("/alerts/")
    accessible(page)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("New consultations").check()
    page.get_by_label("As soon as something is published").check()
    page.get_by_label("Area").select_option(label="Stockport (all wards)")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    accessible(page)
    [confirmation] = mail.outbox
    assert confirmation.to == [EMAIL]
    assert AlertSubscription.objects.get(email=EMAIL).confirmed_at is None

    [confirm] = links_in(confirmation, r"http://[^\s]+/alerts/confirm/[^\s]+/")
    page.goto(confirm)
    expect(page.get_by_role("heading", name="Confirm your email alerts")).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Confirm and start my alerts").click()
    expect(page.get_by_role("heading", name="Your email alerts have started")).to_be_visible()
    accessible(page)
    subscription = AlertSubscription.objects.get(email=EMAIL)
    assert subscription.confirmed_at is not None
    assert (subscription.area, subscription.frequency) == ("stockport", "immediate")

    mail.outbox.clear()
    here = scheduled_consultation("Stockport bus stops", "stockport")
    scheduled_consultation("Tower Hamlets markets", "tower-hamlets")
    call_command("publish_scheduled")
    # The regular alerts job, run as well, sends nothing a second time.
    call_command("send_alerts", "--immediate")

    [alert] = mail.outbox
    assert alert.to == [EMAIL]
    assert alert.subject == "New consultation: Stockport bus stops"
    assert "Tower Hamlets markets" not in alert.body
    assert AlertDelivery.objects.filter(subscription=subscription).count() == 1

    here.refresh_from_db()
    [consultation_link] = links_in(alert, r"http://[^\s]+/consultations/[^\s]+/")
    assert consultation_link == here.url
    page.goto(consultation_link)
    expect(page.get_by_role("heading", name="Stockport bus stops", level=1)).to_be_visible()

    [unsubscribe] = links_in(alert, r"http://[^\s]+/alerts/unsubscribe/[^\s]+/")
    assert alert.extra_headers["List-Unsubscribe"] == (
        f"<{settings.WAGTAILADMIN_BASE_URL}{unsubscribe}>"
    )
    page.goto(unsubscribe)
    expect(page.get_by_role("heading", name="Unsubscribe from email alerts")).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You have unsubscribed")).to_be_visible()
    accessible(page)
    assert not AlertSubscription.objects.filter(email=EMAIL).exists()
    assert not AlertDelivery.objects.exists()

    # The link in an old email still answers, and nothing more is sent.
    page.goto(unsubscribe)
    expect(page.get_by_role("heading", name="You have unsubscribed")).to_be_visible()
    mail.outbox.clear()
    scheduled_consultation("Stockport libraries", "stockport")
    call_command("publish_scheduled")
    assert mail.outbox == []


def test_a_mail_programs_one_click_unsubscribe_needs_no_page(page, demo):
    """RFC 8058: the mail program posts to the List-Unsubscribe address by itself."""
    mail.outbox.clear()
    page.goto("/alerts/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("New consultations").check()
    page.get_by_label("As soon as something is published").check()
    page.get_by_label("Area").select_option(label="Stockport (all wards)")
    page.get_by_role("button", name="Subscribe").click()
    [confirm] = links_in(mail.outbox[-1], r"http://[^\s]+/alerts/confirm/[^\s]+/")
    page.goto(confirm)
    page.get_by_role("button", name="Confirm and start my alerts").click()
    mail.outbox.clear()
    scheduled_consultation("Stockport bus stops", "stockport")
    call_command("publish_scheduled")
    [alert] = mail.outbox
    header = alert.extra_headers["List-Unsubscribe"].strip("<>")
    response = page.request.post(
        header.removeprefix(settings.WAGTAILADMIN_BASE_URL),
        form={"List-Unsubscribe": "One-Click"},
    )
    assert response.status == 200
    assert not AlertSubscription.objects.filter(email=EMAIL).exists()
