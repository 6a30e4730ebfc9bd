"""The plain survey definition that forms, results and exports share."""

import copy

import pytest
from wagtail.blocks import StructBlockValidationError

from consultation_blocks.blocks.survey import DateQuestionBlock
from consultation_blocks.surveys import answer_texts, surveys_in
from tests.factories import EVERY_QUESTION_KIND


def test_every_question_kind_becomes_a_question_with_a_stable_id(open_consultation):
    [survey] = surveys_in(open_consultation.body)
    kinds = [question.kind for question in survey.questions]
    assert set(kinds) == EVERY_QUESTION_KIND
    stored_ids = [child["id"] for child in open_consultation.body.raw_data[0]["value"]["questions"]]
    assert [question.id for question in survey.questions] == stored_ids
    assert len(survey.equality_codes) == 14


def test_rewording_a_question_keeps_its_id(open_consultation):
    [before] = surveys_in(open_consultation.body)
    raw = copy.deepcopy(list(open_consultation.body.raw_data))
    raw[0]["value"]["questions"][0]["value"]["label"] = "A reworded question"
    open_consultation.body = raw
    open_consultation.save_revision().publish()
    open_consultation.refresh_from_db()
    [after] = surveys_in(open_consultation.body)
    assert after.questions[0].label == "A reworded question"
    assert after.questions[0].id == before.questions[0].id


def test_a_survey_found_by_its_id_is_built_once_per_version_of_its_block(open_consultation):
    """Each answer reads the page afresh; its survey is built from the stored block
    once, and again only when the block changes."""
    from consultation_blocks.models import ConsultationPage
    from consultation_blocks.selectors.responses import find_survey

    def fresh():
        return ConsultationPage.objects.get(pk=open_consultation.pk)

    [survey] = surveys_in(open_consultation.body)
    first, second = find_survey(fresh(), survey.id), find_survey(fresh(), survey.id)
    assert first == survey
    assert second is first
    assert find_survey(fresh(), "not-a-survey") is None

    raw = copy.deepcopy(list(open_consultation.body.raw_data))
    raw[0]["value"]["questions"][0]["value"]["label"] = "A reworded question"
    open_consultation.body = raw
    open_consultation.save_revision().publish()
    changed = find_survey(fresh(), survey.id)
    assert changed.questions[0].label == "A reworded question"
    assert changed == surveys_in(fresh().body)[0]


def test_conditional_question_follows_the_answer_it_depends_on(open_consultation):
    [survey] = surveys_in(open_consultation.body)
    carer = survey.questions_by_key["carer"]
    follow_up = next(q for q in survey.questions if q.condition)
    assert not survey.is_shown(follow_up, {})
    assert not survey.is_shown(follow_up, {carer.id: "no"})
    assert survey.is_shown(follow_up, {carer.id: "yes"})


def test_answer_texts_use_current_option_labels(open_consultation):
    [survey] = surveys_in(open_consultation.body)
    services = next(q for q in survey.questions if q.kind == "multiple_choice")
    gp_id = services.options[0][0]
    answer = {"choices": [gp_id, "removed-option"], "other": "Dentist"}
    assert answer_texts(services, answer) == ["GP", "(option since removed)", "Dentist"]


def test_a_date_question_cannot_end_before_it_starts():
    block = DateQuestionBlock()
    value = {"label": "When did you visit?", "required": True, "condition": {}}
    assert block.clean(block.to_python({**value, "min_date": "2024-01-01"}))
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(block.to_python({**value, "min_date": "2025-01-01", "max_date": "2024-12-31"}))
    assert "max_date" in refused.value.block_errors


@pytest.mark.parametrize(
    "block_class", ["SingleChoiceQuestionBlock", "MultipleChoiceQuestionBlock"]
)
def test_a_new_choice_question_starts_with_two_option_boxes(block_class):
    from consultation_blocks.blocks import survey

    block = getattr(survey, block_class)()
    options = block.get_default()["options"]
    assert list(options) == ["", ""]
    # The editor builds a new question from the same default.
    assert len(block.child_blocks["options"].get_form_state(options)) == 2
