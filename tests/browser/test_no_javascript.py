"""The public site works with JavaScript switched off, and ships little of its own."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from consultation_blocks.models import Comment

from .support import BROWSER_TEST, OPEN, PUBLIC_PAGES, go_through_survey_steps, open_public_page

pytestmark = BROWSER_TEST

# Our own scripts, unminified; GOV.UK Frontend's bundle comes on top of it.
OWN_SCRIPT_BUDGET = 30 * 1024
ALL_SCRIPT_BUDGET = 80 * 1024
VENDOR_SCRIPTS = {"/static/js/govuk-frontend.min.js"}


@pytest.fixture
def no_js_page(new_context):
    return new_context(java_script_enabled=False).new_page()


def test_navigation_filters_and_search_work_without_javascript(no_js_page, demo):
    page = no_js_page
    page.goto("/")
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Consultations"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultations")

    page.get_by_label("Status").select_option("open")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"status=open"))
    expect(page.get_by_role("status")).to_have_text("2 consultations match your filters")
    expect(
        page.get_by_role("link", name="How should the partnership engage with you?")
    ).to_be_visible()

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Search").click()
    search = page.get_by_role("search", name="Search consultations, strategies and documents")
    search.get_by_label("Search consultations, strategies and documents").fill("engage")
    search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"q=engage"))
    expect(
        page.get_by_role("link", name="How should the partnership engage with you?", exact=True)
    ).to_be_visible()


def test_comment_form_works_without_javascript(no_js_page, demo):
    page = no_js_page
    page.goto(OPEN)
    form = page.locator("form[action$='/comments/']")
    form.get_by_role("button", name="Send comment for moderation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_role("link", name="Enter your comment")).to_be_visible()

    form = page.locator("form[action$='/comments/']")
    form.get_by_label("Your name").fill("Nia Plain")
    form.get_by_label("Email address").fill("nia@example.com")
    form.get_by_label("Your comment").fill("Works fine without scripts.")
    form.get_by_role("button", name="Send comment for moderation").click()

    expect(
        page.get_by_text("your comment will appear once a moderator has checked it")
    ).to_be_visible()
    assert Comment.objects.filter(name="Nia Plain", body="Works fine without scripts.").exists()


def test_accordion_content_is_readable_without_javascript(no_js_page, demo):
    no_js_page.goto(OPEN)
    sections = no_js_page.locator(".govuk-accordion__section-content")
    assert sections.count() > 0
    for index in range(sections.count()):
        assert sections.nth(index).is_visible()


def test_public_pages_ship_little_javascript_and_none_of_the_admins(page, demo, live_server):
    origin = urlparse(live_server.url).netloc
    scripts = {}

    def record(response):
        if response.request.resource_type == "script":
            scripts[response.url] = len(response.body())

    page.on("response", record)
    for public_page in PUBLIC_PAGES:
        open_public_page(page, public_page)

    paths = {urlparse(url).path: size for url, size in scripts.items()}
    assert all(urlparse(url).netloc == origin for url in scripts), "Scripts from elsewhere"
    assert not [path for path in paths if "wagtail" in path or "admin" in path]
    own = sum(size for path, size in paths.items() if path not in VENDOR_SCRIPTS)
    assert 0 < own <= OWN_SCRIPT_BUDGET
    assert sum(paths.values()) <= ALL_SCRIPT_BUDGET


def test_a_survey_in_steps_works_without_javascript(no_js_page, demo):
    from consultation_blocks.models import SurveyResponse

    page = no_js_page
    before = SurveyResponse.objects.count()  # the demo has responses of its own
    page.goto(OPEN)
    expect(page.locator(".app-survey__progress")).to_have_text("Step 1 of 5")
    go_through_survey_steps(page, to="check")
    # A step skipped by an earlier answer ("No", never took part) is not listed.
    expect(page.get_by_role("heading", name="When you took part")).to_have_count(0)
    page.get_by_role("button", name=re.compile("^Change Have you taken part")).click()
    expect(page.locator(".app-survey__progress")).to_have_text("Step 3 of 5")
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_label("Online surveys")).to_be_checked()  # Back keeps answers
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your response"
    )
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_role("heading", name="Response received")).to_be_visible()
    assert SurveyResponse.objects.count() == before + 1
