"""Published responses and "Show only if", in a real browser:

1. an editor adds a choice question and, below it, a question shown only after one of
   its answers, both new and unsaved, choosing the condition from lists;
2. a resident lets their response be published with their name (the name box appears
   only then), a moderator removes the personal details and publishes it, and the
   consultation's published responses show it, searchable and accessible.
"""

import re

from playwright.sync_api import expect
from wagtail.models import Page

from consultation_blocks.models import ConsultationPage, PublishedResponse

from .support import BROWSER_TEST, OPEN, axe_violations, responses_to_the_open_consultation
from .test_journeys import answer_every_question, group, sign_in

pytestmark = BROWSER_TEST

CHOICE = "When could you come to a meeting?"
OPTIONS = ("Mornings", "Evenings")
FOLLOW_UP = "Which evening suits you best?"


def test_an_editor_chooses_show_only_if_from_lists_for_new_questions(page, demo):
    consultation = ConsultationPage.objects.get(url_path__endswith=OPEN.split("/")[-2] + "/")
    sign_in(page, "editor", demo.password)
    page.goto(f"/admin/pages/{consultation.pk}/edit/", wait_until="domcontentloaded")
    questions = page.locator("[data-contentpath='body'] [data-contentpath='questions']")

    questions.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Single choice (radios)").click()
    questions.locator("[data-contentpath='label'] input").last.fill(CHOICE)
    options = questions.locator("[data-contentpath='options']").last
    for box, text in zip(options.locator("input[name$='-value']").all(), OPTIONS, strict=True):
        box.fill(text)

    questions.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Long text").click()
    questions.locator("[data-contentpath='label'] input").last.fill(FOLLOW_UP)
    condition = questions.locator("[data-contentpath='condition']").last
    question_select = condition.locator("[data-contentpath='question'] select")
    # Only questions above with answers to choose from are offered.
    expect(question_select.locator("option", has_text=CHOICE)).to_have_count(1)
    expect(question_select.locator("option", has_text=FOLLOW_UP)).to_have_count(0)
    question_select.select_option(label=CHOICE)
    condition.locator("[data-contentpath='option'] select").select_option(label="Evenings")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile(r"Page '.+' has been updated\."))).to_be_visible()

    saved = Page.objects.get(pk=consultation.pk).get_latest_revision_as_object()
    survey = next(block for block in saved.body if block.block_type == "survey")
    choice, follow_up = list(survey.value["questions"])[-2:]
    evenings = next(
        item for item in choice.value["options"].bound_blocks if item.value == "Evenings"
    )
    assert follow_up.value["condition"]["question"] == choice.id
    assert follow_up.value["condition"]["option"] == evenings.id


def test_a_resident_is_published_by_name_after_a_moderator_redacts_the_answer(page, demo):
    page.goto(OPEN)
    answer_every_question(page, vision="Clear. Ring me on 07700 900123 to talk about it.")
    # The question is on the survey's last step: change it from the check page.
    page.get_by_role("button", name="Change Can we publish your response?").click()
    publishing = group(page, "Can we publish your response?")
    name_box = publishing.get_by_label("The name to publish")
    expect(name_box).to_be_hidden()  # revealed only by "Yes, with my name"
    publishing.get_by_label("Yes, with my name").check()
    expect(name_box).to_be_visible()
    name_box.fill("Alex Example")
    assert axe_violations(page) == []  # the step with the name box revealed
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-summary-list").last).to_contain_text("Alex Example")
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_role("heading", name="Response received")).to_be_visible()
    response = responses_to_the_open_consultation().get()
    assert (response.publication, response.publication_name) == ("with_name", "Alex Example")

    sign_in(page, "moderator", demo.password)
    page.goto("/admin/published-responses/")
    page.get_by_role("link", name=f"Response {response.pk}").click()
    page.get_by_role("button", name="Remove emails, phone numbers and postcodes").click()
    expect(page.get_by_label("Published text").first).to_have_value(
        "Clear. Ring me on [removed] to talk about it."
    )
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text(f"Response {response.pk} is published.")).to_be_visible()
    assert PublishedResponse.objects.get().state == "published"

    page.goto(OPEN + "responses/")
    expect(page.get_by_role("heading", name="Alex Example")).to_be_visible()
    expect(page.get_by_text("Clear. Ring me on [removed] to talk about it.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Search these responses").fill("nothing like this")
    page.get_by_role("button", name="Search responses").click()
    expect(page.get_by_text("No published responses contain")).to_be_visible()
