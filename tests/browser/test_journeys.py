"""Residents' and editors' journeys through the real site, one test each:

1. a resident finds the open consultation and answers every kind of question, step by
   step, checking their answers before sending;
2. the same with JavaScript switched off, going Back and changing an answer;
3. a resident corrects the errors each step of the survey points out;
4. a comment appears once a moderator approves it;
5. an editor builds a consultation that goes live once approved and can be searched;
6. an editor reads the results and downloads the CSV with journey 1's answers;
7. a closed consultation says so, and later shows what was done.
"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from consultation_blocks.forms.surveys import short_label
from consultation_blocks.models import Comment, CommentState, ConsultationPage
from home.demo.blocks import you_said_we_did
from tests.workflow_support import admin_datetime

from .support import BROWSER_TEST, OPEN, responses_to_the_open_consultation

pytestmark = BROWSER_TEST


def sign_in(page, username, password):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


VISION = "What do you think of our vision and objectives for engagement?"
AGREEMENT = "Partners start conversations with residents early enough to shape their plans."
RATING = "How well do partners tell you what changed after you took part?"
WAYS = "How would you like to take part?"
HEARD = "How did you hear about this consultation?"
RANKING = "Rank these ways of hearing what changed because of your views"
TAKEN_PART = "Have you taken part in a consultation or engagement event in the last year?"


def group(page, legend):
    return page.get_by_role("group", name=re.compile("^" + re.escape(legend)))


def next_step(page, progress):
    """Continue, and check the resident is told where they are."""
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".app-survey__progress")).to_have_text(progress)


def answer_every_question(
    page, *, javascript=True, vision="Clear, but say more about reaching young carers."
):
    """Answer the demo's open survey, in its steps: one question of every kind, the
    step shown only to those who took part before, the questions about the resident,
    then check every answer and send it."""
    survey = page.locator("form.app-survey__form")
    expect(survey.locator(".app-survey__progress")).to_have_text(re.compile(r"^Step 1 of \d+$"))
    survey.get_by_label(VISION).fill(vision)
    next_step(page, re.compile(r"^Step 2 of \d+$"))
    group(page, AGREEMENT).get_by_label("Agree", exact=True).check()
    group(page, RATING).get_by_label("4", exact=True).check()
    ways = group(page, WAYS)
    ways.get_by_label("Online surveys").check()
    ways.get_by_label("Other").check()
    ways.get_by_label("Please specify").fill("Drop-in sessions at the market")
    group(page, HEARD).get_by_label("A community group").check()
    ranking = group(page, RANKING)
    for position, option in enumerate(
        [
            "A 'You said, we did' page",
            "An email to me",
            "The residents' newsletter",
            "Social media",
            "A public meeting",
        ],
        start=1,
    ):
        ranking.get_by_label(option, exact=True).select_option(str(position))
    next_step(page, re.compile(r"^Step 3 of \d+$"))
    if not javascript:
        # Back keeps what was answered on the step before.
        page.get_by_role("button", name="Back").click()
        expect(page.locator(".app-survey__progress")).to_have_text(re.compile(r"^Step 2 of"))
        expect(group(page, WAYS).get_by_label("Online surveys")).to_be_checked()
        expect(group(page, WAYS).get_by_label("Please specify")).to_have_value(
            "Drop-in sessions at the market"
        )
        next_step(page, re.compile(r"^Step 3 of \d+$"))
    group(page, TAKEN_PART).get_by_label("Yes", exact=True).check()
    # Having taken part, the resident is asked about it on a step of its own.
    next_step(page, "Step 4 of 6")
    page.get_by_label(re.compile("^How many consultations")).fill("3")
    last_time = group(page, "When did you last take part")
    last_time.get_by_label("Day").fill("14")
    last_time.get_by_label("Month").fill("9")
    last_time.get_by_label("Year").fill("2026")
    next_step(page, "Step 5 of 6")
    page.get_by_label(re.compile("^What is your postcode")).fill("sk13 8ax")
    page.get_by_label(re.compile("^If you would like to join our citizens")).fill(
        "panel@example.com"
    )
    group(page, "Using your answers").get_by_label(re.compile("^I understand")).check()
    next_step(page, "Step 6 of 6")
    group(page, "What is your age?").get_by_label("35 to 44").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your response"
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text(["SK13 8AX"])


def assert_stored_response():
    response = responses_to_the_open_consultation().get()
    values = [str(value) for value in response.answers.values()]
    assert "Clear, but say more about reaching young carers." in values
    assert "SK13 8AX" in values
    assert "2026-09-14" in values
    assert "3" in values  # on the step shown only to those who took part before
    assert any("Drop-in sessions at the market" in value for value in values)
    assert response.channel == "online"


def test_a_resident_finds_the_open_consultation_and_answers_every_question(page, demo):
    page.goto("/")
    page.get_by_role("navigation", name=re.compile("Menu|Main|Primary", re.I)).get_by_role(
        "link", name="Consultations"
    ).first.click()
    expect(
        page.get_by_role("link", name="How should the partnership engage with you?")
    ).to_be_visible()

    # And the same consultation through search, from the header on any page.
    search_box = page.get_by_role("searchbox", name="Search this site")
    search_box.fill("engage with you")
    search_box.press("Enter")
    page.get_by_role(
        "link", name="How should the partnership engage with you?", exact=True
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How should the partnership engage with you?"
    )

    answer_every_question(page)
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_role("heading", name="Response received")).to_be_visible()
    assert_stored_response()


def test_a_resident_answers_the_survey_without_javascript(new_context, demo):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(OPEN)
    answer_every_question(page, javascript=False)
    # Change an answer from the check page, and come straight back to it.
    page.get_by_role("button", name=re.compile("^Change " + re.escape(VISION))).click()
    expect(page.locator(".app-survey__progress")).to_have_text(re.compile(r"^Step 1 of"))
    page.get_by_label(VISION).fill("Clear, but say more about reaching young carers.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your response"
    )
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_role("heading", name="Response received")).to_be_visible()
    assert_stored_response()


def test_a_resident_corrects_the_errors_the_survey_points_out(page, demo):
    page.goto(OPEN)
    page.get_by_role("button", name="Continue").click()

    # Each step is checked on its own: only its question is pointed out.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(summary.get_by_role("link")).to_have_text([f"Answer “{short_label(VISION)}”"])
    expect(page.locator(".app-survey__progress")).to_have_text(re.compile(r"^Step 1 of"))
    page.get_by_label(VISION).fill("Clear, but say more about reaching young carers.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    expect(summary.get_by_role("link")).to_have_text(
        [
            f"Choose an answer to “{short_label(AGREEMENT)}”",
            f"Choose an answer to “{short_label(RATING)}”",
            f"Choose at least one answer to “{short_label(WAYS)}”",
        ]
    )
    # Each link takes the resident to the question.
    summary.get_by_role("link", name=re.compile("Choose an answer to “Partners")).click()
    expect(group(page, AGREEMENT).get_by_label("Strongly agree", exact=True)).to_be_focused()
    assert responses_to_the_open_consultation().count() == 0

    # From the start again, with a postcode that is not one.
    page.goto(OPEN)
    answer_every_question(page)
    page.get_by_role("button", name=re.compile("^Change What is your postcode")).click()
    page.get_by_label(re.compile("^What is your postcode")).fill("not a postcode")
    page.get_by_role("button", name="Continue").click()
    expect(summary.get_by_role("link")).to_have_text(["Enter a real UK postcode, like SK1 3XE"])
    summary.get_by_role("link", name="Enter a real UK postcode, like SK1 3XE").click()
    expect(page.get_by_label(re.compile("^What is your postcode"))).to_be_focused()
    page.get_by_label(re.compile("^What is your postcode")).fill("SK13 8AX")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_role("heading", name="Response received")).to_be_visible()
    assert_stored_response()


def test_an_editor_reads_the_results_and_downloads_the_responses(page, new_context, demo):
    page.goto(OPEN)
    answer_every_question(page)
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_role("heading", name="Response received")).to_be_visible()

    editor = new_context().new_page()
    sign_in(editor, "editor", demo.password)
    editor.get_by_role("link", name="Consultations", exact=True).first.click()
    editor.get_by_role("link", name=re.compile("^Results for How should the partnership")).click()
    expect(editor.get_by_role("heading", name=re.compile("1 response$"))).to_be_visible()
    expect(editor.get_by_role("row", name=re.compile("^Agree 1 100.0%"))).to_be_visible()

    with editor.expect_download() as download:
        editor.get_by_role("link", name="Download CSV").click()
    path = download.value.path()
    text = open(path, encoding="utf-8-sig").read()
    assert VISION in text.splitlines()[0]
    assert "Clear, but say more about reaching young carers." in text
    assert "SK13 8AX" in text


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
    moderator.get_by_role("link", name=re.compile(r"^Moderation")).first.click()
    moderator.get_by_role("checkbox", name=re.compile(r"Select the comment by Jo Resident")).check()
    moderator.get_by_label("Action").select_option(label="Approve")
    moderator.get_by_role("button", name="Apply to selected").click()
    expect(moderator.get_by_text("Approved 1 item.")).to_be_visible()
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
    assert page.locator("form.app-survey__form").is_visible()

    # The closing date passes.
    republish(consultation, closes_at=timezone.now() - datetime.timedelta(minutes=1))
    page.reload()
    closed = page.get_by_role("heading", name="This consultation has closed")
    assert closed.is_visible()
    assert page.locator("form[action$='/comments/']").count() == 0
    assert page.get_by_text("Comments are closed.").is_visible()
    assert page.locator("form.app-survey__form").count() == 0  # the survey gives way too
    assert page.locator(".app-survey").get_by_text("This consultation has closed.").is_visible()
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
