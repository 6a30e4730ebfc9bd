"""What the browser tests share: the public pages of the seeded demo, and the two
checkers (axe-core in the page, the Nu HTML Checker on the served HTML)."""

import json
import re
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# WCAG 2.2 level A and AA, as axe-core tags them (2.2 adds only AA rules of its own).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Every browser test: marked, on a real (committed, not rolled back) database that the
# live server thread can see, with the migrations' rows (root page, groups) put back.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OPEN = "/consultations/how-should-we-engage-with-you/"
CLOSED = "/consultations/stockport-online-engagement-portal/"
OUTCOME = "/consultations/tower-hamlets-community-engagement-strategy/"
UPCOMING = "/consultations/annual-review-of-the-pen-approach/"
STRATEGY = "/strategies/tameside-and-glossop-engagement-strategy/"
STANDARD = "/partnership-engagement-network/"
WELSH_OPEN = "/cy/ymgynghoriadau/sut-dylai-r-bartneriaeth-ymgysylltu-a-chi/"
OTHER_FORMATS = OPEN + "other-formats/"
EASY_READ = "/easy-read-how-should-we-engage-with-you/"
NETWORK = "/network-meetings/"
WORKSHOP = NETWORK + "pen-conference/workshop-closing-the-feedback-loop/"


@dataclass(frozen=True)
class PublicPage:
    name: str
    path: str
    # Some states are reached by doing something on the page, e.g. sending a form.
    comment_errors: bool = False
    survey_errors: bool = False
    # A survey in steps: "step" is its second step, "check" its check-answers page.
    survey_step: str = ""
    format_request_errors: bool = False
    # A public form sent with nothing filled in, which comes back with errors.
    form_errors: bool = False
    # Pages reached by a link emailed to a resident: `path` names a function of LINKS
    # that makes what the link needs and returns its address; `press` is the button the
    # resident then presses (its answer is the state shown).
    link: str = ""
    press: str = ""


