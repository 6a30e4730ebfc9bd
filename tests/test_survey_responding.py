"""Residents answering a survey on a consultation page: every question kind, the
lifecycle's edges, double submission and edits made after responses arrived."""

import datetime
import gc
import uuid
import weakref
from html import unescape
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation_blocks.forms.surveys import SurveyForm
from consultation_blocks.models import EqualityResponse, SurveyDraft, SurveyResponse
from consultation_blocks.questions import question_kind
from consultation_blocks.surveys import surveys_in
from tests.factories import ConsultationPageFactory, question, survey_block
from tests.survey_support import (
    EQUALITY_PREFIX,
    UPDATES_EMAIL_FIELD,
    WANTS_UPDATES_FIELD,
    date_field_name,
    first_survey,
    other_field_name,
    question_of_kind,
    ranking_field_name,
    survey_url,
    valid_post,
)

pytestmark = pytest.mark.django_db


def post(client, page, data):
    return client.post(survey_url(page), data)


def error_messages(response):
    import re

    return re.findall(
        r'govuk-error-message"><span[^>]*>Error:</span> (.*?)</p>', response.content.decode()
    )


def test_the_consultation_page_shows_the_form_for_every_question_kind(client, open_consultation):
    html = client.get(open_consultation.url).content.decode()
    survey = first_survey(open_consultation)
    for q in survey.questions:
        inputs = question_kind(q.kind).form_fields(q)
        assert inputs, q.kind
        for name in inputs:
            assert f'name="{name}"' in html, (q.kind, name)
    assert 'name="submission_key"' in html
    assert "You can enter up to 500 characters" in html  # the long-text limit is shown


def test_a_valid_response_is_stored_in_the_documented_format(client, open_consultation):
    survey = first_survey(open_consultation)
    data = valid_post(
        survey,
        **{
            f"{EQUALITY_PREFIX}age": "35_44",
            f"{EQUALITY_PREFIX}carer": "yes",
            UPDATES_EMAIL_FIELD: "Sam@Example.org",
            WANTS_UPDATES_FIELD: "on",
        },
    )
    response = post(client, open_consultation, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"respond/{survey.id}/thank-you/")

    stored = SurveyResponse.objects.get()
    answers = stored.answers
    by_kind = {q.kind: q for q in survey.questions if q.condition is None}
    assert answers[by_kind["postcode"].id] == "SK13 8AX"
    assert answers[by_kind["email"].id] == "Resident@example.org"
    assert answers[by_kind["rating"].id] == 4
    assert answers[by_kind["number"].id] == 3
    assert answers[by_kind["date"].id] == "2025-11-05"
    assert answers[by_kind["consent"].id] is True
    ranking = by_kind["ranking"]
    assert answers[ranking.id] == [option_id for option_id, _ in reversed(ranking.options)]
    multiple = by_kind["multiple_choice"]
    assert answers[multiple.id] == {
        "choices": [multiple.options[0][0], multiple.options[1][0]],
        "other": "",
    }
    assert stored.email == "sam@example.org" and stored.wants_updates
    assert stored.channel == "online"
    # Equality answers are stored apart, with no link back to the response.
    equality = EqualityResponse.objects.get()
    assert equality.answers == {"age": "35_44", "carer": "yes"}

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Response received" in thanks.content.decode()


def test_other_please_specify_is_kept_and_required_when_ticked(client, open_consultation):
    survey = first_survey(open_consultation)
    multiple = question_of_kind(survey, "multiple_choice")
    data = valid_post(survey, **{f"q-{multiple.id}": ["other"]})
    response = post(client, open_consultation, data)
    assert response.status_code == 400
    assert "Say what your other answer is" in error_messages(response)

    data[other_field_name(multiple)] = "Community pantry"
    assert post(client, open_consultation, data).status_code == 302
    assert SurveyResponse.objects.get().answers[multiple.id] == {
        "choices": ["other"],
        "other": "Community pantry",
    }


