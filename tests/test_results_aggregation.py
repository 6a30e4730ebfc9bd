"""The results selectors on their own: exact counts and percentages per kind, the
multiple-choice rule, small-count suppression, channels, written answers, and a query
count that does not grow with the number of responses."""

import itertools

import pytest

from consultation_blocks.selectors.results import (
    equality_results,
    free_text_answers,
    suppress_small_counts,
    survey_results,
)
from tests.factories import EqualityResponseFactory, SurveyResponseFactory
from tests.survey_support import first_survey, question_of_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(open_consultation):
    return first_survey(open_consultation)


def result_for(results, question):
    return next(r for r in results["questions"] if r.question.id == question.id)


def counts(result):
    return {option.label: (option.count, option.percent) for option in result.options}


def test_multiple_choice_percent_is_of_those_who_answered_and_other_is_an_option(
    open_consultation, survey
):
    question = question_of_kind(survey, "multiple_choice")
    first, second = (option_id for option_id, _ in question.options[:2])
    first_label, second_label = (label for _, label in question.options[:2])
    page = open_consultation
    SurveyResponseFactory(page=page, answers={question.id: {"choices": [first, second]}})
    SurveyResponseFactory(page=page, answers={question.id: {"choices": [first], "other": ""}})
    SurveyResponseFactory(
        page=page, answers={question.id: {"choices": ["other"], "other": "Buses"}}
    )
    SurveyResponseFactory(page=page, answers={question.id: {"choices": [first, first]}})
    SurveyResponseFactory(page=page, answers={})  # did not answer this question

    result = result_for(survey_results(page, survey), question)

    assert result.answered == 4
    table = counts(result)
    assert table[first_label] == (3, 75.0)  # a repeated id counts once
    assert table[second_label] == (1, 25.0)
    if question.allow_other:
        assert table["Other"] == (1, 25.0)
    # Options add up to more than 100%: respondents, not combinations, are counted.
    assert sum(option.percent for option in result.options) > 100


@pytest.mark.parametrize(
    ("kind", "answers", "expected_label", "expected"),
    [
        ("agreement", ["agree", "agree", "disagree"], "Agree", (2, 66.7)),
        ("rating", [5, 5, 1, 3], "5 – Very well", (2, 50.0)),
        ("yes_no", ["yes", "no", "no", "no"], "No", (3, 75.0)),
    ],
)
def test_fixed_scales_count_each_answer(
    open_consultation, survey, kind, answers, expected_label, expected
):
    question = question_of_kind(survey, kind)
    for answer in answers:
        SurveyResponseFactory(page=open_consultation, answers={question.id: answer})

    result = result_for(survey_results(open_consultation, survey), question)

    assert result.answered == len(answers)
    assert counts(result)[expected_label] == expected


def test_single_choice_ranking_number_and_answered_only_kinds(open_consultation, survey):
    single = question_of_kind(survey, "single_choice")
    ranking = question_of_kind(survey, "ranking")
    number = question_of_kind(survey, "number")
    date = question_of_kind(survey, "date")
    email = question_of_kind(survey, "email")
    postcode = question_of_kind(survey, "postcode")
    (a, a_label), (b, b_label) = ranking.options[:2]
    chosen, chosen_label = single.options[0]
    page = open_consultation
    SurveyResponseFactory(
        page=page,
        answers={
            single.id: chosen,
            ranking.id: [a, b],
            number.id: 10,
            date.id: "2026-01-02",
            email.id: "a@example.org",
            postcode.id: "SK1 3XE",
        },
    )
    SurveyResponseFactory(page=page, answers={single.id: chosen, ranking.id: [b, a], number.id: 2})
    SurveyResponseFactory(page=page, answers={ranking.id: [a, b], number.id: 3})

    results = survey_results(page, survey)

    assert counts(result_for(results, single))[chosen_label] == (2, 100.0)
    means = dict(result_for(results, ranking).mean_positions)
    assert means[a_label] == pytest.approx(4 / 3, abs=0.01)
    assert means[b_label] == pytest.approx(5 / 3, abs=0.01)
    assert result_for(results, number).number_summary == {
        "count": 3,
        "min": 2,
        "max": 10,
        "mean": 5.0,
    }
    assert result_for(results, date).answered == 1
    assert result_for(results, email).answered == 1
    assert result_for(results, postcode).answered == 1
    assert results["total"] == 3


def answer_equality(page, *answers):
    """One survey response per equality answer, as the form stores them."""
    for answer in answers:
        SurveyResponseFactory(page=page, answers={})
        EqualityResponseFactory(page=page, answers=answer)


def equality_table(page, survey, code):
    return next(t for t in equality_results(page, survey) if t.question.code == code)


