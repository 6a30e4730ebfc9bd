"""Residents' and editors' journeys through the real site, one test each (issue 7).

Journeys 1, 2, 3 and 6 need the survey form, its error handling and the results pages,
which are being built separately; they belong here, as:

- test_resident_finds_and_answers_a_survey (1): home → navigation and search → the
  open consultation → every question kind → confirmation; the response is stored.
- test_resident_answers_a_survey_without_javascript (2): journey 1 with JavaScript off.
- test_resident_corrects_survey_errors (3): error summary links to each field; correct,
  send.
- test_editor_downloads_the_results (6): results page and CSV export holding journey 1's
  response.
"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from consultation_blocks.models import Comment, CommentState, ConsultationPage
from home.demo.blocks import you_said_we_did
from tests.workflow_support import admin_datetime

from .support import BROWSER_TEST, OPEN

pytestmark = BROWSER_TEST


def sign_in(page, username, password):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_a_comment_appears_once_a_moderator_approves_it(new_context, demo):
    resident = new_context().new_page()
    resident.goto(OPEN)
    form = resident.locator("form[action$='/comments/']")
    form.get_by_label("Your name").fill("Jo Resident")
    form.get_by_label("Email address").fill("jo@example.com")
    form.get_by_label("Your comment").fill("Please hold a session in Hyde library.")
    form.get_by_role("button", name="Send comment for moderation").click()
    assert resident.get_by_text(
        "your comment will appear once a moderator has checked it"
    ).is_visible()
    resident.reload()
    comments = resident.locator("#comments")
    assert comments.get_by_text("Please hold a session in Hyde library.").count() == 0

    moderator = new_context().new_page()
    sign_in(moderator, "moderator", demo.password)
    moderator.get_by_role("link", name=re.compile(r"^Moderation queue")).first.click()
    moderator.get_by_role("checkbox", name=re.compile(r"Select the comment by Jo Resident")).check()
    moderator.get_by_label("Action").select_option(label="Approve")
    moderator.get_by_role("button", name="Apply to selected").click()
    expect(moderator.get_by_text("1 item(s) updated.")).to_be_visible()
    assert Comment.objects.get(name="Jo Resident").state == CommentState.APPROVED

    resident.reload()
    assert comments.get_by_text("Please hold a session in Hyde library.").is_visible()
    assert comments.get_by_text("Jo Resident").first.is_visible()


def test_an_editor_builds_a_consultation_that_goes_live_once_approved(new_context, demo):
    now = timezone.localtime()
    editor = new_context().new_page()
    sign_in(editor, "editor", demo.password)
    index = ConsultationPage.objects.first().get_parent()
    editor.goto(f"/admin/pages/{index.pk}/")
    editor.get_by_role("link", name=re.compile(r"^Add child page")).first.click()

    # The consultations index takes only consultation pages, so the editor opens at once.
    editor.locator("#id_title").fill("Sunday opening at Hyde library")
    editor.locator("#id_summary").fill("Should Hyde library open on Sundays? Tell us.")
    editor.locator("#id_opens_at").fill(admin_datetime(now - datetime.timedelta(days=1)))
    editor.keyboard.press("Escape")
    editor.locator("#id_closes_at").fill(admin_datetime(now + datetime.timedelta(days=40)))
    editor.keyboard.press("Escape")
    body = editor.locator("[data-contentpath='body']")
    body.get_by_role("button", name="Insert a block").first.click()
    editor.get_by_role("option", name="Survey").click()
    body.locator("[data-contentpath='heading'] input").fill("Tell us what you think")
    body.locator("[data-contentpath='privacy_notice'] [contenteditable='true']").click()
    editor.keyboard.type("We keep your answers for a year, then delete them.")
    questions = body.locator("[data-contentpath='questions']")
    questions.get_by_role("button", name="Insert a block").first.click()
    editor.get_by_role("option", name="Long text").click()
    questions.locator("[data-contentpath='label'] input").fill(
        "What would Sunday opening change for you?"
    )

    editor.get_by_role("tab", name="Gunning principles").click()
    editor.get_by_role("checkbox", name="The proposals are still at a formative stage").check()
    editor.locator("#id_proposal").fill("We propose to open on Sundays, 10am to 4pm.")
    editor.locator("#id_what_can_change").fill("The hours, and which Sundays.")
    editor.locator("#id_what_cannot_change").fill("The library's budget.")
    editor.locator("#id_how_responses_used").fill("The board reads a summary of them all.")
    editor.locator("#id_decision_expected").fill(
        (now + datetime.timedelta(days=90)).date().isoformat()
    )
    editor.keyboard.press("Escape")
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Submit to Partnership approval").click()
    expect(editor.get_by_text("submitted for moderation")).to_be_visible()
    consultation = ConsultationPage.objects.get(title="Sunday opening at Hyde library")
    assert not consultation.live

    moderator = new_context().new_page()
    sign_in(moderator, "moderator", demo.password)
    moderator.get_by_role("link", name="Sunday opening at Hyde library").first.click()
    moderator.get_by_role("button", name="More actions").click()
    moderator.get_by_role("button", name="Approve", exact=True).click()
    expect(
        moderator.get_by_text("Page 'Sunday opening at Hyde library' has been updated.")
    ).to_be_visible()
    consultation.refresh_from_db()
    assert consultation.live

    resident = new_context().new_page()
    resident.goto("/search/?q=Sunday+opening")
    resident.get_by_role("link", name="Sunday opening at Hyde library").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Sunday opening at Hyde library")
    expect(resident.get_by_role("heading", name="Tell us what you think")).to_be_visible()


def republish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_a_closed_consultation_says_so_and_later_shows_what_was_done(page, demo):
    consultation = ConsultationPage.objects.get(
        url_path__endswith="/how-should-we-engage-with-you/"
    )
    page.goto(OPEN)
    assert page.locator("form[action$='/comments/']").is_visible()

    # The closing date passes.
    republish(consultation, closes_at=timezone.now() - datetime.timedelta(minutes=1))
    page.reload()
    closed = page.get_by_role("heading", name="This consultation has closed")
    assert closed.is_visible()
    assert page.locator("form[action$='/comments/']").count() == 0
    assert page.get_by_text("Comments are closed.").is_visible()
    assert page.get_by_role("heading", name="We asked, you said, we did").count() == 0

    # The partnership decides and publishes the outcome.
    republish(
        consultation,
        outcome_summary="We will hold engagement events in the evening as well as the day.",
        outcome_body=[
            you_said_we_did(
                [
                    (
                        "Daytime meetings shut out people who work.",
                        "Half our events are now after 6pm.",
                    )
                ]
            )
        ],
        outcome_published_at=timezone.now(),
    )
    page.reload()
    assert page.get_by_role("heading", name="We asked, you said, we did").is_visible()
    assert page.get_by_role("heading", name="You said, we did", exact=True).is_visible()
    assert page.get_by_text("Daytime meetings shut out people who work.").is_visible()
    assert page.get_by_text("Half our events are now after 6pm.").is_visible()
    assert closed.count() == 0