PUBLIC_PAGES = [
    PublicPage("home", "/"),
    PublicPage("consultation index", "/consultations/"),
    PublicPage("consultation index with filters", "/consultations/?status=open&topic=engagement"),
    PublicPage(
        "consultation index, nothing matches", "/consultations/?status=upcoming&area=stockport"
    ),
    PublicPage("consultation open", OPEN),
    PublicPage("consultation upcoming", UPCOMING),
    PublicPage("consultation closed", CLOSED),
    PublicPage("consultation outcome published", OUTCOME),
    PublicPage("comment form with errors", OPEN, comment_errors=True),
    PublicPage("survey with errors", OPEN, survey_errors=True),
    PublicPage("survey, a later step", OPEN, survey_step="step"),
    PublicPage("survey, check your answers", OPEN, survey_step="check"),
    PublicPage("search results", "/search/?q=engagement"),
    PublicPage("search, no results", "/search/?q=zzqxjvw"),
    PublicPage("search, no query", "/search/"),
    PublicPage("strategy index", "/strategies/"),
    PublicPage("strategy page", STRATEGY),
    PublicPage("standard page", STANDARD),
    PublicPage("email alerts form", "/alerts/"),
    PublicPage("email alerts, check your email", "/alerts/check-your-email/"),
    PublicPage("email alerts, broken link", "/alerts/confirm/not-a-token/"),
    PublicPage("ask to be contacted form", "/contact-me/"),
    PublicPage("ask to be contacted, check your email", "/contact-me/check-your-email/"),
    PublicPage("ask to be contacted, broken link", "/contact-me/confirm/not-a-token/"),
    PublicPage("panel join form", "/panel/join/"),
    PublicPage("panel, check your email", "/panel/check-your-email/"),
    PublicPage("panel, broken link", "/panel/confirm/not-a-token/"),
    PublicPage("panel, ask for a link", "/panel/member/"),
    PublicPage("your data form", "/my-data/"),
    PublicPage("your data, check your email", "/my-data/check-your-email/"),
    PublicPage("your data, broken link", "/my-data/not-a-token/"),
    PublicPage("you said we did register", "/you-said-we-did/"),
    PublicPage("you said we did register, nothing matches", "/you-said-we-did/?q=zzqxjvw"),
    PublicPage("forward plan list", "/forward-plan/"),
    PublicPage("forward plan calendar", "/forward-plan/calendar/"),
    PublicPage("decisions index", "/decisions/"),
    PublicPage("decision page", "/decisions/I068121/"),
    PublicPage("indicator dashboard", "/partnership-dashboard/"),
    PublicPage("search, decisions only", "/search/?q=strategy&type=decision"),
    PublicPage("page not found", "/no-such-page/"),
    PublicPage("welsh home", "/cy/"),
    PublicPage("welsh consultation open", WELSH_OPEN),
    PublicPage("welsh survey with errors", WELSH_OPEN, survey_errors=True),
    PublicPage("format request form", OTHER_FORMATS),
    PublicPage("format request form with errors", OTHER_FORMATS, format_request_errors=True),
    PublicPage("welsh format request form", WELSH_OPEN + "other-formats/"),
    PublicPage("easy read summary", EASY_READ),
    PublicPage("urdu home", "/ur/"),
    PublicPage("urdu easy read summary", "/ur" + EASY_READ),
    PublicPage("network index", NETWORK),
    PublicPage("network body", NETWORK + "pen-forum/"),
    PublicPage("meeting with a waiting list", WORKSHOP),
    PublicPage("meeting registration form", WORKSHOP + "register/"),
    PublicPage("surveys run every year", "/survey-series/"),
    PublicPage("a survey series, year by year", "/survey-series/residents-satisfaction-survey/"),
    PublicPage("panel survey, not a personal link", CLOSED + "panel/not-a-token/"),
    PublicPage("taking part, thank you", "/taking-part/thank-you/"),
    PublicPage("email alerts form with errors", "/alerts/", form_errors=True),
    PublicPage("email alerts, confirm", "", link="alert"),
    PublicPage("email alerts, confirmed", "", link="alert", press="Confirm and start my alerts"),
    PublicPage("email alerts, unsubscribe", "", link="alert_unsubscribe"),
    PublicPage("email alerts, unsubscribed", "", link="alert_unsubscribe", press="Unsubscribe"),
    PublicPage("email alerts, broken unsubscribe link", "/alerts/unsubscribe/not-a-token/"),
    PublicPage("ask to be contacted form with errors", "/contact-me/", form_errors=True),
    PublicPage("ask to be contacted, confirm", "", link="contact"),
    PublicPage("ask to be contacted, confirmed", "", link="contact", press="Confirm"),
    PublicPage("ask to be contacted, stay on the list", "", link="contact_keep"),
    PublicPage(
        "ask to be contacted, kept on the list",
        "",
        link="contact_keep",
        press="Keep me on the list",
    ),
    PublicPage("ask to be contacted, stop", "", link="contact_stop"),
    PublicPage("ask to be contacted, stopped", "", link="contact_stop", press="Stop invitations"),
    PublicPage("panel join form with errors", "/panel/join/", form_errors=True),
    PublicPage("panel, confirm", "", link="panel"),
    PublicPage("panel, confirmed", "", link="panel", press="Confirm"),
    PublicPage("panel, member's page", "", link="panel_member"),
    PublicPage("panel, stay", "", link="panel_keep"),
    PublicPage("panel, kept", "", link="panel_keep", press="Keep me on the panel"),
    PublicPage("panel, leave", "", link="panel_leave"),
    PublicPage("panel, left", "", link="panel_leave", press="Leave the panel"),
    PublicPage("taking part form", "", link="taking_part"),
    PublicPage("taking part form with errors", "", link="taking_part", form_errors=True),
    PublicPage("meeting that has happened", "", link="past_meeting"),
    PublicPage("taking part form after a meeting", "", link="taking_part_meeting"),
]


def _pending_alert():
    from consultation_blocks.models import CONSENT_WORDING, AlertSubscription

    return AlertSubscription.objects.create(
        # A new address each time: the HTML check opens every page on one database.
        email=f"crawl.alerts.{uuid.uuid4().hex[:8]}@example.org",
        area="stockport",
        kinds=["consultation"],
        frequency="immediate",
        consent_wording=CONSENT_WORDING,
    )


