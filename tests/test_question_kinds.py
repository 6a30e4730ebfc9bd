"""The table of question kinds: every block editors can add has a kind with a template,
the stored formats listed in surveys.py are the kinds', and the survey form, results
and export take whatever the table holds."""

import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from consultation_blocks import surveys
from consultation_blocks.blocks.survey import QuestionStreamBlock
from consultation_blocks.forms.surveys import SurveyForm
from consultation_blocks.questions import (
    AGREEMENT_SCALE,
    QUESTION_KINDS,
    OptionCount,
    QuestionKind,
    Tally,
    question_field_name,
    question_kind,
)
from consultation_blocks.results.export import export_rows
from consultation_blocks.selectors.results import survey_results
from consultation_blocks.surveys import Question, Survey, answer_texts
from tests.factories import EVERY_QUESTION_KIND, SurveyResponseFactory
from tests.survey_support import first_survey, question_of_kind


def test_every_block_editors_can_add_has_a_kind_with_a_template():
    # Besides the questions, editors add page breaks, which split a survey into steps.
    question_blocks = {
        name: block
        for name, block in QuestionStreamBlock().child_blocks.items()
        if name != surveys.PAGE_BREAK
    }
    assert set(QuestionStreamBlock().child_blocks) == EVERY_QUESTION_KIND | {surveys.PAGE_BREAK}
    assert set(question_blocks) == EVERY_QUESTION_KIND
    for name, block in question_blocks.items():
        kind = QUESTION_KINDS.get(name)
        assert kind is not None, f"no question kind is registered for the block {name!r}"
        assert (block.kind, kind.name) == (name, name)
        try:
            get_template(kind.template_name)
        except TemplateDoesNotExist:
            pytest.fail(f"the {name} kind's template {kind.template_name!r} does not exist")


def test_the_stored_formats_in_surveys_py_list_exactly_the_registered_kinds():
    table = surveys.__doc__.split("==\n", 2)[2]
    documented = set(re.findall(r"^([a-z_]+) {2,}\S", table, flags=re.MULTILINE))
    assert documented == set(QUESTION_KINDS)


def test_fixed_options_come_from_the_kind(open_consultation):
    survey = first_survey(open_consultation)
    agreement = question_of_kind(survey, "agreement")
    assert agreement.options == AGREEMENT_SCALE == QUESTION_KINDS["agreement"].fixed_options
    form = SurveyForm(survey)
    assert list(form.fields[question_field_name(agreement)].choices) == list(AGREEMENT_SCALE)


class Shout(QuestionKind):
    """A kind no block offers: answers are stored in capitals, counted by length."""

    name = "shout"
    template_name = "consultation_blocks/survey/questions/short_text.html"
    required_message = "Shout something for {quoted}"

    def form_field(self, question, **common):
        return forms.CharField(max_length=20, **common)

    def clean_answer(self, question, data):
        value = (data.get(question_field_name(question)) or "").strip()
        if value == "quiet":
            raise ValidationError("Louder, please")
        return value.upper() or None

    def texts(self, question, answer):
        return [f"{answer}!"]

    def export_headers(self, question):
        return [question.label, f"{question.label}: letters"]

    def export_cells(self, question, answer):
        return [*super().export_cells(question, answer), str(len(answer or ""))]

    def tally(self, question):
        return ShoutTally(question)


class ShoutTally(Tally):
    def __init__(self, question):
        super().__init__(question)
        self.letters = 0

    def add(self, answer):
        self.letters += len(answer)

    def fill(self, result, total):
        result.options = [OptionCount("Letters", self.letters, 0.0)]


@pytest.fixture
def shout(monkeypatch):
    monkeypatch.setitem(QUESTION_KINDS, "shout", Shout())
    question = Question(id="q1", kind="shout", label="Say it")
    return question, Survey(id="s1", heading="Loud", questions=(question,))


def test_a_registered_kind_builds_its_field_and_cleans_its_answer(shout):
    question, survey = shout
    name = question_field_name(question)

    form = SurveyForm(survey, {name: " hello "}, ask_updates_email=False)
    assert isinstance(form.fields[name], forms.CharField)
    assert form.is_valid(), form.errors
    assert form.answers() == {"q1": "HELLO"}
    assert form.question_fields()[0]["template"] == Shout.template_name

    refused = SurveyForm(survey, {name: "quiet"}, ask_updates_email=False)
    assert not refused.is_valid()
    assert refused.errors[name] == ["Louder, please"]

    blank = SurveyForm(survey, {name: ""}, ask_updates_email=False)
    assert not blank.is_valid()
    assert blank.errors[name] == ["Shout something for “Say it”"]


def test_a_registered_kind_reads_tallies_and_exports_its_answers(shout, open_consultation):
    question, survey = shout
    for answer in ("HI", "HELLO"):
        SurveyResponseFactory(page=open_consultation, survey_id=survey.id, answers={"q1": answer})

    assert answer_texts(question, "HI") == ["HI!"]
    [result] = survey_results(open_consultation, survey)["questions"]
    assert (result.answered, result.options) == (2, [OptionCount("Letters", 7, 0.0)])
    header, *rows = export_rows(open_consultation, survey)
    assert header[-2:] == ["Say it", "Say it: letters"]
    assert [row[-2:] for row in rows] == [["HI!", "2"], ["HELLO!", "5"]]


def test_an_unknown_kind_has_no_inputs_and_shows_what_was_stored():
    question = Question(id="q1", kind="retired", label="Gone")
    survey = Survey(id="s1", heading="Old", questions=(question,))
    assert question_kind("retired").form_fields(question) == {}
    assert "q-q1" not in SurveyForm(survey).fields
    assert answer_texts(question, {"choices": ["a", "b"], "other": "c"}) == ["a", "b", "c"]