MISSING_MESSAGES = {
    "short_text": "Answer “{label}”",
    "long_text": "Answer “{label}”",
    "single_choice": "Choose an answer to “{label}”",
    "agreement": "Choose an answer to “{label}”",
    "rating": "Choose an answer to “{label}”",
    "number": "Answer “{label}”",
    "postcode": "Answer “{label}”",
    "yes_no": "Choose an answer to “{label}”",
    "consent": "Tick the box under “{label}” to send your response",
}


@pytest.mark.parametrize("kind", sorted(MISSING_MESSAGES))
def test_a_missing_required_answer_is_refused_and_nothing_is_stored(
    client, open_consultation, kind
):
    survey = first_survey(open_consultation)
    target = question_of_kind(survey, kind)
    data = valid_post(survey)
    data.pop(f"q-{target.id}")
    response = post(client, open_consultation, data)
    assert response.status_code == 400
    from consultation_blocks.forms.surveys import short_label

    expected = MISSING_MESSAGES[kind].format(label=short_label(target.label))
    assert expected in [unescape(m) for m in error_messages(response)]
    html = response.content.decode()
    # The error summary links to the question, and other answers are kept.
    assert f'href="#id_q-{target.id}"' in html
    assert "Glossop Carers Group" in html or kind == "short_text"
    assert SurveyResponse.objects.count() == 0
    assert EqualityResponse.objects.count() == 0


WRONG_ANSWERS = {
    "single_choice": ("not-an-option", "Choose one of the answers listed"),
    "agreement": ("very_much", "Choose one of the answers listed"),
    "rating": ("6", "Choose one of the answers listed"),
    "yes_no": ("maybe", "Choose one of the answers listed"),
    "number": ("21", "Enter a number no bigger than 20"),
    "postcode": ("NOT A CODE", "Enter a real UK postcode, like SK1 3XE"),
    "email": (
        "not-an-email",
        "Enter an email address in the correct format, like name@example.com",
    ),
    "long_text": ("x" * 501, "Your answer must be 500 characters or fewer"),
    "short_text": ("x" * 101, "Your answer must be 100 characters or fewer"),
}


@pytest.mark.parametrize("kind", sorted(WRONG_ANSWERS))
def test_a_wrong_answer_is_refused_with_a_clear_message(client, open_consultation, kind):
    survey = first_survey(open_consultation)
    target = question_of_kind(survey, kind)
    value, message = WRONG_ANSWERS[kind]
    response = post(client, open_consultation, valid_post(survey, **{f"q-{target.id}": value}))
    assert response.status_code == 400
    assert message in error_messages(response)
    assert SurveyResponse.objects.count() == 0


def test_number_below_the_minimum_and_not_a_number(client, open_consultation):
    survey = first_survey(open_consultation)
    number = question_of_kind(survey, "number")
    for value, message in (
        ("0", "Enter a number of at least 1"),
        ("three", "Enter a whole number, like 3"),
    ):
        response = post(client, open_consultation, valid_post(survey, **{f"q-{number.id}": value}))
        assert message in error_messages(response)


@pytest.mark.parametrize(
    "parts",
    [
        ("31", "2", "2025"),
        ("a", "1", "2025"),
        ("1", "13", "2025"),
        ("1", "1", "1800"),
        ("1", "", "2025"),
    ],
)
def test_impossible_dates_are_refused(client, open_consultation, parts):
    survey = first_survey(open_consultation)
    date = question_of_kind(survey, "date")
    fields = {
        date_field_name(date, part): value
        for part, value in zip(("day", "month", "year"), parts, strict=True)
    }
    response = post(client, open_consultation, valid_post(survey, **fields))
    assert response.status_code == 400
    assert f'href="#id_{date_field_name(date, "day")}"' in response.content.decode()


def date_fields(question, day, month, year):
    return {
        date_field_name(question, part): value
        for part, value in zip(("day", "month", "year"), (day, month, year), strict=True)
    }


