"""The words a page shows that no editor writes (the built-in answer scales, equality
monitoring, the consultation's details and dates, the survey's own questions, hints
and error messages) follow the page's language, while what is stored stays the same
in every language: option ids and codes, never labels."""

import re
from html import unescape

import pytest
from django.utils import translation

from consultation_blocks.factories import page_break
from consultation_blocks.formats import govuk_datetime
from consultation_blocks.forms.survey_steps import STATE_FIELD
from consultation_blocks.models import ConsultationPage, SurveyResponse
from consultation_blocks.questions import AGREEMENT_SCALE
from consultation_blocks.results.export import export_rows
from home.translation import translate_page
from tests.factories import ConsultationPageFactory, question, survey_block
from tests.public_forms import guard_fields
from tests.survey_support import first_survey, survey_url, walk_survey_steps

pytestmark = pytest.mark.django_db

# Fixed strings that must never be left in English on a Welsh page.
ENGLISH_FIXED_STRINGS = (
    "Strongly agree",
    "Neither agree nor disagree",
    "Don't know",
    "days left",
    "Closes today",
    ">Details<",
    ">Status<",
    ">Open<",
    "About this consultation",
    "Prefer not to say",
    "What is your age?",
    "Do you consider yourself to be disabled?",
    "(optional)",
    "You can enter up to",
    "Leave this blank",
    "Can we publish your response?",
    "Yes, with my name",
    "Please specify",
    "Email the link to",
    "Send comment for moderation",
    "1 means",
)


