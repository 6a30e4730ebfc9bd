""" "Show only if": the earlier question and its answer are chosen by id, checked by the
block, linked from the text conditions written before, and applied on the public form."""

import importlib

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail import blocks

from consultation_blocks.blocks.survey import QuestionStreamBlock
from consultation_blocks.models import SurveyResponse
from consultation_blocks.surveys import surveys_in
from tests.factories import ConsultationPageFactory, survey_block
from tests.survey_support import first_survey, survey_url, valid_post

migration = importlib.import_module("consultation_blocks.migrations.0027_published_responses")

pytestmark = pytest.mark.django_db

BLOCK = QuestionStreamBlock()


def raw_questions(condition, *, follow_up_kind="short_text"):
    return [
        {
            "type": "single_choice",
            "id": "travel",
            "value": {
                "label": "How do you travel?",
                "key": "travel",
                "required": True,
                "options": [
                    {"type": "item", "value": "Bus", "id": "opt-bus"},
                    {"type": "item", "value": "Car", "id": "opt-car"},
                ],
            },
        },
        {
            "type": "short_text",
            "id": "name",
            "value": {"label": "Your name", "required": False},
        },
        {
            "type": follow_up_kind,
            "id": "follow",
            "value": {"label": "Which bus route?", "required": False, "condition": condition},
        },
    ]


def clean(condition):
    return BLOCK.clean(BLOCK.to_python(raw_questions(condition)))


def condition_errors(condition):
    with pytest.raises(blocks.StreamBlockValidationError) as caught:
        clean(condition)
    data = caught.value.as_json_data()
    return data["blockErrors"][2]["blockErrors"]["condition"]["blockErrors"]


def test_a_condition_chosen_from_the_lists_is_kept():
    value = clean({"question": "travel", "option": "opt-bus"})
    assert value[2].value["condition"]["question"] == "travel"
    assert value[2].value["condition"]["option"] == "opt-bus"


@pytest.mark.parametrize(
    ("condition", "field", "message"),
    [
        ({"question": "nowhere", "option": "opt-bus"}, "question", "Choose a question above"),
        ({"question": "follow", "option": "x"}, "question", "Choose a question above"),
        ({"question": "name", "option": "x"}, "question", "answers to choose from"),
        ({"question": "travel", "option": ""}, "option", "Choose the answer"),
        ({"question": "travel", "option": "opt-train"}, "option", "that question's answers"),
        ({"question": "", "option": "opt-bus"}, "question", "Choose the earlier question"),
        (
            {"question_key": "travel", "answer": "Train"},
            "question",
            "No earlier question and answer match it",
        ),
        (
            {"question_key": "nobody", "answer": "Bus"},
            "question",
            "show if the question named 'nobody' is answered 'Bus'",
        ),
    ],
)
def test_a_condition_that_cannot_be_met_is_a_clear_block_error(condition, field, message):
    errors = condition_errors(condition)
    assert list(errors) == [field]
    assert message in errors[field]["messages"][0]


def test_a_text_condition_that_matches_is_linked_when_saved():
    value = clean({"question_key": "travel", "answer": " bus "})
    condition = value[2].value["condition"]
    assert (condition["question"], condition["option"]) == ("travel", "opt-bus")
    assert condition["question_key"] == condition["answer"] == ""


def test_the_migration_links_text_conditions_and_keeps_the_others():
    matched = raw_questions({"question_key": "travel", "answer": "car"})
    assert migration.link_questions(matched)
    assert matched[2]["value"]["condition"] == {
        "question": "travel",
        "option": "opt-car",
        "question_key": "",
        "answer": "",
    }
    unmatched = raw_questions({"question_key": "travel", "answer": "Boat"})
    assert not migration.link_questions(unmatched)
    assert unmatched[2]["value"]["condition"] == {"question_key": "travel", "answer": "Boat"}


def test_the_migration_links_a_stored_page(open_consultation, django_db_blocker):
    from django.apps import apps

    migration.link_text_conditions(apps, None)
    open_consultation.refresh_from_db()
    survey = first_survey(open_consultation)
    follow_up = next(q for q in survey.questions if q.condition)
    carer = survey.questions_by_key["carer"]
    assert follow_up.condition.question_id == carer.id
    assert follow_up.condition.option_id == "yes"
    raw = open_consultation.body.raw_data[0]["value"]["questions"]
    linked = next(q for q in raw if (q["value"].get("condition") or {}).get("question"))
    assert linked["value"]["condition"]["question"] == carer.id


@pytest.fixture
def chosen_condition_page(consultation_index):
    """A live survey whose follow-up question was chosen from the lists (by id)."""
    page = ConsultationPageFactory(parent=consultation_index, body=[survey_block()])
    page.save_revision().publish()
    page.refresh_from_db()
    from django.apps import apps

    migration.link_text_conditions(apps, None)  # text condition to ids, as on upgrade
    page.refresh_from_db()
    return page


def test_the_public_form_names_the_question_and_answer_it_depends_on(client, chosen_condition_page):
    html = client.get(survey_url(chosen_condition_page)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    follow = soup.select_one("[data-condition-field]")
    assert follow["data-condition-value"] == "yes"
    assert follow["data-condition-answer"] == "Yes"
    note = follow.select_one(".app-question__condition").get_text()
    assert "Answer this only if your answer to “Do you care for someone” was “Yes”." in note


@pytest.mark.parametrize(("carer", "kept"), [("yes", True), ("no", False)])
def test_the_server_applies_the_condition(client, chosen_condition_page, carer, kept):
    survey = first_survey(chosen_condition_page)
    follow_up = next(q for q in survey.questions if q.condition)
    carer_question = survey.questions_by_id[follow_up.condition.question_id]
    data = valid_post(
        survey,
        **{f"q-{carer_question.id}": carer, f"q-{follow_up.id}": "Respite on Tuesdays"},
    )
    assert client.post(survey_url(chosen_condition_page), data).status_code == 302
    answers = SurveyResponse.objects.get().answers
    assert (follow_up.id in answers) is kept


def test_a_condition_naming_a_later_question_is_never_met(consultation_index):
    page = ConsultationPageFactory(parent=consultation_index)
    page.body = [("survey", surveys_block_with(raw_questions({"question": "follow"})))]
    survey = surveys_in(page.body)[0]
    follow = survey.questions_by_id["follow"]
    assert not survey.is_shown(follow, {"travel": "opt-bus"})


def surveys_block_with(questions):
    from consultation_blocks.blocks import ConsultationStreamBlock

    survey = ConsultationStreamBlock().child_blocks["survey"]
    return survey.to_python({"heading": "Survey", "questions": questions})


def test_the_editor_loads_the_condition_chooser(admin_client, open_consultation):
    html = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[open_consultation.pk])
    ).content.decode()
    assert "consultation_blocks/js/survey-conditions.js" in html
    kinds = BeautifulSoup(html, "html.parser").select_one("#cb-condition-kinds").string
    assert '"yes_no": [["yes", "Yes"], ["no", "No"]]' in kinds
    assert '"single_choice": null' in kinds and "short_text" not in kinds