@pytest.mark.parametrize("parts", [("²", "1", "2025"), ("1", "١", "2025"), ("1", "1", "２０２５")])
def test_digits_other_than_0_to_9_are_a_clear_error(client, open_consultation, parts):
    # str.isdigit() accepts superscripts and other scripts' digits; int() then refused
    # some of them with a server error.
    survey = first_survey(open_consultation)
    date = question_of_kind(survey, "date")
    response = post(client, open_consultation, valid_post(survey, **date_fields(date, *parts)))
    assert response.status_code == 400
    assert "Enter a real date, like 27 3 2024" in error_messages(response)
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize(
    "parts, message",
    [
        (("1", "1", "9999"), "The date must be the same as or before 31 December 2100"),
        (("31", "12", "1899"), "The date must be the same as or after 1 January 1900"),
    ],
)
def test_dates_outside_the_default_bounds_are_refused(client, open_consultation, parts, message):
    survey = first_survey(open_consultation)
    date = question_of_kind(survey, "date")
    response = post(client, open_consultation, valid_post(survey, **date_fields(date, *parts)))
    assert response.status_code == 400
    assert message in error_messages(response)
    assert SurveyResponse.objects.count() == 0


def test_an_editor_can_bound_a_date_question(client, consultation_index):
    page = ConsultationPageFactory(
        parent=consultation_index,
        body=[
            survey_block(
                [
                    question(
                        "date",
                        "When did you visit the library?",
                        min_date="2024-04-01",
                        max_date="2025-03-31",
                    )
                ],
                equality=False,
            )
        ],
    )
    page.save_revision().publish()
    page.refresh_from_db()
    survey = first_survey(page)
    date = survey.questions[0]
    for parts, message in (
        (("31", "3", "2024"), "The date must be the same as or after 1 April 2024"),
        (("1", "4", "2025"), "The date must be the same as or before 31 March 2025"),
    ):
        response = post(client, page, valid_post(survey, **date_fields(date, *parts)))
        assert response.status_code == 400
        assert message in error_messages(response)
    assert SurveyResponse.objects.count() == 0

    response = post(client, page, valid_post(survey, **date_fields(date, "31", "3", "2025")))
    assert response.status_code == 302
    assert SurveyResponse.objects.get().answers == {date.id: "2025-03-31"}


def test_a_box_ticked_many_times_is_stored_once(client, open_consultation):
    survey = first_survey(open_consultation)
    choice = question_of_kind(survey, "multiple_choice")
    library, gp = choice.options[2][0], choice.options[0][0]
    data = valid_post(survey, **{f"q-{choice.id}": [library] * 500 + [gp, library]})
    assert post(client, open_consultation, data).status_code == 302
    assert SurveyResponse.objects.get().answers[choice.id] == {
        "choices": [library, gp],
        "other": "",
    }


@pytest.mark.parametrize(
    "positions, message",
    [
        (("1", "1", "2"), "Give each option a different position"),
        (("1", "", "2"), "Give every option a position"),
    ],
)
def test_rankings_must_be_complete_and_distinct(client, open_consultation, positions, message):
    survey = first_survey(open_consultation)
    ranking = question_of_kind(survey, "ranking")
    fields = {
        ranking_field_name(ranking, option_id): position
        for (option_id, _), position in zip(ranking.options, positions, strict=True)
    }
    response = post(client, open_consultation, valid_post(survey, **fields))
    assert message in error_messages(response)


