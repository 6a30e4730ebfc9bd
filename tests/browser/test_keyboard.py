"""Keyboard only: every control is reachable with Tab, shows where focus is, and nothing
traps focus."""

import pytest
from playwright.sync_api import expect

from consultation_blocks.models import Comment, CommentState

from .support import (
    BROWSER_TEST,
    OPEN,
    page_ids,
    pages_named,
    responses_to_the_open_consultation,
    tab,
    tab_to,
)

pytestmark = BROWSER_TEST


def test_resident_comments_with_the_keyboard_alone(page, demo):
    page.goto(OPEN)

    tab_to(page, lambda focused: focused["name"] == "name")
    page.keyboard.type("Sam Keys")
    tab_to(page, lambda focused: focused["name"] == "email")
    page.keyboard.type("sam@example.com")
    tab_to(page, lambda focused: focused["name"] == "body")
    page.keyboard.type("Evening drop-in sessions would help carers like me.")
    button = tab_to(page, lambda focused: focused["tag"] == "button")
    assert button["text"] == "Send comment for moderation"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(
        page.get_by_text("your comment will appear once a moderator has checked it")
    ).to_be_visible()
    comment = Comment.objects.get(name="Sam Keys")
    assert comment.state == CommentState.PENDING
    assert comment.body == "Evening drop-in sessions would help carers like me."


def press_button(page, text):
    button = tab_to(page, lambda focused: focused["tag"] == "button" and focused["text"] == text)
    assert button["visibleFocus"]
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_resident_answers_the_survey_with_the_keyboard_alone(page, demo):
    from consultation_blocks.forms.surveys import question_field_name
    from consultation_blocks.models import ConsultationPage
    from consultation_blocks.surveys import surveys_in

    consultation = ConsultationPage.objects.get(
        url_path__endswith="/how-should-we-engage-with-you/"
    )
    survey = surveys_in(consultation.body)[0]
    page.goto(OPEN)
    # Step by step, required questions in order: type into text, Space to choose a
    # radio (its first answer: "Yes" shows the step about taking part) or tick a box.
    for step in survey.steps:
        expect(page.locator(".app-survey__progress")).to_contain_text(f"Step {step.number} of")
        for question in survey.questions:
            if question.id not in step.question_ids or not question.required:
                continue
            name = question_field_name(question)
            tab_to(page, lambda focused, name=name: focused["name"] == name)
            if question.is_free_text:
                page.keyboard.type("Said with the keyboard alone.")
            else:
                page.keyboard.press("Space")
        press_button(page, "Continue")
    press_button(page, "Continue")  # the questions about the resident are optional
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    press_button(page, "Send my response")
    expect(page.get_by_role("heading", name="Response received")).to_be_visible()
    assert (
        "Said with the keyboard alone."
        in responses_to_the_open_consultation().get().answers.values()
    )


def test_error_summary_links_take_keyboard_users_to_the_fields(page, demo):
    page.goto(OPEN)
    tab_to(page, lambda focused: focused["tag"] == "button" and "comment" in focused["text"])
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # GOV.UK's script moves focus to the summary; its first link leads to the field.
    summary_link = tab_to(page, lambda focused: focused["tag"] == "a")
    assert summary_link["text"] == "Enter your name, or choose to post without it"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "name"


SAMPLE = pages_named(
    "home", "consultation open", "consultation index with filters", "search results"
)


@pytest.mark.parametrize("public_page", SAMPLE, ids=page_ids(SAMPLE))
def test_tabbing_reaches_the_footer_without_a_trap(page, demo, public_page):
    page.goto(public_page.path)
    seen = set()
    for _ in range(400):
        focused = tab(page)
        assert focused is not None, "Focus left the page before reaching the footer"
        assert focused["visibleFocus"], f"No visible focus on {focused['key']}"
        if focused["inFooter"]:
            break
        # Coming back to an element before the footer means focus is going round in circles.
        assert focused["key"] not in seen, f"Focus came back to {focused['key']}"
        seen.add(focused["key"])
    else:
        raise AssertionError("Tab never reached the footer")