def test_equality_small_counts_hide_the_total_and_percentages(open_consultation, survey):
    answer_equality(open_consultation, *[{"age": "16_24"}] * 4, *[{"age": "45_54"}] * 5)

    age = equality_table(open_consultation, survey, "age")
    rows = {row.label: (row.shown, row.percent) for row in age.rows}

    assert rows["16 to 24"] == ("<5", "")
    assert rows["25 to 34"] == ("<5", "")  # a zero is a group under five too
    assert rows["45 to 54"] == ("5", "")
    assert age.answered is None


def test_equality_without_small_groups_is_shown_in_full(open_consultation, survey):
    answer_equality(
        open_consultation,
        *[{"sex": "female"}] * 6,
        *[{"sex": "male"}] * 5,
        *[{"sex": "prefer_not"}] * 5,
    )

    sex = equality_table(open_consultation, survey, "sex")

    assert [(row.shown, row.percent) for row in sex.rows] == [
        ("6", "37.5%"),
        ("5", "31.2%"),
        ("5", "31.2%"),
    ]
    assert sex.answered == 16


def test_equality_is_withheld_when_the_groups_shown_account_for_everyone(open_consultation, survey):
    answer_equality(open_consultation, *[{"age": "45_54"}] * 6)

    age = equality_table(open_consultation, survey, "age")

    assert age.withheld and age.rows == [] and age.answered is None


def displays_and_counts_behind(options, respondents):
    """Every display of one question's counts, with the counts that give it: what a
    reader who knows the rule and the number of respondents can narrow it down to."""
    behind = {}
    for counts in itertools.product(range(respondents + 1), repeat=options):
        if sum(counts) > respondents:
            continue
        cells, answered = suppress_small_counts(list(counts), respondents)
        display = (tuple(cells) if cells is not None else None, answered)
        behind.setdefault(display, []).append(counts)
    return behind


@pytest.mark.parametrize("options", [3, 5])
@pytest.mark.parametrize("respondents", [1, 4, 5, 6])
def test_no_suppressed_count_can_be_worked_out(options, respondents):
    for (cells, _answered), counts_behind in displays_and_counts_behind(
        options, respondents
    ).items():
        for index in range(options):
            values = {counts[index] for counts in counts_behind}
            if cells is not None and cells[index][0] != "<5":
                assert values == {int(cells[index][0])}
            else:
                assert len(values) >= 2, (cells, index, values)


def test_every_survey_count_can_be_split_by_channel(open_consultation, survey):
    yes_no = question_of_kind(survey, "yes_no")
    SurveyResponseFactory(page=open_consultation, answers={yes_no.id: "yes"}, channel="paper")
    SurveyResponseFactory(page=open_consultation, answers={yes_no.id: "no"}, channel="phone")
    EqualityResponseFactory(page=open_consultation, answers={"age": "16_24"}, channel="paper")

    paper = survey_results(open_consultation, survey, channel="paper")
    assert paper["total"] == 1
    assert counts(result_for(paper, yes_no))["Yes"] == (1, 100.0)
    assert survey_results(open_consultation, survey, channel="nonsense")["total"] == 2


def test_written_answers_are_searched_and_paged(open_consultation, survey):
    long_text = question_of_kind(survey, "long_text")
    for n in range(30):
        SurveyResponseFactory(page=open_consultation, answers={long_text.id: f"Bus route {n}"})
    SurveyResponseFactory(page=open_consultation, answers={long_text.id: "More LIBRARIES"})
    SurveyResponseFactory(page=open_consultation, answers={})

    found = free_text_answers(open_consultation, survey, long_text, search="librar")
    assert [item["text"] for item in found.object_list] == ["More LIBRARIES"]

    first = free_text_answers(open_consultation, survey, long_text)
    second = free_text_answers(open_consultation, survey, long_text, page_number=2)
    assert first.paginator.count == 31
    assert len(first.object_list) + len(second.object_list) == 31


def test_counting_takes_the_same_queries_for_3_or_30_responses(
    open_consultation, survey, django_assert_num_queries
):
    long_text = question_of_kind(survey, "long_text")
    multiple = question_of_kind(survey, "multiple_choice")
    option = multiple.options[0][0]

    def add(count):
        for n in range(count):
            SurveyResponseFactory(
                page=open_consultation,
                answers={long_text.id: f"Answer {n}", multiple.id: {"choices": [option]}},
            )
            EqualityResponseFactory(page=open_consultation, answers={"age": "16_24"})

    def read_everything():
        survey_results(open_consultation, survey)
        equality_results(open_consultation, survey)
        list(free_text_answers(open_consultation, survey, long_text).object_list)

    add(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        read_everything()
    add(27)
    with django_assert_num_queries(len(few.captured_queries)):
        read_everything()
