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