def visible_text(html):
    """The page's words, tags and scripts left out but tag boundaries kept (so ">Open<"
    finds a whole label)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "<>", html))


def english_left(html):
    text = visible_text(html)
    return [string for string in ENGLISH_FIXED_STRINGS if string in text]


@pytest.fixture
def welsh_index(consultation_index, home_page):
    translate_page(home_page, "cy", {home_page.title: "Hafan"})
    return translate_page(consultation_index, "cy", {consultation_index.title: "Ymgynghoriadau"})


@pytest.fixture
def stepped(consultation_index, welsh_index):
    """Driving: a step only for drivers (a condition written as text, as the demo's is),
    and in it a question only for those who disagree that buses are reliable."""
    english = ConsultationPageFactory(
        parent=consultation_index,
        body=[
            survey_block(
                [
                    question("yes_no", "Do you drive?", key="drives"),
                    question("agreement", "Buses are reliable.", key="buses"),
                    page_break(
                        "Parking", condition__question_key="drives", condition__answer="Yes"
                    ),
                    question("number", "How many cars does your household have?", key="cars"),
                    question(
                        "short_text",
                        "What would make buses reliable?",
                        key="why",
                        condition__question_key="buses",
                        condition__answer="Disagree",
                    ),
                ],
                equality=False,
            )
        ],
    )
    english.save_revision().publish()
    english.refresh_from_db()
    welsh = translate_page(
        english,
        "cy",
        {"Do you drive?": "Ydych chi'n gyrru?", "Buses are reliable.": "Mae bysiau'n ddibynadwy."},
    )
    return english, welsh


def post_step(client, page, number, answers, *, state="", action="continue"):
    data = {**guard_fields(), "step": str(number), "action": action, **answers}
    if state:
        data[STATE_FIELD] = state
    return client.post(survey_url(page), data)


def respond(client, page, *, drives, buses):
    """Answer every step in order, then send. Returns the pages seen and the response."""
    survey = first_survey(page)
    ids = {q.key: q.id for q in survey.questions}
    later = {f"q-{ids['cars']}": "2", f"q-{ids['why']}": "They are late"}
    response = post_step(
        client, page, 1, {f"q-{ids['drives']}": drives, f"q-{ids['buses']}": buses}
    )
    pages = []
    for _ in range(5):
        assert response.status_code == 200, response.content.decode()[:1000]
        html = response.content.decode()
        pages.append(html)
        state = unescape(re.search(rf'name="{STATE_FIELD}" value="([^"]*)"', html)[1])
        number = re.search(r'name="step" value="([^"]*)"', html)[1]
        if number == "check":
            sent = post_step(client, page, "check", {}, state=state, action="send")
            assert sent.status_code == 302, sent.content.decode()[:1000]
            return pages, SurveyResponse.objects.order_by("-pk").first()
        response = post_step(client, page, number, later, state=state)
    raise AssertionError("the survey never reached its check page")


def test_the_scales_are_shown_in_welsh_with_the_same_values(client, stepped):
    english, welsh = stepped
    welsh_html = client.get(welsh.url).content.decode()
    english_html = client.get(english.url).content.decode()

    for value, label in AGREEMENT_SCALE:
        assert f'value="{value}"' in welsh_html and f'value="{value}"' in english_html
        assert str(label) in visible_text(english_html)
    assert "Cytuno&#x27;n gryf" in welsh_html and "Strongly agree" not in welsh_html
    assert ">Ie<" in visible_text(welsh_html) and ">Na<" in visible_text(welsh_html)
    assert ">Yes<" in visible_text(english_html) and ">Ie<" not in visible_text(english_html)


@pytest.mark.parametrize(("drives", "buses"), [("yes", "disagree"), ("no", "agree")])
def test_a_welsh_resident_is_routed_like_an_english_one_and_stored_the_same(
    client, stepped, drives, buses
):
    english, welsh = stepped
    english_pages, english_response = respond(client, english, drives=drives, buses=buses)
    welsh_pages, welsh_response = respond(client, welsh, drives=drives, buses=buses)

    def seen(pages, words):
        return any(words in page for page in pages)

    for pages in (english_pages, welsh_pages):
        # The step for drivers and the question for those who disagree: both shown, or
        # both skipped, in either language.
        assert seen(pages, "How many cars does your household have?") == (drives == "yes")
        assert seen(pages, "What would make buses reliable?") == (buses == "disagree")
    assert len(english_pages) == len(welsh_pages)

    # Both responses stored against the English page, with the same values.
    assert english_response.page_id == welsh_response.page_id == english.pk
    assert english_response.answers == welsh_response.answers
    ids = {q.key: q.id for q in first_survey(english).questions}
    assert english_response.answers[ids["drives"]] == drives
    assert english_response.answers[ids["buses"]] == buses
    assert (ids["cars"] in english_response.answers) == (drives == "yes")

    # The Welsh check page names the answers in Welsh; the English one in English.
    welsh_check, english_check = visible_text(welsh_pages[-1]), visible_text(english_pages[-1])
    welsh_words = {"yes": ">Ie<", "no": ">Na<"}[drives]
    english_words = {"yes": ">Yes<", "no": ">No<"}[drives]
    assert welsh_words in welsh_check and english_words in english_check


def test_a_welsh_resident_sees_errors_in_welsh(client, stepped):
    english, welsh = stepped
    welsh_html = post_step(client, welsh, 1, {}).content.decode()
    assert "Mae problem wedi codi" in welsh_html
    assert "Dewiswch ateb i “Ydych chi&#x27;n gyrru”" in welsh_html
    assert "Dewiswch ateb i “Mae bysiau&#x27;n ddibynadwy”" in welsh_html
    english_html = post_step(client, english, 1, {}).content.decode()
    assert "Choose an answer to “Do you drive”" in english_html
    assert "Choose an answer to “Buses are reliable”" in english_html


def test_the_export_is_in_english_whatever_language_is_active(client, stepped):
    english, welsh = stepped
    respond(client, welsh, drives="yes", buses="disagree")
    survey = first_survey(english)
    with translation.override("cy"):
        header, row = list(export_rows(english, survey))
    assert "Disagree" in row and "Yes" in row
    assert "Anghytuno" not in row and "Ie" not in row
    assert "Do you drive?" in header


def test_times_and_dates_follow_the_language(settings):
    import datetime

    moment = datetime.datetime(2027, 1, 1, 23, 0, tzinfo=datetime.UTC)
    settings.TIME_ZONE = "UTC"
    with translation.override("en-gb"):
        assert govuk_datetime(moment) == "11pm on 1 January 2027"
    with translation.override("cy"):
        assert govuk_datetime(moment) == "11yh ar 1 Ionawr 2027"


def demo_pages():
    english = ConsultationPage.objects.get(
        slug="how-should-we-engage-with-you", locale__language_code="en-gb"
    )
    welsh = ConsultationPage.objects.get(
        translation_key=english.translation_key, locale__language_code="cy"
    )
    return english, welsh


def test_the_demo_welsh_consultation_and_its_steps_leave_no_fixed_string_in_english(seeded, client):
    english, welsh = demo_pages()
    welsh_html = client.get(welsh.url).content.decode()
    english_html = client.get(english.url).content.decode()
    assert english_left(welsh_html) == []
    for words in ("Manylion", "Statws", "Ar agor", "diwrnod ar ôl", "Am yr ymgynghoriad hwn"):
        assert words in welsh_html, words

    # The English page keeps its words.
    english_text = visible_text(english_html)
    for words in (">Details<", ">Status<", ">Open<", "days left", "About this consultation"):
        assert words in english_text, words

    # Every step, to the check page, in Welsh: the scales, the equality questions,
    # the publishing question and the buttons.
    for step in range(2, len(first_survey(welsh).steps) + 1):
        client.cookies.clear()
        html = walk_survey_steps(client, welsh, to=step).content.decode()
        assert english_left(html) == [], (step, english_left(html))
    check = walk_survey_steps(client, welsh).content.decode()
    assert english_left(check) == []
    assert "Gwiriwch eich atebion" in check


def test_the_demo_equality_step_is_in_welsh_with_the_same_codes(seeded, client):
    english, welsh = demo_pages()
    survey = first_survey(welsh)
    last = len(survey.steps) + 1
    welsh_html = walk_survey_steps(client, welsh, to=last).content.decode()
    english_html = walk_survey_steps(client, english, to=last).content.decode()
    assert "Gwell gennyf beidio â dweud" in welsh_html
    assert "Beth yw eich oed?" in welsh_html
    assert "Prefer not to say" in english_html and "What is your age?" in english_html
    codes = set(re.findall(r'name="eq-[a-z_]+" type="radio" value="([^"]+)"', welsh_html))
    assert codes == set(re.findall(r'name="eq-[a-z_]+" type="radio" value="([^"]+)"', english_html))
    assert {"prefer_not", "under_16", "yes", "no"} <= codes


def test_the_demo_has_urdu_pages_written_right_to_left_flagged_for_review(seeded, client):
    from wagtail.models import Page

    from consultation_blocks.models import TranslationReview
    from home.demo.seed import seed_demo

    urdu_pages = Page.objects.filter(locale__language_code="ur").specific()
    assert {page.url for page in urdu_pages} == {
        "/ur/",
        "/ur/easy-read-how-should-we-engage-with-you/",
    }
    for page in urdu_pages:
        html = client.get(page.url).content.decode()
        assert '<html lang="ur" dir="rtl" class="govuk-template">' in html
        assert page.title in unescape(html)
        assert TranslationReview.objects.get(page=page).needs_native_review
    easy_read = client.get("/ur/easy-read-how-should-we-engage-with-you/").content.decode()
    assert "یہ کس بارے میں ہے؟" in easy_read
    # The English Easy Read page offers its Urdu translation, marked as such.
    english = client.get("/easy-read-how-should-we-engage-with-you/").content.decode()
    assert 'hreflang="ur" lang="ur"' in english

    # Loading the demo again adds no Urdu page and no review.
    reviews = TranslationReview.objects.count()
    seed_demo(password="a-demo-password-for-tests")
    assert Page.objects.filter(locale__language_code="ur").count() == 2
    assert TranslationReview.objects.count() == reviews