def test_hostile_input_is_escaped_on_the_way_back_and_never_a_server_error(
    client, open_consultation
):
    survey = first_survey(open_consultation)
    short = question_of_kind(survey, "short_text")
    payload = '<script>alert("x")</script>'
    data = valid_post(survey, **{f"q-{short.id}": payload})
    data.pop(f"q-{question_of_kind(survey, 'consent').id}")  # force a re-render
    response = post(client, open_consultation, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert payload not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_nul_and_control_characters_are_refused_not_stored(client, open_consultation):
    survey = first_survey(open_consultation)
    long_text = question_of_kind(survey, "long_text")
    response = post(
        client, open_consultation, valid_post(survey, **{f"q-{long_text.id}": "bad\x00byte"})
    )
    assert response.status_code == 400
    assert "Remove the unusual characters from your answer" in error_messages(response)
    assert SurveyResponse.objects.count() == 0


def test_unknown_and_duplicated_fields_do_not_break_the_form(client, open_consultation):
    survey = first_survey(open_consultation)
    single = question_of_kind(survey, "single_choice")
    data = valid_post(
        survey, **{"q-not-a-question": "x", f"q-{single.id}": [single.options[0][0], "junk"]}
    )
    response = post(client, open_consultation, data)
    # Django reads the last of repeated values: here an option that does not exist.
    assert response.status_code == 400
    assert "Choose one of the answers listed" in error_messages(response)
    assert SurveyResponse.objects.count() == 0

    data[f"q-{single.id}"] = ["junk", single.options[0][0]]
    assert post(client, open_consultation, data).status_code == 302
    assert "q-not-a-question" not in SurveyResponse.objects.get().answers


class TestConditions:
    def carer_questions(self, survey):
        carer = next(q for q in survey.questions if q.key == "carer")
        support = next(q for q in survey.questions if q.condition is not None)
        return carer, support

    def test_a_hidden_question_is_ignored_even_if_sent(self, client, open_consultation):
        survey = first_survey(open_consultation)
        carer, support = self.carer_questions(survey)
        data = valid_post(survey, **{f"q-{carer.id}": "no", f"q-{support.id}": "x" * 5000})
        assert post(client, open_consultation, data).status_code == 302
        assert support.id not in SurveyResponse.objects.get().answers

    def test_a_shown_question_is_validated_and_kept(self, client, open_consultation):
        survey = first_survey(open_consultation)
        carer, support = self.carer_questions(survey)
        too_long = valid_post(survey, **{f"q-{carer.id}": "yes", f"q-{support.id}": "x" * 301})
        assert post(client, open_consultation, too_long).status_code == 400
        good = valid_post(survey, **{f"q-{carer.id}": "yes", f"q-{support.id}": "Respite breaks"})
        assert post(client, open_consultation, good).status_code == 302
        assert SurveyResponse.objects.get().answers[support.id] == "Respite breaks"

    def test_a_required_conditional_question_is_required_only_when_shown(
        self, client, consultation_index
    ):
        questions = [
            question("yes_no", "Do you drive?", key="drives"),
            question(
                "short_text",
                "Where do you park?",
                condition={"question_key": "drives", "answer": "Yes"},
            ),
        ]
        page = ConsultationPageFactory(
            parent=consultation_index, body=[survey_block(questions, equality=False)]
        )
        page.save_revision().publish()
        survey = first_survey(page)
        drives, parking = survey.questions
        data = valid_post(survey, **{f"q-{drives.id}": "yes"})
        data.pop(f"q-{parking.id}", None)
        assert post(client, page, data).status_code == 400
        data[f"q-{drives.id}"] = "no"
        assert post(client, page, data).status_code == 302


class TestLifecycle:
    def test_one_second_before_opening_nothing_is_stored(self, client, consultation_index):
        moment = timezone.now()
        page = ConsultationPageFactory(
            parent=consultation_index, opens_at=moment + datetime.timedelta(seconds=1)
        )
        page.save_revision().publish()
        # The clock stands still one second before opening, however slow the machine.
        with mock.patch("django.utils.timezone.now", return_value=moment):
            response = post(client, page, valid_post(first_survey(page)))
            assert response.status_code == 403
            assert "not open yet" in response.content.decode()
            assert "Send my response" not in client.get(page.url).content.decode()
        assert SurveyResponse.objects.count() == 0

    def test_at_the_closing_moment_it_is_closed(self, client, consultation_index):
        page = ConsultationPageFactory(parent=consultation_index)
        page.save_revision().publish()
        survey = first_survey(page)
        page.closes_at = timezone.now()
        page.save_revision().publish()
        page.refresh_from_db()
        response = post(client, page, valid_post(survey))
        assert response.status_code == 403
        assert "This consultation has closed" in response.content.decode()
        assert "This consultation has closed" in client.get(page.url).content.decode()
        assert SurveyResponse.objects.count() == 0

    def test_an_unknown_survey_id_is_not_found(self, client, open_consultation):
        url = open_consultation.url + open_consultation.reverse_subpage("respond", args=["nope"])
        assert client.get(url).status_code == 404
        assert client.post(url, valid_post(first_survey(open_consultation))).status_code == 404


def test_the_same_form_sent_twice_stores_one_response(client, open_consultation):
    survey = first_survey(open_consultation)
    data = valid_post(survey, submission_key=uuid.uuid4())
    first = post(client, open_consultation, data)
    second = post(client, open_consultation, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert SurveyResponse.objects.count() == 1
    assert EqualityResponse.objects.count() <= 1


# serialized_rollback: the flush after a transactional test leaves every table empty,
# the pages and content types the migrations made among them, for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_form_sent_twice_outside_a_transaction_stores_one_response(
    client, open_consultation
):
    """As in production, with no transaction around the request: a response alone is
    stored by one INSERT of its own, and the second one's duplicate key is found."""
    survey = first_survey(open_consultation)
    data = valid_post(survey, submission_key=uuid.uuid4())
    with mock.patch.object(connection, "commit", wraps=connection.commit) as commits:
        first = post(client, open_consultation, data)
        second = post(client, open_consultation, data)
    assert commits.call_count == 0  # no BEGIN and COMMIT around the one INSERT
    with_equality = valid_post(
        survey, submission_key=uuid.uuid4(), **{f"{EQUALITY_PREFIX}sex": "female"}
    )
    with mock.patch.object(connection, "commit", wraps=connection.commit) as commits:
        third = post(client, open_consultation, with_equality)
        fourth = post(client, open_consultation, with_equality)
    assert commits.call_count == 1  # the response and its equality answers, together
    assert [r.status_code for r in (first, second, third, fourth)] == [302] * 4
    assert SurveyResponse.objects.count() == 2
    assert EqualityResponse.objects.count() == 1


def test_the_same_form_with_an_email_sent_twice_is_one_response_not_a_refusal(
    client, consultation_index
):
    page = ConsultationPageFactory(
        parent=consultation_index, body=[survey_block(one_per_email=True)]
    )
    page.save_revision().publish()
    data = valid_post(
        first_survey(page), submission_key=uuid.uuid4(), **{UPDATES_EMAIL_FIELD: "sam@example.org"}
    )
    first = post(client, page, data)
    second = post(client, page, data)
    assert first.status_code == second.status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_an_anonymous_answer_costs_a_fixed_number_of_queries(client, open_consultation):
    """Finding the site, routing to the consultation and its view restrictions (six
    queries under the test settings, which keep no page fragments) and the insert in its
    savepoint (three). Where answers are stored costs none: routing read the page with
    its locale, which is the default language's. The submission key is not looked up
    before storing: the same form sent twice is found by its unique key."""
    survey = first_survey(open_consultation)
    post(client, open_consultation, valid_post(survey, submission_key=uuid.uuid4()))

    with CaptureQueriesContext(connection) as queries:
        response = post(client, open_consultation, valid_post(survey, submission_key=uuid.uuid4()))

    assert response.status_code == 302
    assert SurveyResponse.objects.count() == 2
    assert len(queries) == 9, "\n".join(query["sql"] for query in queries)


def test_a_stored_answers_form_is_freed_at_once_not_left_to_the_garbage_collector(
    client, open_consultation, monkeypatch
):
    """A checked form and its bound fields refer to each other; left so, each answer's
    form and its fields wait for the cycle collector, which under load cost more than
    the rest of storing an answer. Once stored, the form is released and freed at once."""
    survey = first_survey(open_consultation)
    made = []
    build = SurveyForm.__init__

    def remembered(form, *args, **kwargs):
        build(form, *args, **kwargs)
        made.append(weakref.ref(form))

    monkeypatch.setattr(SurveyForm, "__init__", remembered)
    gc.collect()
    gc.disable()
    try:
        response = post(client, open_consultation, valid_post(survey, submission_key=uuid.uuid4()))
        still_there = [ref() is not None for ref in made]
    finally:
        gc.enable()

    assert response.status_code == 302
    assert still_there == [False]  # one form, freed without a collection


def test_one_response_per_email_when_the_survey_asks(client, consultation_index):
    page = ConsultationPageFactory(
        parent=consultation_index, body=[survey_block(one_per_email=True)]
    )
    page.save_revision().publish()
    survey = first_survey(page)
    without_email = valid_post(survey)
    response = post(client, page, without_email)
    assert "Enter your email address" in error_messages(response)

    data = valid_post(survey, **{UPDATES_EMAIL_FIELD: "sam@example.org"})
    assert post(client, page, data).status_code == 302
    again = valid_post(survey, **{UPDATES_EMAIL_FIELD: "SAM@example.org"})
    response = post(client, page, again)
    assert response.status_code == 409
    assert "A response has already been sent using this email address" in error_messages(response)
    assert SurveyResponse.objects.count() == 1


def test_updates_need_an_email_address(client, open_consultation):
    survey = first_survey(open_consultation)
    response = post(client, open_consultation, valid_post(survey, **{WANTS_UPDATES_FIELD: "on"}))
    assert "Enter your email address so we can tell you the outcome" in error_messages(response)


def test_editing_a_question_after_responses_keeps_answers_attached(client, open_consultation):
    survey = first_survey(open_consultation)
    short = question_of_kind(survey, "short_text")
    assert post(client, open_consultation, valid_post(survey)).status_code == 302

    page = open_consultation.get_latest_revision_as_object()
    raw = page.body.raw_data
    raw[0]["value"]["questions"][0]["value"]["label"] = "Your group's name, if any"
    page.body = raw
    page.save_revision().publish()
    page.refresh_from_db()

    edited = surveys_in(page.body)[0]
    assert edited.questions_by_id[short.id].label == "Your group's name, if any"
    stored = SurveyResponse.objects.get()
    assert stored.answers[short.id] == "Glossop Carers Group"
    assert stored.survey_id == edited.id


class TestSaveAndResume:
    def test_a_saved_draft_is_not_a_response_and_can_be_finished(
        self, client, open_consultation, mailoutbox
    ):
        survey = first_survey(open_consultation)
        short = question_of_kind(survey, "short_text")
        partial = valid_post(survey, action="save", draft_email="sam@example.org")
        partial = {
            k: v
            for k, v in partial.items()
            if not k.startswith(f"q-{question_of_kind(survey, 'consent').id}")
        }
        response = post(client, open_consultation, partial)
        assert response.status_code == 200
        assert SurveyResponse.objects.count() == 0
        draft = SurveyDraft.objects.get()
        resume_url = response.context["resume_url"]
        token = resume_url.rstrip("/").rsplit("/", 1)[-1]
        assert draft.token != token  # only a hash is stored
        assert [m.to for m in mailoutbox] == [["sam@example.org"]]
        assert resume_url in mailoutbox[0].body

        resumed = client.get(resume_url)
        assert resumed.status_code == 200
        html = resumed.content.decode()
        assert 'value="Glossop Carers Group"' in html
        assert f'name="draft_token" value="{token}"' in html

        final = valid_post(survey, draft_token=token)
        assert post(client, open_consultation, final).status_code == 302
        assert SurveyResponse.objects.get().answers[short.id] == "Glossop Carers Group"
        assert SurveyDraft.objects.count() == 0

    def test_control_characters_are_left_out_of_a_saved_draft(self, client, open_consultation):
        # PostgreSQL cannot store NUL in JSON: saving such a draft was a server error.
        survey = first_survey(open_consultation)
        short = question_of_kind(survey, "short_text")
        data = valid_post(survey, action="save", **{f"q-{short.id}": "Glossop\x00 Carers\x07"})
        response = post(client, open_consultation, data)
        assert response.status_code == 200
        assert SurveyDraft.objects.get().answers[f"q-{short.id}"] == ["Glossop Carers"]
        assert SurveyResponse.objects.count() == 0

    def test_a_draft_keeps_no_equality_answers_and_the_form_says_so(
        self, client, open_consultation
    ):
        survey = first_survey(open_consultation)
        form_html = client.get(survey_url(open_consultation)).content.decode()
        saving = form_html[form_html.index("Save your answers and finish later") :]
        assert "Your answers to the questions about you are not saved" in saving

        partial = valid_post(
            survey,
            action="save",
            draft_email="sam@example.org",
            **{f"{EQUALITY_PREFIX}age": "35_44", f"{EQUALITY_PREFIX}carer": "yes"},
        )
        response = post(client, open_consultation, partial)

        assert response.status_code == 200
        draft = SurveyDraft.objects.get()
        assert draft.email == "sam@example.org"
        assert not [name for name in draft.answers if name.startswith(EQUALITY_PREFIX)]
        assert draft.answers  # the survey answers themselves are kept
        resumed = client.get(response.context["resume_url"]).content.decode()
        assert 'value="35_44" checked' not in resumed
        assert EqualityResponse.objects.count() == 0

    def test_drafts_saved_before_lose_their_equality_answers(self, open_consultation):
        import importlib

        from django.apps import apps

        migration = importlib.import_module(
            "consultation_blocks.migrations.0010_residents_data_privacy"
        )
        survey = first_survey(open_consultation)
        short = question_of_kind(survey, "short_text")
        old = SurveyDraft.objects.create(
            page=open_consultation,
            survey_id=survey.id,
            token="a" * 64,
            email="sam@example.org",
            answers={f"q-{short.id}": ["Glossop"], "eq-age": ["35_44"], "eq-carer": ["yes"]},
        )
        untouched = SurveyDraft.objects.create(
            page=open_consultation, survey_id=survey.id, token="b" * 64, answers={"q-x": ["y"]}
        )
        response = SurveyResponse.objects.create(
            page=open_consultation, survey_id=survey.id, answers={"eq-age": "kept as it was"}
        )

        migration.forget_equality_answers(apps, None)

        old.refresh_from_db()
        untouched.refresh_from_db()
        response.refresh_from_db()
        assert old.answers == {f"q-{short.id}": ["Glossop"]}
        assert old.email == "sam@example.org"
        assert untouched.answers == {"q-x": ["y"]}
        assert response.answers == {"eq-age": "kept as it was"}

    def test_a_wrong_resume_link_is_a_clear_not_found(self, client, open_consultation):
        url = open_consultation.url + open_consultation.reverse_subpage(
            "resume", args=["not-a-token"]
        )
        response = client.get(url)
        assert response.status_code == 404
        assert "We cannot find your saved answers" in response.content.decode()

    def test_drafts_are_deleted_after_closing(self, open_consultation):
        from django.core.management import call_command

        from consultation_blocks.services.responses import save_draft

        survey = first_survey(open_consultation)
        save_draft(page=open_consultation, survey=survey, data={"q-x": ["y"]})
        call_command("delete_expired_drafts")
        assert SurveyDraft.objects.count() == 1
        open_consultation.closes_at = timezone.now() - datetime.timedelta(seconds=1)
        open_consultation.save()
        call_command("delete_expired_drafts")
        assert SurveyDraft.objects.count() == 0


def test_the_survey_page_alone_works_with_a_get(client, open_consultation):
    response = client.get(survey_url(open_consultation))
    assert response.status_code == 200
    assert "Send my response" in response.content.decode()
