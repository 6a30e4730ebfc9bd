"""A resident reads the open consultation in Welsh, finds its Easy Read summary, asks
for another format and answers the survey in steps, in Welsh, in a real browser."""

import re

from playwright.sync_api import expect

from consultation_blocks.models import ConsultationPage, FormatRequest
from consultation_blocks.surveys import surveys_in

from .support import (
    BROWSER_TEST,
    OPEN,
    WELSH_OPEN,
    axe_violations,
    responses_to_the_open_consultation,
)

pytestmark = BROWSER_TEST

WELSH_TITLE = "Sut dylai'r bartneriaeth ymgysylltu â chi?"


def test_a_resident_switches_to_welsh_and_asks_for_large_print(page, demo):
    page.goto(OPEN)
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    switcher = page.get_by_role("navigation", name="Languages")
    switcher.get_by_role("link", name="Cymraeg").click()

    page.wait_for_url(re.compile(re.escape(WELSH_OPEN) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(WELSH_TITLE)
    expect(page.get_by_role("link", name="Neidio i'r prif gynnwys")).to_be_attached()
    # The Welsh survey asks the same questions, in Welsh.
    expect(
        page.get_by_text("Beth yw eich barn am ein gweledigaeth a'n hamcanion ar gyfer ymgysylltu?")
    ).to_be_visible()
    # Back to English from the Welsh page.
    expect(
        page.get_by_role("navigation", name="Ieithoedd").get_by_role("link", name="English")
    ).to_have_attribute("href", OPEN)

    page.get_by_role("link", name=re.compile("^Gofyn am fformat arall")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gofyn am fformat arall")
    page.get_by_role("button", name="Anfon cais").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Mae problem wedi codi")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Rhowch eich cyfeiriad e-bost")

    page.get_by_label("Print bras").check()
    page.get_by_label("Cyfeiriad e-bost").fill("preswylydd@example.org")
    page.get_by_label("Rwy'n cytuno").check()
    page.get_by_role("button", name="Anfon cais").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cais wedi'i anfon")

    request = FormatRequest.objects.get()
    assert (request.format, request.email, request.asked_in) == (
        "large_print",
        "preswylydd@example.org",
        "cy",
    )


def test_the_easy_read_summary_is_linked_from_the_consultation(page, demo):
    page.goto(OPEN)
    page.get_by_role("link", name="Read the Easy Read summary of this consultation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Easy Read")
    expect(page.get_by_text("We want to know the best way to do this.")).to_be_visible()


def _continue_in_welsh(page):
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Parhau").click()
    assert navigation.value.status == 200


def test_a_resident_answers_the_welsh_survey_in_steps(page, demo):
    page.goto(WELSH_OPEN)
    expect(page.get_by_text("Cam 1 o 5")).to_be_visible()
    page.get_by_label(
        "Beth yw eich barn am ein gweledigaeth a'n hamcanion ar gyfer ymgysylltu?"
    ).fill("Digon clir.")
    _continue_in_welsh(page)

    # The agreement scale and the yes or no answers are in Welsh.
    expect(page.get_by_text("Cam 2 o 5")).to_be_visible()
    scale = page.get_by_role("group", name=re.compile("^Mae partneriaid yn dechrau sgyrsiau"))
    for label in ("Cytuno'n gryf", "Cytuno", "Ddim yn cytuno nac yn anghytuno", "Anghytuno"):
        expect(scale.get_by_label(label, exact=True)).to_be_visible()
    expect(page.get_by_text("Strongly agree")).to_have_count(0)
    scale.get_by_label("Cytuno'n gryf", exact=True).check()
    page.get_by_role("group", name=re.compile("^Pa mor dda")).get_by_label("4", exact=True).check()
    page.get_by_label("Arolygon ar-lein").check()
    _continue_in_welsh(page)

    # Answering yes opens the step for those who took part, as it does in English.
    page.get_by_role("group", name=re.compile("^Ydych chi wedi cymryd rhan")).get_by_label(
        "Ie", exact=True
    ).check()
    _continue_in_welsh(page)
    expect(page.get_by_role("heading", name="Pan wnaethoch chi gymryd rhan")).to_be_visible()
    expect(page.get_by_text("Cam 4 o 6")).to_be_visible()
    assert axe_violations(page) == []
    _continue_in_welsh(page)
    page.get_by_label(re.compile("^Rwy'n deall")).check()
    _continue_in_welsh(page)
    expect(page.get_by_text("Gwell gennyf beidio â dweud").first).to_be_visible()
    _continue_in_welsh(page)  # the questions about the resident are optional

    page.get_by_role("heading", name="Gwiriwch eich atebion cyn anfon eich ymateb").wait_for()
    expect(page.locator(".govuk-summary-list")).to_contain_text(["Cytuno'n gryf"])
    assert axe_violations(page) == []
    page.get_by_role("button", name="Anfon fy ymateb").click()
    page.wait_for_url(re.compile(r"/thank-you/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ymateb wedi dod i law")

    # Stored against the English page, with the scale's and the answer's ids.
    english = ConsultationPage.objects.get(
        url_path__endswith="/how-should-we-engage-with-you/", locale__language_code="en-gb"
    )
    survey = surveys_in(english.body)[0]
    by_label = {question.label: question.id for question in survey.questions}
    response = responses_to_the_open_consultation().get()
    assert response.page_id == english.pk
    assert (
        response.answers[
            by_label[
                "Partners start conversations with residents early enough to shape their plans."
            ]
        ]
        == "strongly_agree"
    )
    taken_part = next(q for q in survey.questions if q.key == "taken-part")
    assert response.answers[taken_part.id] == "yes"
