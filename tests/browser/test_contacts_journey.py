"""A resident asks to be contacted, confirms by the emailed link, later asks what the
site holds about them, downloads it and erases it; every page on the way, each
email-confirmation state included, passes axe-core."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from consultation_blocks.models import Contact, SubjectAccessLog

from .support import BROWSER_TEST, axe_violations

pytestmark = BROWSER_TEST

EMAIL = "browser.resident@example.org"


def link_in(pattern):
    for message in reversed(mail.outbox):
        match = re.search(pattern, message.body)
        if match:
            return match.group(0).removeprefix(settings.WAGTAILADMIN_BASE_URL)
    raise AssertionError(f"No email holds {pattern}")


def accessible(page):
    assert axe_violations(page) == [], page.url


def test_a_resident_joins_the_contacts_list_and_later_erases_their_data(page, demo):
    mail.outbox.clear()
    page.goto("/contact-me/")
    accessible(page)
    page.get_by_label("Your name").fill("Browser Resident")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Carers", exact=True).check()
    page.get_by_role("button", name="Ask to be contacted").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    accessible(page)

    page.goto(link_in(r"http://[^\s]+/contact-me/confirm/[^\s]+/"))
    accessible(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="You are on our contacts list")).to_be_visible()
    accessible(page)
    assert Contact.objects.get(email=EMAIL).confirmed_at is not None

    page.get_by_role("link", name="See, download or erase what we hold about you").click()
    accessible(page)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    accessible(page)

    page.goto(link_in(r"http://[^\s]+/my-data/[^\s]+/"))
    expect(page.get_by_role("heading", name="What we hold about you")).to_be_visible()
    expect(page.get_by_text("Browser Resident")).to_be_visible()
    accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="as JSON").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["sources"]["contacts"]["records"][0]["name"] == "Browser Resident"

    page.get_by_role("button", name="Erase my data").click()
    expect(
        page.get_by_role("heading", name="Are you sure you want to erase your data?")
    ).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Yes, erase my data").click()
    expect(page.get_by_role("heading", name="Your data has been erased")).to_be_visible()
    accessible(page)
    assert not Contact.objects.filter(email=EMAIL).exists()
    assert list(SubjectAccessLog.objects.values_list("action", flat=True).order_by("pk")) == [
        "view",
        "export_json",
        "erase",
    ]
