"""A resident registers for the PEN Forum's next meeting with access needs, in a real
browser against the seeded demo: from the meeting's page to the confirmation, with the
email and its calendar file, and the same without JavaScript."""

import re

from django.core import mail
from playwright.sync_api import expect

from consultation_blocks.models import MeetingPage, NetworkBodyPage, Registration

from .support import BROWSER_TEST

pytestmark = BROWSER_TEST


def next_forum_meeting():
    forum = NetworkBodyPage.objects.get(slug="pen-forum")
    return MeetingPage.objects.child_of(forum).order_by("-starts_at").first()


def register(page, meeting, email):
    page.goto(meeting.url)
    page.get_by_role("button", name=re.compile("^Register")).click()
    expect(page.get_by_role("heading", name=meeting.title)).to_be_visible()
    page.get_by_label("Full name").fill("Kit Example")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Organisation or group (optional)").fill("Action Together")
    page.get_by_label("Carers").check()
    page.get_by_label("Access needs (optional)").fill("British Sign Language interpreter")
    page.get_by_label("Dietary needs (optional)").fill("Vegan")
    page.get_by_label("I agree to my details being used as described above").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="You are registered")).to_be_visible()


def test_a_resident_registers_for_a_forum_meeting_with_access_needs(page, demo):
    meeting = next_forum_meeting()
    mail.outbox.clear()
    register(page, meeting, "kit.example@example.org")
    registration = Registration.objects.get(email="kit.example@example.org")
    assert registration.access_needs == "British Sign Language interpreter"
    assert registration.invitee.organisation == "Action Together"
    (message,) = [m for m in mail.outbox if m.to == ["kit.example@example.org"]]
    assert "British Sign Language interpreter" in message.body
    assert message.attachments[0][0] == "event.ics"


def test_a_resident_registers_without_javascript(new_context, demo):
    page = new_context(java_script_enabled=False).new_page()
    meeting = next_forum_meeting()
    register(page, meeting, "kit.nojs@example.org")
    assert Registration.objects.filter(email="kit.nojs@example.org", status="confirmed").exists()
