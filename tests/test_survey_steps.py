"""Residents answering a survey in steps: page breaks split the questions, each step is
checked on its own, a step may be skipped by an earlier answer, every answer is checked
on one page before sending, and one response is stored however often it is sent."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation_blocks.factories import page_break
from consultation_blocks.forms.survey_steps import STATE_FIELD
from consultation_blocks.models import EqualityResponse, SurveyDraft, SurveyResponse
from tests.factories import ConsultationPageFactory, question, survey_block
from tests.public_forms import guard_fields
from tests.survey_support import EQUALITY_PREFIX, first_survey, survey_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def stepped(consultation_index):
    """Three steps of questions (the third only for drivers), then the step about you."""
    page = ConsultationPageFactory(
        parent=consultation_index,
        body=[
            survey_block(
                [
                    question("short_text", "What is your name?", key="name"),
                    question("yes_no", "Do you drive?", key="drives"),
                    page_break("Getting about"),
                    question("long_text", "What would improve your journeys?"),
                    question("single_choice", "How often do you travel?", required=False),
                    page_break(
                        "Parking",
                        condition__question_key="drives",
                        condition__answer="Yes",
                    ),
                    question("number", "How many cars does your household have?"),
                ]
            )
        ],
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def questions(page):
    survey = first_survey(page)
    return survey, {q.label: q for q in survey.questions}


def state_of(response):
    found = re.search(rf'name="{STATE_FIELD}" value="([^"]*)"', response.content.decode())
    return unescape(found.group(1)) if found else ""


def step_number(response):
    return re.search(r'name="step" value="([^"]*)"', response.content.decode()).group(1)


def text(response):
    return response.content.decode()


def step(client, page, number, answers, *, state="", action="continue", **extra):
    data = {**guard_fields(), "step": str(number), "action": action, **answers, **extra}
    if state:
        data[STATE_FIELD] = state
    return client.post(survey_url(page), data)


def first_two_steps(client, page, *, drives="yes"):
    survey, q = questions(page)
    one = step(
        client,
        page,
        1,
        {f"q-{q['What is your name?'].id}": "Ama", f"q-{q['Do you drive?'].id}": drives},
    )
    assert one.status_code == 200, text(one)
    choice = q["How often do you travel?"]
    two = step(
        client,
        page,
        2,
        {
            f"q-{q['What would improve your journeys?'].id}": "More buses",
            f"q-{choice.id}": choice.options[0][0],
        },
        state=state_of(one),
    )
    assert two.status_code == 200, text(two)
    return survey, q, two


def test_the_consultation_page_shows_the_first_step_with_its_progress(client, stepped):
    survey, q = questions(stepped)
    html = text(client.get(stepped.url))
    # Two steps of questions and the step about you: the parking step counts once an
    # answer shows it.
    assert "Step 1 of 3" in html
    assert f'name="q-{q["What is your name?"].id}"' in html
    assert f'name="q-{q["What would improve your journeys?"].id}"' not in html
    assert 'name="step" value="1"' in html
    assert STATE_FIELD not in html  # nothing belonging to one visitor on a shared page
    assert ">Continue</button>" in html
    assert ">Back</button>" not in html


def test_a_survey_without_page_breaks_is_one_page_as_before(client, open_consultation):
    html = text(client.get(open_consultation.url))
    assert "Step 1 of" not in html
    assert STATE_FIELD not in html
    assert 'value="send"' in html


def test_continue_goes_step_by_step_and_the_check_page_lists_every_answer(client, stepped):
    survey, q, two = first_two_steps(client, stepped)
    assert "Step 3 of 4" in text(two)
    assert "Parking" in text(two)
    three = step(
        client,
        stepped,
        3,
        {f"q-{q['How many cars does your household have?'].id}": "2"},
        state=state_of(two),
    )
    assert "Step 4 of 4" in text(three)
    assert "About you" in text(three)
    check = step(client, stepped, 4, {f"{EQUALITY_PREFIX}carer": "yes"}, state=state_of(three))
    html = text(check)
    assert "Check your answers before sending your response" in html
    for answer in ("Ama", "More buses", "2", "How many cars does your household have?"):
        assert answer in html
    assert html.count('name="change"') >= 5
    assert SurveyResponse.objects.count() == 0


def test_each_step_is_checked_on_its_own_with_an_error_summary(client, stepped):
    survey, q = questions(stepped)
    response = step(client, stepped, 1, {f"q-{q['What is your name?'].id}": "Ama"})
    html = text(response)
    assert response.status_code == 400
    assert "There is a problem" in html
    drives = q["Do you drive?"]
    assert f'href="#id_q-{drives.id}"' in html  # the summary links to the question
    # Questions of later steps are not complained about yet.
    assert "What would improve your journeys" not in html
    assert "Step 1 of" in html
    assert "<title>Error: " in html


def test_back_keeps_the_answers_of_both_steps(client, stepped):
    survey, q, two = first_two_steps(client, stepped)
    # On step 3, type an answer and go back without finishing it.
    back = step(
        client,
        stepped,
        3,
        {f"q-{q['How many cars does your household have?'].id}": "7"},
        state=state_of(two),
        action="back",
    )
    assert back.status_code == 200
    assert "Step 2 of 4" in text(back)
    assert "More buses" in text(back)
    again = step(
        client,
        stepped,
        2,
        {
            f"q-{q['What would improve your journeys?'].id}": "More buses",
        },
        state=state_of(back),
    )
    assert "Step 3 of 4" in text(again)
    assert 'value="7"' in text(again)  # step 3's answer, kept through Back


def test_a_step_is_skipped_by_an_earlier_answer_and_its_answers_never_stored(client, stepped):
    survey, q, two = first_two_steps(client, stepped, drives="no")
    html = text(two)
    assert "Step 3 of 3" in html  # no parking step for those who do not drive
    assert "About you" in html
    assert "How many cars" not in html
    assert step_number(two) == "4"  # the steps keep their numbers; the third is skipped
    check = step(client, stepped, 4, {}, state=state_of(two))
    assert "How many cars" not in text(check)
    sent = step(client, stepped, "check", {}, state=state_of(check), action="send")
    assert sent.status_code == 302
    stored = SurveyResponse.objects.get()
    assert q["How many cars does your household have?"].id not in stored.answers
    assert stored.answers[q["Do you drive?"].id] == "no"


def test_change_link_round_trip_returns_to_the_check_page(client, stepped):
    survey, q, two = first_two_steps(client, stepped)
    three = step(
        client,
        stepped,
        3,
        {f"q-{q['How many cars does your household have?'].id}": "2"},
        state=state_of(two),
    )
    check = step(client, stepped, 4, {}, state=state_of(three))
    change = step(client, stepped, "check", {}, state=state_of(check), action="", change="2")
    assert change.status_code == 200
    assert "Step 2 of 4" in text(change)
    assert 'name="returning" value="1"' in text(change)
    back_to_check = step(
        client,
        stepped,
        2,
        {f"q-{q['What would improve your journeys?'].id}": "Safer cycling"},
        state=state_of(change),
        returning="1",
    )
    html = text(back_to_check)
    assert "Check your answers" in html
    assert "Safer cycling" in html
    assert "More buses" not in html


def test_the_final_send_stores_one_whole_response_even_when_repeated(client, stepped):
    survey, q, two = first_two_steps(client, stepped)
    three = step(
        client,
        stepped,
        3,
        {f"q-{q['How many cars does your household have?'].id}": "2"},
        state=state_of(two),
    )
    check = step(
        client,
        stepped,
        4,
        {f"{EQUALITY_PREFIX}carer": "yes", "updates_email": "ama@example.org"},
        state=state_of(three),
    )
    state = state_of(check)
    first = step(client, stepped, "check", {}, state=state, action="send")
    again = step(client, stepped, "check", {}, state=state, action="send")
    assert first.status_code == again.status_code == 302
    assert first["Location"].endswith(f"respond/{survey.id}/thank-you/")
    stored = SurveyResponse.objects.get()
    assert stored.answers == {
        q["What is your name?"].id: "Ama",
        q["Do you drive?"].id: "yes",
        q["What would improve your journeys?"].id: "More buses",
        q["How often do you travel?"].id: q["How often do you travel?"].options[0][0],
        q["How many cars does your household have?"].id: 2,
    }
    assert stored.email == "ama@example.org"
    assert EqualityResponse.objects.get().answers == {"carer": "yes"}


@pytest.mark.parametrize("number", ["0", "99", "two", "-1", ""])
def test_a_made_up_step_number_is_refused_clearly(client, stepped, number):
    response = step(client, stepped, number, {})
    assert response.status_code == 400
    assert "There is no such step" in text(response)


def test_a_step_sent_out_of_order_shows_the_first_step_still_to_do(client, stepped):
    survey, q = questions(stepped)
    one = step(
        client,
        stepped,
        1,
        {f"q-{q['What is your name?'].id}": "Ama", f"q-{q['Do you drive?'].id}": "yes"},
    )
    # Jump from step 2 straight to the check page, and to step 4.
    for number in ("4", "check"):
        response = step(client, stepped, number, {}, state=state_of(one), action="send")
        assert response.status_code == 200
        assert "Step 2 of 4" in text(response)
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize(
    "tamper",
    [
        lambda state: state[:-3] + "abc",
        lambda state: "not-a-state",
        lambda state: state.replace(":", ";", 1),
    ],
)
def test_a_tampered_state_is_refused_with_a_clear_400(client, stepped, tamper):
    survey, q, two = first_two_steps(client, stepped)
    response = step(client, stepped, 3, {}, state=tamper(state_of(two)))
    assert response.status_code == 400
    assert "We could not read your answers" in text(response)
    assert SurveyResponse.objects.count() == 0


def test_a_state_from_another_survey_is_refused(client, stepped, consultation_index):
    other = ConsultationPageFactory(
        parent=consultation_index,
        body=[
            survey_block(
                [
                    question("short_text", "What is your name?"),
                    page_break(),
                    question("yes_no", "Do you walk?"),
                ]
            )
        ],
    )
    other.save_revision().publish()
    survey, q, two = first_two_steps(client, stepped)
    response = step(client, other, 2, {}, state=state_of(two))
    assert response.status_code == 400


def test_the_survey_own_page_starts_at_step_one_and_is_never_shared(client, stepped, settings):
    settings.PAGE_CACHE_SECONDS = 60
    response = client.get(survey_url(stepped))
    assert response.status_code == 200
    assert "Step 1 of 3" in text(response)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    survey, q = questions(stepped)
    answer = step(
        client,
        stepped,
        1,
        {f"q-{q['What is your name?'].id}": "Ama", f"q-{q['Do you drive?'].id}": "yes"},
    )
    assert "private" in answer["Cache-Control"]


def test_save_and_resume_reopens_at_the_first_step_with_every_answer(client, stepped):
    survey, q, two = first_two_steps(client, stepped)
    saved = step(client, stepped, 3, {}, state=state_of(two), action="save", draft_email="")
    assert saved.status_code == 200
    link = re.search(r"https?://[^\s\"<]+/resume/[^\s\"<]+/", text(saved)).group(0)
    draft = SurveyDraft.objects.get()
    assert draft.answers[f"q-{q['What would improve your journeys?'].id}"] == ["More buses"]
    resumed = client.get(link.split("testserver", 1)[-1])
    assert resumed.status_code == 200
    assert "Step 1 of 4" in text(resumed)  # the saved answer shows the parking step
    assert 'value="Ama"' in text(resumed)


def test_a_step_costs_the_same_queries_whatever_the_survey_size(client, consultation_index):
    def page_of(size):
        stream = []
        for number in range(size):
            stream += [question("short_text", f"Question {number}?"), page_break(f"Part {number}")]
        page = ConsultationPageFactory(
            parent=consultation_index, body=[survey_block([*stream, question("yes_no", "End?")])]
        )
        page.save_revision().publish()
        return page

    small, large = page_of(2), page_of(8)
    counts = []
    for page in (small, large):
        first = first_survey(page).questions[0]

        step(client, page, 1, {f"q-{first.id}": "Yes"})  # caches warmed
        with CaptureQueriesContext(connection) as queries:
            response = step(client, page, 1, {f"q-{first.id}": "Yes"})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_demo_open_consultation_runs_in_steps_and_asks_about_carers_once(seeded, client):
    from consultation_blocks.models import ConsultationPage
    from consultation_blocks.surveys import surveys_in

    page = ConsultationPage.objects.get(slug="how-should-we-engage-with-you")
    [survey] = surveys_in(page.body)
    assert len(survey.steps) >= 4
    assert any(step.condition for step in survey.steps)  # a step residents may skip
    assert not [q for q in survey.questions if "carer" in q.label.lower() or q.key == "carer"]
    assert "carer" in survey.equality_codes
    html = text(client.get(page.url))
    assert "Step 1 of" in html
    assert "Our vision and objectives" in html


def test_a_step_condition_must_name_an_earlier_question():
    from wagtail.blocks import StreamBlockValidationError

    from consultation_blocks.blocks.survey import QuestionStreamBlock

    block = QuestionStreamBlock()
    value = block.to_python(
        [
            {"type": "yes_no", "value": {"label": "Do you drive?"}, "id": "drives"},
            {
                "type": "page_break",
                "value": {"title": "Parking", "condition": {"question": "not-a-question"}},
                "id": "break",
            },
            {"type": "short_text", "value": {"label": "Where do you park?"}, "id": "where"},
        ]
    )
    with pytest.raises(StreamBlockValidationError) as error:
        block.clean(value)
    assert "Choose a question above this one." in str(error.value.as_json_data())
    value[1].value["condition"]["question"] = "drives"
    value[1].value["condition"]["option"] = "yes"
    block.clean(value)


def test_a_question_on_a_skipped_step_is_hidden_for_the_form_too(stepped):
    from consultation_blocks.forms.surveys import SurveyForm

    survey, q = questions(stepped)
    cars = q["How many cars does your household have?"]
    assert survey.step_of(cars).title == "Parking"
    drives = q["Do you drive?"]
    assert not survey.is_shown(cars, {drives.id: "no"})
    assert survey.is_shown(cars, {drives.id: "yes"})
    # On one page (staff typing in a paper response), the same rule applies.
    form = SurveyForm(
        survey,
        {
            f"q-{q['What is your name?'].id}": "Ama",
            f"q-{drives.id}": "no",
            f"q-{q['What would improve your journeys?'].id}": "Buses",
        },
    )
    assert form.is_valid(), form.errors
    assert cars.id not in form.answers()


def test_moving_between_steps_is_not_counted_as_sending_a_form(client, stepped, settings):
    """With a limit of two forms per window, a resident can still go back and forth
    between steps many times; Continue on a survey on one page, which stores a
    response, counts as sending."""
    settings.CONSULTATION_RATE_LIMIT = 2
    survey, q = questions(stepped)
    name = f"q-{q['What is your name?'].id}"
    drives = f"q-{q['Do you drive?'].id}"
    answers = {name: "Ama", drives: "no"}
    for _ in range(2):
        assert step(client, stepped, 1, answers).status_code == 200
    state = state_of(step(client, stepped, 1, answers))
    assert step(client, stepped, 2, {}, state=state, action="back").status_code == 200
    assert step(client, stepped, 1, answers).status_code == 200


def test_a_survey_on_one_page_counts_every_post_whatever_its_action(
    client, open_consultation, settings
):
    settings.CONSULTATION_RATE_LIMIT = 2
    statuses = [
        client.post(
            survey_url(open_consultation), {**guard_fields(), "action": "continue"}
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]


def test_the_last_step_asks_whether_the_response_may_be_published(client, stepped):
    survey, q, two = first_two_steps(client, stepped)
    three = step(
        client,
        stepped,
        3,
        {f"q-{q['How many cars does your household have?'].id}": "2"},
        state=state_of(two),
    )
    assert "Can we publish your response?" in text(three)
    check = step(
        client,
        stepped,
        4,
        {"publication": "with_name", "publication_name": "Ama of Hyde"},
        state=state_of(three),
    )
    assert "Ama of Hyde" in text(check)
    sent = step(client, stepped, "check", {}, state=state_of(check), action="send")
    assert sent.status_code == 302
    stored = SurveyResponse.objects.get()
    assert (stored.publication, stored.publication_name) == ("with_name", "Ama of Hyde")