def _confirmed_alert():
    from django.utils import timezone

    subscription = _pending_alert()
    subscription.confirmed_at = timezone.now()
    subscription.save()
    return subscription


def _demo_contact():
    from consultation_blocks.models import Contact

    return Contact.objects.order_by("pk").first()


def _demo_panel_member(**filters):
    from consultation_blocks.models import PanelMember, PanelMemberStatus

    return (
        PanelMember.objects.filter(status=PanelMemberStatus.CONFIRMED, **filters)
        .order_by("pk")
        .first()
    )


def _unconfirmed_panel_member():
    from consultation_blocks.models import PanelMember

    return PanelMember.objects.create(email=f"crawl.panel.{uuid.uuid4().hex[:8]}@example.org")


def _past_meeting():
    from django.utils import timezone

    from consultation_blocks.models import MeetingPage

    return MeetingPage.objects.live().filter(starts_at__lte=timezone.now()).order_by("pk").first()


def _taking_part(page):
    from django.urls import reverse

    return reverse("consultation_blocks:taking_part", args=[page.pk])


def _link_functions():
    from consultation_blocks.models import ConsultationPage
    from consultation_blocks.services import alerts, contacts, panel

    return {
        "alert": lambda: alerts.confirm_url(_pending_alert()),
        "alert_unsubscribe": lambda: alerts.unsubscribe_url(_confirmed_alert()),
        "contact": lambda: contacts.confirm_url(_demo_contact()),
        "contact_keep": lambda: contacts.keep_url(_demo_contact()),
        "contact_stop": lambda: contacts.unsubscribe_url(_demo_contact()),
        "panel": lambda: panel.confirm_url(_unconfirmed_panel_member()),
        "panel_member": lambda: panel.member_url(_demo_panel_member()),
        "panel_keep": lambda: panel.keep_url(_demo_panel_member()),
        "panel_leave": lambda: panel.leave_url(_demo_panel_member()),
        "taking_part": lambda: _taking_part(
            ConsultationPage.objects.live().get(url_path__endswith=OPEN.rsplit("/", 2)[-2] + "/")
        ),
        "past_meeting": lambda: _past_meeting().url,
        "taking_part_meeting": lambda: _taking_part(_past_meeting()),
    }


def path_of(public_page):
    """The address of `public_page`, making what an emailed link needs."""
    if public_page.link:
        return _link_functions()[public_page.link]()
    return public_page.path


def pages_named(*names):
    pages = [page for page in PUBLIC_PAGES if page.name in names]
    assert len(pages) == len(names), "A page name is misspelt"
    return pages


def page_ids(pages=PUBLIC_PAGES):
    return [page.name.replace(" ", "-").replace(",", "") for page in pages]


def open_public_page(page, public_page):
    """Show `public_page` in the Playwright `page`, in the state it names."""
    response = page.goto(path_of(public_page))
    expected = {
        "page not found": 404,
        "email alerts, broken link": 400,
        "ask to be contacted, broken link": 400,
        "your data, broken link": 400,
        "panel, broken link": 400,
        "panel survey, not a personal link": 403,
        "email alerts, broken unsubscribe link": 400,
    }.get(public_page.name, 200)
    assert response.status == expected, f"{public_page.name} answered {response.status}"
    if public_page.press:
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=public_page.press, exact=True).click()
        assert navigation.value.status == 200
    if public_page.form_errors:
        submit_empty_form(page)
    if public_page.comment_errors:
        submit_empty_comment(page)
    if public_page.survey_errors:
        submit_empty_survey(page)
    if public_page.survey_step:
        go_through_survey_steps(page, to=public_page.survey_step)
    if public_page.format_request_errors:
        submit_empty_format_request(page)
    return page


def submit_empty_survey(page):
    """Send the survey (its first step) with nothing answered; it comes back with an
    error summary."""
    form = page.locator("form.app-survey__form")
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").first.click()
    assert navigation.value.status == 400
    assert page.locator(".govuk-error-summary").is_visible()


def submit_empty_form(page):
    """Send the page's form (the one in its main content) with nothing filled in."""
    with page.expect_navigation() as navigation:
        page.locator("main form[method=post] button[type=submit]").first.click()
    assert navigation.value.status == 400
    assert page.locator(".govuk-error-summary").is_visible()


