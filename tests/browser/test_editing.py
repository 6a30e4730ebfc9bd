"""Editors' work in the page editor is never lost to Wagtail's autosave.

Wagtail saves the editor form in the background a moment after each change. An
autosave that is still running on the server when the editor clicks "Save draft" used
to land after the manual save and replace it with what the form held when the autosave
began. The test makes the autosave slow on purpose, as it is on a busy server with a
long page, so that the two always overlap.
"""

import re
import threading

import pytest
from playwright.sync_api import expect
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page

from consultation_blocks.models import ConsultationPage

from .support import BROWSER_TEST
from .test_journeys import sign_in

pytestmark = BROWSER_TEST

LABEL = "What would make the library easier to reach for you?"
# "Show only if" is chosen from lists of the questions above and their answers.
CONDITION_QUESTION = "Have you taken part in a consultation or engagement event in the last year?"
CONDITION_ANSWER = "Yes"
# How long a held autosave waits for a manual save that may never come while it runs.
SLOW_AUTOSAVE_SECONDS = 8


@pytest.fixture
def slow_autosaves(monkeypatch):
    """Hold each autosave on the server, after Wagtail has checked that the form is up to
    date and before it writes, until a manual save has been written and the editor has
    reopened; or for a few seconds when no manual save comes."""
    manual_save_written = threading.Event()
    editor_reopened = threading.Event()
    save_action, get = EditView.save_action, EditView.get

    def slow_save_action(view):
        if view.expects_json_response:
            if manual_save_written.wait(SLOW_AUTOSAVE_SECONDS):
                editor_reopened.wait(SLOW_AUTOSAVE_SECONDS)
            return save_action(view)
        response = save_action(view)
        manual_save_written.set()
        return response

    def reopen(view, request, *args, **kwargs):
        # Rendered here, so the editor has finished reading before the autosave writes:
        # the server's threads share one connection to SQLite's test database.
        response = get(view, request, *args, **kwargs).render()
        if manual_save_written.is_set():
            editor_reopened.set()
        return response

    monkeypatch.setattr(EditView, "save_action", slow_save_action)
    monkeypatch.setattr(EditView, "get", reopen)
    return manual_save_written


def is_autosave(request):
    return (
        request.method == "POST"
        and request.url.endswith("/edit/")
        and request.headers.get("accept") == "application/json"
    )


def test_an_editors_new_question_survives_saving_a_draft_during_an_autosave(
    page, demo, slow_autosaves
):
    consultation = ConsultationPage.objects.get(
        url_path__endswith="/how-should-we-engage-with-you/"
    )
    sign_in(page, "editor", demo.password)
    # The editor's own scripts are what matter; don't wait for avatars from outside.
    page.goto(f"/admin/pages/{consultation.pk}/edit/", wait_until="domcontentloaded")

    questions = page.locator("[data-contentpath='body'] [data-contentpath='questions']")
    questions.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Long text").click()
    questions.locator("[data-contentpath='label'] input").last.fill(LABEL)
    # Wagtail autosaves when its unsaved-changes tracker reports a change; headless
    # Chromium does not always get that far, so report the change as the tracker does
    # (the edit template wires `w-unsaved:add` to `w-autosave#save`). The autosave
    # then carries the new question with its label and no condition yet. (An autosave
    # started while the editor opened may still be held: wait it out.)
    with page.expect_request(is_autosave, timeout=(SLOW_AUTOSAVE_SECONDS + 20) * 1000):
        page.evaluate(
            "document.querySelector('form[data-controller~=\"w-autosave\"]')"
            ".dispatchEvent(new CustomEvent('w-unsaved:add', {bubbles: true, cancelable: true}))"
        )
    condition = questions.locator("[data-contentpath='condition']").last
    condition.locator("[data-contentpath='question'] select").select_option(
        label=CONDITION_QUESTION
    )
    condition.locator("[data-contentpath='option'] select").select_option(label=CONDITION_ANSWER)
    page.get_by_role("button", name="Save draft").click()
    # The save may wait for the held autosave to give up.
    expect(page.get_by_text(re.compile(r"Page '.+' has been updated\."))).to_be_visible(
        timeout=(SLOW_AUTOSAVE_SECONDS + 20) * 1000
    )
    assert slow_autosaves.is_set()

    # Anything still running in the background has had time to finish.
    page.wait_for_timeout(SLOW_AUTOSAVE_SECONDS * 1000)
    page.reload(wait_until="domcontentloaded")
    questions = page.locator("[data-contentpath='body'] [data-contentpath='questions']")
    expect(questions.locator("[data-contentpath='label'] input").last).to_have_value(LABEL)
    condition = questions.locator("[data-contentpath='condition']").last
    question_select = condition.locator("[data-contentpath='question'] select")
    expect(question_select.locator("option:checked")).to_have_text(CONDITION_QUESTION)
    expect(condition.locator("[data-contentpath='option'] select option:checked")).to_have_text(
        CONDITION_ANSWER
    )

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("^Submit to ")).click()
    expect(page.get_by_text("submitted for moderation")).to_be_visible()

    submitted = Page.objects.get(pk=consultation.pk).get_latest_revision_as_object()
    survey = next(block for block in submitted.body if block.block_type == "survey")
    question = survey.value["questions"][-1].value
    assert question["label"] == LABEL
    earlier = next(
        child
        for child in survey.value["questions"]
        if child.value.get("label") == CONDITION_QUESTION
    )
    assert question["condition"]["question"] == earlier.id
    assert question["condition"]["option"] == "yes"
