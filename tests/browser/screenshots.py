"""`make screenshots`: pictures of the main screens for the README, taken with the same
browser set-up as the tests. Not collected by the test run (the name does not start
with test_); run it directly: pytest tests/browser/screenshots.py."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from consultation_blocks.models import ConsultationPage
from consultation_blocks.services.comments import post_comment
from home.demo.responses import PORTAL_SLUG, SERIES_SLUG

from .support import (
    BROWSER_TEST,
    OPEN,
    ROOT,
    WELSH_OPEN,
    go_through_survey_steps,
    submit_empty_comment,
)
from .test_journeys import sign_in

pytestmark = BROWSER_TEST

OUTPUT = ROOT / "docs" / "screenshots"
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 375, "height": 812}}


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def screen(request, new_context):
    page = new_context(viewport=WIDTHS[request.param], device_scale_factor=1).new_page()
    OUTPUT.mkdir(parents=True, exist_ok=True)

    def capture(name, **options):
        page.screenshot(path=Path(OUTPUT, f"{name}-{request.param}.png"), **options)

    return page, capture


def test_home(screen, demo):
    page, capture = screen
    page.goto("/")
    capture("home")


def test_consultation_with_its_survey(screen, demo):
    page, capture = screen
    page.goto(OPEN)
    page.locator(".app-survey").scroll_into_view_if_needed()
    capture("consultation")


def test_comment_form_with_errors(screen, demo):
    page, capture = screen
    page.goto(OPEN)
    submit_empty_comment(page)
    page.locator(".govuk-error-summary").scroll_into_view_if_needed()
    capture("comment-errors")


def test_welsh_consultation(screen, demo):
    page, capture = screen
    page.goto(WELSH_OPEN)
    capture("welsh-consultation")


def test_format_request_with_errors(screen, demo):
    page, capture = screen
    page.goto(OPEN + "other-formats/")
    page.locator("form[action$='/other-formats/'] button[type=submit]").click()
    page.locator(".govuk-error-summary").scroll_into_view_if_needed()
    capture("format-request-errors")


def test_consultations_with_filters(screen, demo):
    page, capture = screen
    page.goto("/consultations/?topic=engagement")
    capture("consultations-filtered")


def test_search_results(screen, demo):
    page, capture = screen
    page.goto("/search/?q=engagement")
    capture("search")


def test_moderation_queue(screen, demo):
    page, capture = screen
    consultation = ConsultationPage.objects.get(
        url_path__endswith="/how-should-we-engage-with-you/"
    )
    for name, body in [
        ("Priya", "Could the drop-in sessions move to the evening? I work days."),
        ("", "The online survey was easy to use on my phone."),
        ("Tom", "Please publish the results in plain English as well as the full report."),
    ]:
        post_comment(
            page=consultation,
            name=name,
            email="resident@example.com",
            body=body,
            anonymous=not name,
            allow_anonymous=True,
        )
    sign_in(page, "moderator", demo.password)
    page.goto("/admin/consultation_blocks/comment/")
    expect(
        page.get_by_role("checkbox", name=re.compile("Select the comment by Priya"))
    ).to_be_visible()
    capture("moderation-queue")


def test_survey_with_errors(screen, demo):
    page, capture = screen
    page.goto(OPEN)
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").scroll_into_view_if_needed()
    capture("survey-errors")


def test_survey_step_and_check_answers(screen, demo):
    page, capture = screen
    page.goto(OPEN)
    go_through_survey_steps(page, to="step")
    capture("survey-step")
    page.goto(OPEN)
    go_through_survey_steps(page, to="check")
    capture("survey-check-answers", full_page=True)


def sample_responses(consultation, count=24):
    """A spread of answers so the results page has something to chart."""
    from consultation_blocks.models import SurveyResponse
    from consultation_blocks.questions import AGREEMENT_SCALE
    from consultation_blocks.surveys import surveys_in

    survey = surveys_in(consultation.body)[0]
    by_kind = {q.kind: q for q in survey.questions}
    channels = ["online", "online", "online", "paper", "event"]
    for n in range(count):
        multiple = by_kind["multiple_choice"]
        SurveyResponse.objects.create(
            page=consultation,
            survey_id=survey.id,
            channel=channels[n % len(channels)],
            answers={
                by_kind["long_text"].id: f"Sample view number {n + 1}.",
                by_kind["agreement"].id: AGREEMENT_SCALE[n % 4][0],
                by_kind["rating"].id: 1 + (n * 7) % 5,
                multiple.id: {
                    "choices": [multiple.options[n % 3][0], multiple.options[5][0]],
                    "other": "",
                },
                by_kind["yes_no"].id: "yes" if n % 3 == 0 else "no",
                by_kind["consent"].id: True,
            },
        )
    return survey


def test_results_with_charts(screen, demo):
    page, capture = screen
    consultation = ConsultationPage.objects.get(
        url_path__endswith="/how-should-we-engage-with-you/"
    )
    survey = sample_responses(consultation)
    sign_in(page, "editor", demo.password)
    # Open at the first chart; the admin scrolls inside its own container.
    agreement = next(q for q in survey.questions if q.kind == "agreement")
    page.goto(f"/admin/consultations/{consultation.pk}/results/{survey.id}/#q-{agreement.id}")
    page.wait_for_timeout(300)
    capture("results")


def test_forward_plan_calendar(screen, demo):
    page, capture = screen
    page.goto("/forward-plan/calendar/")
    capture("forward-plan-calendar")


def test_decision_record(screen, demo):
    page, capture = screen
    page.goto("/decisions/I068121/")
    capture("decision")


def test_indicator_dashboard(screen, demo):
    page, capture = screen
    page.goto("/partnership-dashboard/")
    capture("indicator-dashboard")


def test_network_body(screen, demo):
    page, capture = screen
    page.goto("/network-meetings/pen-forum/")
    capture("network-body")


def test_meeting_registration(screen, demo):
    page, capture = screen
    page.goto("/network-meetings/pen-conference/workshop-closing-the-feedback-loop/register/")
    capture("meeting-registration")


WRITTEN_VIEWS = {
    "parking": "Parking near the shops is hard; more spaces and cheaper permits would help.",
    "parks": "The park needs more benches, trees and a safer playground for children.",
    "bins": "Bins are collected late and recycling is missed; litter builds up on the street.",
}


def test_themes_in_written_answers(screen, demo):
    """Themes found in written answers (the demo has no responses; these are made up
    for the picture, three subjects in a few wordings each)."""
    from consultation_blocks.models import SurveyResponse
    from consultation_blocks.services.themes import discover_themes
    from consultation_blocks.surveys import surveys_in

    page, capture = screen
    consultation = ConsultationPage.objects.get(
        url_path__endswith="/how-should-we-engage-with-you/"
    )
    survey = surveys_in(consultation.body)[0]
    question = next(q for q in survey.questions if q.kind == "long_text")
    openings = ["", "Please: ", "In my view, ", "Honestly, "]
    for opening in openings:
        for text in WRITTEN_VIEWS.values():
            SurveyResponse.objects.create(
                page=consultation, survey_id=survey.id, answers={question.id: opening + text}
            )
    discover_themes(page=consultation, survey_id=survey.id, question_id=question.id, count=3)
    sign_in(page, "editor", demo.password)
    page.goto(f"/admin/consultations/{consultation.pk}/results/{survey.id}/themes/{question.id}/")
    page.wait_for_timeout(300)
    capture("themes")


def test_published_responses(screen, demo):
    """Responses residents allowed to be published, after a moderator's redaction (made
    up for the picture: the demo holds no responses)."""
    from django.contrib.auth import get_user_model

    from consultation_blocks.models import PublicationChoice, SurveyResponse
    from consultation_blocks.services.publication import publish_response
    from consultation_blocks.surveys import surveys_in

    page, capture = screen
    consultation = ConsultationPage.objects.get(
        url_path__endswith="/how-should-we-engage-with-you/"
    )
    survey = surveys_in(consultation.body)[0]
    question = next(q for q in survey.questions if q.kind == "long_text")
    moderator = get_user_model().objects.get(username="moderator")
    for name, text in [
        ("Sam (demo)", "Evening drop-ins at the library would let me take part after work."),
        ("", "Please send the summary in plain English before the meeting, not after."),
    ]:
        response = SurveyResponse.objects.create(
            page=consultation,
            survey_id=survey.id,
            answers={question.id: text},
            publication=PublicationChoice.WITH_NAME if name else PublicationChoice.WITHOUT_NAME,
            publication_name=name,
        )
        publish_response(
            response=response,
            answers=[(question.id, question.label, text)],
            name=name,
            user=moderator,
        )
    page.goto(OPEN + "responses/")
    capture("published-responses")


def test_panel_join_form(screen, demo):
    page, capture = screen
    page.goto("/panel/join/")
    capture("panel-join")


def test_panel_make_up(screen, demo):
    page, capture = screen
    sign_in(page, "moderator", demo.password)
    page.goto("/admin/panel/?area=tameside#under-heading")
    page.wait_for_timeout(300)
    capture("panel-make-up")


def test_survey_condition_chooser(screen, demo):
    """The survey editor's "Show only if": the earlier question and its answer chosen
    from lists, on a new question added for the picture (in the test database only)."""
    page, capture = screen
    consultation = ConsultationPage.objects.get(
        url_path__endswith="/how-should-we-engage-with-you/"
    )
    sign_in(page, "editor", demo.password)
    page.goto(f"/admin/pages/{consultation.pk}/edit/", wait_until="domcontentloaded")
    questions = page.locator("[data-contentpath='body'] [data-contentpath='questions']")
    questions.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Long text").click()
    questions.locator("[data-contentpath='label'] input").last.fill(
        "What would have made it easier to take part?"
    )
    condition = questions.locator("[data-contentpath='condition']").last
    condition.locator("[data-contentpath='question'] select").select_option(
        label="Have you taken part in a consultation or engagement event in the last year?"
    )
    condition.locator("[data-contentpath='option'] select").select_option(label="Yes")
    label = questions.locator("[data-contentpath='label'] input").last
    label.evaluate("input => input.blur()")
    # The new question from its kind to its condition, below the editor's sticky header:
    # a taller window than the other pictures, so all of it shows.
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": 1000 if width > 600 else 1400})
    label.evaluate("input => input.closest('section').scrollIntoView({block: 'start'})")
    page.mouse.wheel(0, -70)
    page.wait_for_timeout(500)
    capture("survey-condition-chooser")


def test_alerts_form(screen, demo):
    page, capture = screen
    page.goto("/alerts/")
    capture("alerts")


def test_contact_sign_up(screen, demo):
    page, capture = screen
    page.goto("/contact-me/")
    capture("contact-me")


def test_you_said_we_did_register(screen, demo):
    page, capture = screen
    page.goto("/you-said-we-did/")
    capture("you-said-we-did")


def test_survey_series_trends(screen, demo):
    page, capture = screen
    page.goto(f"/survey-series/{SERIES_SLUG}/")
    capture("survey-series")


def test_who_we_heard_from(screen, demo):
    """The demo's closed Stockport consultation, whose fictional responses the demo seeds."""
    page, capture = screen
    consultation = ConsultationPage.objects.get(slug=PORTAL_SLUG, locale__language_code="en-gb")
    sign_in(page, "moderator", demo.password)
    page.goto(f"/admin/consultations/{consultation.pk}/who-we-heard-from/")
    capture("who-we-heard-from")
