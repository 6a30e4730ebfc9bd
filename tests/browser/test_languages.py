"""A resident reads the open consultation in Welsh, finds its Easy Read summary and
asks for another format, in Welsh, in a real browser."""

import re

from playwright.sync_api import expect

from consultation_blocks.models import FormatRequest

from .support import BROWSER_TEST, OPEN, WELSH_OPEN

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