def submit_empty_format_request(page):
    """Send the request for another format with nothing filled in."""
    with page.expect_navigation() as navigation:
        page.locator("form[action$='/other-formats/']").locator("button[type=submit]").click()
    assert navigation.value.status == 400
    assert page.locator(".govuk-error-summary").is_visible()


def _continue(page):
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Continue").click()
    assert navigation.value.status == 200


def go_through_survey_steps(page, *, to):
    """Answer the demo's open survey (its required questions only) up to its second
    step, or up to the check-answers page."""
    page.get_by_label("What do you think of our vision and objectives for engagement?").fill(
        "Clear enough."
    )
    _continue(page)
    if to == "step":
        return
    page.get_by_role("group", name=re.compile("^Partners start conversations")).get_by_label(
        "Agree", exact=True
    ).check()
    page.get_by_role("group", name=re.compile("^How well do partners tell you")).get_by_label(
        "4", exact=True
    ).check()
    page.get_by_label("Online surveys").check()
    _continue(page)
    page.get_by_role("group", name=re.compile("^Have you taken part")).get_by_label(
        "No", exact=True
    ).check()
    _continue(page)
    page.get_by_label(re.compile("^I understand")).check()
    _continue(page)
    _continue(page)  # the questions about the resident are optional
    page.get_by_role("heading", name="Check your answers before sending your response").wait_for()


def submit_empty_comment(page):
    """Send the comment form with nothing filled in; the page comes back with errors."""
    form = page.locator("form[action$='/comments/']")
    with page.expect_navigation() as navigation:
        form.get_by_role("button", name="Send comment for moderation").click()
    assert navigation.value.status == 400
    assert page.locator(".govuk-error-summary").is_visible()


def axe_violations(page, tags=WCAG_TAGS):
    """Run axe-core in the page; a list of readable violation descriptions."""
    # Evaluated rather than added as a <script>, which the Content-Security-Policy
    # rightly refuses.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        tags,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
    ]


def vnu_errors(documents):
    """Check HTML documents ({name: html}) with the Nu HTML Checker in one Java run;
    a list of readable error messages, each prefixed by the document's name."""
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{index}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        run = subprocess.run(
            [
                "java",
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--exit-zero-always",
                *map(str, sorted(Path(folder).iterdir())),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
    messages = json.loads(run.stderr)["messages"]
    return [
        f"{files.get(Path(message.get('url', '')).name, message.get('url'))}, line {message.get('lastLine')}: {message['message']} [{message.get('extract', '').strip()}]"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]


# What the keyboard tests learn about the element that has focus.
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  // GOV.UK draws some focus indicators on a child (the accordion's heading and toggle).
  const shows = node => {
    const style = getComputedStyle(node);
    const transparent = ['transparent', 'rgba(0, 0, 0, 0)'].includes(style.outlineColor);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && !transparent)
      || style.boxShadow !== 'none';
  };
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    name: element.getAttribute('name'),
    text: (element.innerText || element.value || '').trim().slice(0, 60),
    // The position in the document tells apart identical elements (two search buttons).
    key: element.outerHTML.slice(0, 200) + ' @' + Array.from(document.querySelectorAll('*')).indexOf(element),
    inFooter: !!element.closest('footer'),
    visibleFocus: shows(element) || Array.from(element.querySelectorAll('*')).some(shows),
  };
}"""


def tab(page):
    """Press Tab; describe the element that now has focus."""
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)


def tab_to(page, matches, limit=300):
    """Tab until an element for which `matches(focused)` holds has focus; every element
    passed on the way must show where focus is."""
    for _ in range(limit):
        focused = tab(page)
        assert focused is not None, "Focus left the page before reaching its target"
        assert focused["visibleFocus"], f"No visible focus on {focused['key']}"
        if matches(focused):
            return focused
    raise AssertionError(f"Not reached with {limit} presses of Tab")


def responses_to_the_open_consultation():
    """The responses stored against the demo's open consultation: the ones a journey
    gives (the demo seeds responses to a closed consultation of its own)."""
    from consultation_blocks.models import SurveyResponse

    return SurveyResponse.objects.filter(page__url_path__endswith=OPEN)
