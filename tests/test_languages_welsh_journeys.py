"""Every state a resident meets on the way through a Welsh consultation, past its
questions: the thank-you page and its "How was taking part?" form, saving for later
and coming back, a survey that could not be read, a closed or panel-only survey,
commenting and reporting a comment, and a refused form. The Welsh pages leave none
of their fixed words in English; the English pages keep theirs."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation_blocks.factories import page_break
from consultation_blocks.models import Comment, CommentReport, CommentState, TakingPartFeedback
from home.translation import translate_page
from tests.factories import (
    ConsultationPageFactory,
    comments_block,
    poll_block,
    question,
    survey_block,
)
from tests.public_forms import guard_fields, with_guard
from tests.survey_support import first_survey, survey_url
from tests.test_languages_fixed_strings import visible_text

pytestmark = pytest.mark.django_db

# Fixed strings of these states that must never be left in English on a Welsh page.
ENGLISH_FIXED_STRINGS = (
    # The thank-you page and "How was taking part?"
    "We expect a decision by",
    "We will publish what we heard",
    "How was taking part?",
    "Three quick, optional questions",
    "How easy was it to take part?",
    "Very easy",
    "Neither easy nor difficult",
    "Did you feel your views were listened to?",
    "Not sure yet",
    "Would you take part again?",
    ">Maybe<",
    "What would have made it better?",
    "Do not include personal details",
    "We use these answers only",
    "Send feedback",
    "Tell us about taking part in",
    "Every question is optional",
    "Answer at least one question",
    "Feedback received",
    "Thank you for telling us how it went",
    "We read this feedback",
    # Saving for later and coming back
    "Your answers are saved",
    "Your answers have not been sent yet",
    "We show this link only once",
    "Anyone with the link",
    "Saved answers are deleted",
    ">Warning<",
    "Link not found",
    "We cannot find your saved answers",
    "The link may be mistyped",
    "Go to ",
    "Back to ",
    # A survey that could not be read
    "We could not read your answers",
    "There is no such step",
    "Nothing has been stored",
    " again<",
    # Closed, not yet open, panel-only
    "This consultation has closed",
    "This consultation is not open yet",
    "Not open yet",
    "We are no longer taking responses",
    "We are looking at what people told us",
    "This survey opens on",
    "Come back then",
    "Responses open on",
    "citizens' panel",
    "personal link",
    "If you have left the panel",
    # Comments and reports
    "Thank you, your comment will appear",
    "Report a comment",
    "wrote:",
    "If enough people report a comment",
    "Why are you reporting this comment?",
    "Choose why you are reporting",
    "It is abusive, offensive or hateful",
    "It shares someone's personal details",
    "It is spam or advertising",
    "It is not about this consultation",
    "It may be unlawful",
    "Report comment",
    ">Cancel<",
    "Thank you for telling us. A moderator",
    "You have already reported this comment",
    "Enter your comment",
    "Enter your email address",
    "There is a problem",
    "Error:",
    # A refused form
    "We could not accept",
    "Leave this blank",
    "Nothing you sent has been saved",
    "Go back to the page",
)


def english_left(html):
    text = visible_text(html)
    return [string for string in ENGLISH_FIXED_STRINGS if string in text]


def assert_welsh(html, *welsh_words):
    assert english_left(html) == [], english_left(html)
    for words in welsh_words:
        assert words in visible_text(html), words
    assert 'lang="cy"' in html


def assert_english(html, *english_words):
    for words in english_words:
        assert words in visible_text(html), words


@pytest.fixture
def welsh_index(consultation_index, home_page):
    translate_page(home_page, "cy", {home_page.title: "Hafan"})
    return translate_page(consultation_index, "cy", {consultation_index.title: "Ymgynghoriadau"})


def publish_in_both(consultation_index, **fields):
    english = ConsultationPageFactory(parent=consultation_index, **fields)
    english.save_revision().publish()
    english.refresh_from_db()
    welsh = translate_page(english, "cy", {english.title: "Ymgynghoriad"})
    return english, welsh


@pytest.fixture
def pages(consultation_index, welsh_index):
    """One survey that can be saved for later, in two steps, and comments."""
    return publish_in_both(
        consultation_index,
        body=[
            survey_block(
                [
                    question("short_text", "What would you change?", key="change", required=False),
                    page_break("More"),
                    question("short_text", "Anything else?", key="else", required=False),
                ],
                equality=False,
                allow_save_and_resume=True,
            ),
            comments_block(),
        ],
    )


def both(pages, render):
    english, welsh = pages
    return render(english), render(welsh)


def thanks_url(page):
    return page.url + page.reverse_subpage("respond_thanks", args=[first_survey(page).id])


def test_the_thank_you_page_and_taking_part_are_in_welsh(client, pages):
    english_html, welsh_html = both(
        pages, lambda page: client.get(thanks_url(page)).content.decode()
    )
    assert_welsh(
        welsh_html,
        "Ymateb wedi dod i law",
        "Rydym yn disgwyl penderfyniad erbyn",
        "Sut brofiad oedd cymryd rhan?",
        "Pa mor hawdd oedd cymryd rhan?",
        "Hawdd iawn",
        "Yn rhannol",
        "Efallai",
        "Anfon adborth",
    )
    assert_english(
        english_html,
        "We expect a decision by",
        "How was taking part?",
        "Very easy",
        ">Maybe<",
        "Send feedback",
    )
    # The same answers are sent in either language.
    for value in ("very_easy", "partly", "maybe"):
        assert f'value="{value}"' in welsh_html and f'value="{value}"' in english_html


def taking_part_url(page):
    return reverse("consultation_blocks:taking_part", args=[page.pk])


def test_taking_part_its_errors_and_its_confirmation_are_in_welsh(client, pages):
    english, welsh = pages
    form = client.get(taking_part_url(welsh))
    assert form["Content-Language"] == "cy"
    assert_welsh(form.content.decode(), "Dywedwch wrthym sut oedd cymryd rhan yn")

    refused = client.post(taking_part_url(welsh), with_guard({}))
    assert refused.status_code == 400
    assert_welsh(refused.content.decode(), "Mae problem wedi codi", "Atebwch o leiaf un cwestiwn")
    english_refused = client.post(taking_part_url(english), with_guard({}))
    assert_english(english_refused.content.decode(), "There is a problem", "Answer at least one")

    sent = client.post(taking_part_url(welsh), with_guard({"easy": "easy", "again": "maybe"}))
    assert sent.status_code == 302
    assert sent["Location"] == reverse("consultation_blocks:taking_part_thanks") + "?lang=cy"
    assert_welsh(client.get(sent["Location"]).content.decode(), "Adborth wedi dod i law")
    # Counted with the English page's feedback, the same codes.
    feedback = TakingPartFeedback.objects.get()
    assert (feedback.page_id, feedback.easy, feedback.again) == (english.pk, "easy", "maybe")

    sent = client.post(taking_part_url(english), with_guard({"heard": "yes"}))
    assert sent["Location"] == reverse("consultation_blocks:taking_part_thanks")
    assert_english(client.get(sent["Location"]).content.decode(), "Feedback received")
    # A language the site does not have reads as English.
    unknown = client.get(reverse("consultation_blocks:taking_part_thanks") + "?lang=xx")
    assert_english(unknown.content.decode(), "Feedback received")


def save(client, page, **data):
    return client.post(
        survey_url(page),
        {**guard_fields(), "step": "1", "action": "save", "draft_email": "", **data},
    )


def test_saving_for_later_and_coming_back_are_in_welsh(client, pages, mailoutbox):
    english_saved, welsh_saved = both(
        pages, lambda page: save(client, page, draft_email="sam@example.org")
    )
    assert welsh_saved.status_code == english_saved.status_code == 200
    assert_welsh(
        welsh_saved.content.decode(),
        "Mae eich atebion wedi'u cadw",
        "Dim ond unwaith rydym yn dangos y ddolen hon",
        "Yn ôl i Ymgynghoriad",
    )
    assert_english(english_saved.content.decode(), "Your answers are saved", "We show this link")
    # The email with the link, in the language it was asked for in.
    english_email, welsh_email = mailoutbox
    assert welsh_email.subject == "Gorffen eich ymateb: Ymgynghoriad"
    assert "Rydych wedi cadw ymateb" in welsh_email.body
    assert "Anyone with the link" not in welsh_email.body
    assert english_email.subject.startswith("Finish your response: ")
    assert "Anyone with the link can see and change" in english_email.body

    def missing(page):
        return client.get(page.url + page.reverse_subpage("resume", args=["not-a-token"]))

    english_missing, welsh_missing = both(pages, missing)
    assert welsh_missing.status_code == english_missing.status_code == 404
    assert_welsh(
        welsh_missing.content.decode(),
        "Ni allwn ddod o hyd i'ch atebion sydd wedi'u cadw",
        "Ewch i Ymgynghoriad",
    )
    assert_english(english_missing.content.decode(), "We cannot find your saved answers")


def test_a_survey_that_could_not_be_read_is_refused_in_welsh(client, pages):
    def bad_step(page):
        return client.post(survey_url(page), {**guard_fields(), "step": "9"})

    english_refused, welsh_refused = both(pages, bad_step)
    assert welsh_refused.status_code == english_refused.status_code == 400
    assert_welsh(
        welsh_refused.content.decode(),
        "Ni allem ddarllen eich atebion",
        "Nid oes cam o'r fath yn yr arolwg hwn",
    )
    assert_english(english_refused.content.decode(), "There is no such step", "again")


@pytest.mark.parametrize("when", ["closed", "upcoming"])
def test_closed_and_upcoming_surveys_are_in_welsh(client, consultation_index, welsh_index, when):
    now = timezone.now()
    days = datetime.timedelta(days=1)
    dates = {
        "closed": {"opens_at": now - 30 * days, "closes_at": now - days},
        "upcoming": {"opens_at": now + 3 * days, "closes_at": now + 30 * days},
    }[when]
    pages = publish_in_both(consultation_index, **dates)
    english_html, welsh_html = both(pages, lambda page: client.get(page.url).content.decode())
    english_post, welsh_post = both(
        pages, lambda page: client.post(survey_url(page), {**guard_fields()})
    )
    assert welsh_post.status_code == english_post.status_code
    if when == "closed":
        assert_welsh(welsh_html, "Mae'r ymgynghoriad hwn wedi cau.", "Nid ydym yn derbyn ymatebion")
        assert_welsh(welsh_post.content.decode(), "Mae'r ymgynghoriad hwn wedi cau")
        assert_english(english_html, "This consultation has closed.", "We are looking at")
        assert_english(english_post.content.decode(), "nothing you sent has been saved")
    else:
        assert_welsh(welsh_html, "Mae'r arolwg hwn yn agor ar")
        assert_welsh(welsh_post.content.decode(), "Bydd ymatebion yn agor ar")
        assert_english(english_html, "This survey opens on", "Come back then")
        assert_english(english_post.content.decode(), "Responses open on")


def test_a_panel_only_survey_is_explained_in_welsh(client, consultation_index, welsh_index):
    pages = publish_in_both(consultation_index, panel_only=True)
    english_html, welsh_html = both(pages, lambda page: client.get(page.url).content.decode())
    assert_welsh(welsh_html, "Mae'r arolwg hwn ar gyfer aelodau'r panel dinasyddion")
    assert_english(english_html, "This survey is for members of the citizens' panel")

    english_refused, welsh_refused = both(pages, lambda page: client.get(survey_url(page)))
    assert welsh_refused.status_code == english_refused.status_code == 403
    assert_welsh(welsh_refused.content.decode(), "Dim ond drwy'r ddolen bersonol")
    assert_english(english_refused.content.decode(), "You can only answer it through")


def comment_url(page):
    return page.url + page.reverse_subpage("comment")


def test_commenting_and_its_errors_are_in_welsh(client, pages):
    def refused(page):
        return client.post(comment_url(page), with_guard({"name": "Sam"}))

    english_refused, welsh_refused = both(pages, refused)
    assert welsh_refused.status_code == english_refused.status_code == 400
    assert_welsh(welsh_refused.content.decode(), "Mae problem wedi codi")
    assert_english(english_refused.content.decode(), "Enter your comment", "Enter your email")

    def sent(page):
        data = {"name": "Sam", "email": "sam@example.org", "body": "Sundays, please."}
        response = client.post(comment_url(page), with_guard(data))
        assert response.status_code == 302
        return client.get(response["Location"]).content.decode()

    english_html, welsh_html = both(pages, sent)
    assert_welsh(welsh_html, "Diolch, bydd eich sylw yn ymddangos")
    assert_english(english_html, "Thank you, your comment will appear")


def report_url(page, comment):
    return page.url + page.reverse_subpage("report_comment", args=[comment.pk])


def test_reporting_a_comment_and_its_confirmation_are_in_welsh(client, pages):
    comments = [
        Comment.objects.create(
            page=page, name="Ama", email="a@example.org", body="No.", state=CommentState.APPROVED
        )
        for page in pages
    ]
    (english, welsh), (english_comment, welsh_comment) = pages, comments

    form = client.get(report_url(welsh, welsh_comment)).content.decode()
    assert_welsh(form, "Rhoi gwybod am sylw", "Ysgrifennodd", "Pam rydych yn rhoi gwybod", "Canslo")
    english_form = client.get(report_url(english, english_comment)).content.decode()
    assert_english(english_form, "Report a comment", "wrote:", "It may be unlawful", "Cancel")
    assert 'value="unlawful"' in form and 'value="unlawful"' in english_form

    refused = client.post(report_url(welsh, welsh_comment), with_guard({}))
    assert refused.status_code == 400
    assert_welsh(refused.content.decode(), "Dewiswch pam rydych yn rhoi gwybod am y sylw hwn")

    for expected in ("Diolch am roi gwybod i ni", "Rydych eisoes wedi rhoi gwybod"):
        sent = client.post(report_url(welsh, welsh_comment), with_guard({"reason": "spam"}))
        assert sent.status_code == 302
        assert_welsh(client.get(sent["Location"]).content.decode(), expected)
    assert CommentReport.objects.get().reason == "spam"

    sent = client.post(report_url(english, english_comment), with_guard({"reason": "spam"}))
    assert_english(client.get(sent["Location"]).content.decode(), "Thank you for telling us.")


def test_a_refused_form_is_explained_in_welsh(client, pages):
    def spam(page):
        data = {**guard_fields(), "website": "http://spam.example", "body": "x"}
        return client.post(comment_url(page), data)

    english_blocked, welsh_blocked = both(pages, spam)
    assert welsh_blocked.status_code == english_blocked.status_code == 400
    assert_welsh(
        welsh_blocked.content.decode(), "Ni allem dderbyn eich ffurflen", "Gadewch hwn yn wag"
    )
    assert_english(english_blocked.content.decode(), "We could not accept", "Leave this blank")
    assert Comment.objects.count() == 0


POLL_ENGLISH = (
    "Vote<",
    "votes in total",
    "vote in total",
    "Quick polls are indicative",
    "Your vote",
)


def test_a_quick_poll_its_results_and_its_refusal_are_in_welsh(
    client, consultation_index, welsh_index
):
    pages = publish_in_both(consultation_index, body=[poll_block()])

    def vote_twice(page):
        form = client.get(page.url).content.decode()
        option = re.search(r'name="option" type="radio" value="([^"]+)"', form)[1]
        url = page.url + page.reverse_subpage("vote", args=[first_poll_id(page)])
        voted = client.post(url, with_guard({"option": option}))
        assert voted.status_code == 302
        results = client.get(voted["Location"]).content.decode()
        again = client.post(url, with_guard({"option": option}))
        assert again.status_code == 409
        return form, results, again.content.decode()

    english, welsh = both(pages, vote_twice)
    for html in welsh:
        left = [words for words in POLL_ENGLISH if words in visible_text(html)]
        assert english_left(html) == left == [], (english_left(html), left)
    form, results, again = welsh
    assert ">Pleidleisio<" in visible_text(form)
    assert "Diolch am bleidleisio" in results and "1 bleidlais i gyd." in results
    assert "Rydych eisoes wedi pleidleisio" in again
    form, results, again = english
    assert ">Vote<" in visible_text(form)
    assert "Thank you for voting" in results and "1 vote in total." in results
    assert "You have already voted" in again


def first_poll_id(page):
    return next(str(child.id) for child in page.body if child.block_type == "quick_poll")


PUBLISHED_ENGLISH = (
    "Published responses",
    "Responses whose authors agreed",
    "Search these responses",
    "Search responses",
    "0 responses",
    "No published responses contain",
    "No responses have been published yet",
)


def test_the_published_responses_page_is_in_welsh(client, pages):
    def published(page, search=""):
        url = page.url + page.reverse_subpage("published_responses")
        return client.get(url, {"q": search} if search else {}).content.decode()

    for search, welsh_words in (("", "Nid oes ymatebion wedi'u cyhoeddi eto."), ("bus", "“bus”")):
        english_html, welsh_html = both(pages, lambda page, search=search: published(page, search))
        left = [words for words in PUBLISHED_ENGLISH if words in visible_text(welsh_html)]
        assert english_left(welsh_html) == left == [], left
        assert_welsh(welsh_html, "Ymatebion wedi'u cyhoeddi", "0 ymateb", welsh_words)
        assert_english(english_html, "Published responses", "0 responses", "Search these responses")


def test_pagination_is_in_welsh_on_a_welsh_page(rf):
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string
    from django.utils import translation

    page_obj = Paginator(range(30), 10).page(2)
    request = rf.get("/cy/")
    with translation.override("cy"):
        welsh = render_to_string(
            "consultation_blocks/includes/pagination.html", {"page_obj": page_obj}, request
        )
    with translation.override("en-gb"):
        english = render_to_string(
            "consultation_blocks/includes/pagination.html", {"page_obj": page_obj}, request
        )
    for words in (">Blaenorol<", ">Nesaf<", "Tudalen 1", "Tudalennau canlyniadau"):
        assert words in visible_text(welsh) or words in welsh, words
    for words in ("Previous", "Next", "Page 1", "Results pages"):
        assert words not in welsh, words
        assert words in english, words
