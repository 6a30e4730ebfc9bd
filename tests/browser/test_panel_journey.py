"""A resident joins the citizens' panel, confirms by the emailed link, changes what
they told us on their own page, and later erases their data through the personal-data
link: with JavaScript (every page on the way, each email-confirmation state included,
passing axe-core) and without it."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from consultation_blocks.models import PanelMember, PanelMemberStatus

from .support import BROWSER_TEST, axe_violations

pytestmark = BROWSER_TEST

EMAIL = "panel.resident@example.org"


def link_in(pattern):
    for message in reversed(mail.outbox):
        match = re.search(pattern, message.body)
        if match:
            return match.group(0).removeprefix(settings.WAGTAILADMIN_BASE_URL)
    raise AssertionError(f"No email holds {pattern}")


@pytest.fixture(params=["with JavaScript", "without JavaScript"])
def resident(request, new_context):
    """A browser page, and whether it runs JavaScript (axe-core needs it to run)."""
    scripts = request.param == "with JavaScript"
    return new_context(java_script_enabled=scripts).new_page(), scripts


def test_a_resident_joins_the_panel_and_later_erases_their_data(resident, demo):
    page, scripts = resident

    def accessible():
        if scripts:
            assert axe_violations(page) == [], page.url

    mail.outbox.clear()
    page.goto("/consultations/")
    page.get_by_role("link", name="Join the citizens' panel").click()
    expect(page.get_by_role("heading", name="Join the citizens' panel")).to_be_visible()
    accessible()
    # Sending nothing shows every problem in the error summary.
    page.get_by_role("button", name="Join the panel").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Enter your email address")).to_be_visible()
    expect(
        summary.get_by_role("link", name="Tick the box to agree to how we use your details")
    ).to_be_visible()
    accessible()

    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Your name (optional)").fill("Panel Resident")
    page.get_by_label("Where do you live? (optional)").select_option(label="Hyde, Tameside")
    page.get_by_label("The first part of your postcode (optional)").fill("sk14")
    page.get_by_role("group", name="What is your age?").get_by_label("25 to 34").check()
    page.get_by_role("group", name="What is your ethnic group?").get_by_label(
        "Prefer not to say"
    ).check()
    page.get_by_label("I agree to join the panel").check()
    page.get_by_role("button", name="Join the panel").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    accessible()
    member = PanelMember.objects.get(email=EMAIL)
    assert member.status == PanelMemberStatus.PENDING
    assert member.equality_profile == {"age": "25_34", "ethnicity": "prefer_not"}

    page.goto(link_in(r"http://[^\s]+/panel/confirm/[^\s]+/"))
    accessible()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="You are on the citizens' panel")).to_be_visible()
    accessible()
    member.refresh_from_db()
    assert member.status == PanelMemberStatus.CONFIRMED

    page.get_by_role("link", name="See or change what you told us").click()
    expect(page.get_by_role("heading", name="Your citizens' panel page")).to_be_visible()
    accessible()
    page.get_by_role("group", name="What is your sex?").get_by_label("Female").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    accessible()
    member.refresh_from_db()
    assert member.equality_profile["sex"] == "female"

    page.get_by_role("link", name="See, download or erase everything we hold about you").click()
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(link_in(r"http://[^\s]+/my-data/[^\s]+/"))
    expect(page.get_by_role("heading", name="What we hold about you")).to_be_visible()
    expect(page.get_by_text("Panel Resident")).to_be_visible()
    accessible()
    with page.expect_download() as download:
        page.get_by_role("link", name="as JSON").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    [record] = data["sources"]["panel_members"]["records"]
    assert record["postcode_district"] == "SK14" and record["area"] == "Hyde"

    page.get_by_role("button", name="Erase my data").click()
    page.get_by_role("button", name="Yes, erase my data").click()
    expect(page.get_by_role("heading", name="Your data has been erased")).to_be_visible()
    accessible()
    member.refresh_from_db()
    assert member.status == PanelMemberStatus.LEFT
    assert (member.email, member.name, member.equality_profile) == ("", "", {})


def test_the_leave_link_in_the_email_ends_membership_in_one_click(page, demo):
    mail.outbox.clear()
    page.goto("/panel/join/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("I agree to join the panel").check()
    page.get_by_role("button", name="Join the panel").click()
    page.goto(link_in(r"http://[^\s]+/panel/confirm/[^\s]+/"))
    page.get_by_role("button", name="Confirm").click()
    page.goto(link_in(r"http://[^\s]+/panel/leave/[^\s]+/"))
    expect(page.get_by_role("heading", name="Leave the citizens' panel")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Leave the panel").click()
    expect(page.get_by_role("heading", name="You have left the citizens' panel")).to_be_visible()
    assert axe_violations(page) == []
    assert not PanelMember.objects.filter(email=EMAIL).exists()
    assert PanelMember.objects.filter(status=PanelMemberStatus.LEFT).count() == 1
