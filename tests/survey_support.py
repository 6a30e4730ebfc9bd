"""Building what a browser posts to a survey, from the survey's own definition, so tests
say which answer they change rather than spelling out every field."""

from consultation_blocks.forms.surveys import (
    EQUALITY_PREFIX,
    UPDATES_EMAIL_FIELD,
    WANTS_UPDATES_FIELD,
    date_field_name,
    other_field_name,
    question_field_name,
    ranking_field_name,
)
from consultation_blocks.selectors.responses import find_survey
from consultation_blocks.surveys import surveys_in
from tests.public_forms import guard_fields


def first_survey(page):
    return surveys_in(page.body)[0]


def survey_url(page, survey=None):
    survey = survey or first_survey(page)
    return page.url + page.reverse_subpage("respond", args=[survey.id])


def question_of_kind(survey, kind):
    return next(q for q in survey.questions if q.kind == kind)


def field(question):
    return question_field_name(question)


def valid_answer_fields(question):
    """Form fields with a good answer to one question."""
    name = question_field_name(question)
    kind = question.kind
    first_option = question.options[0][0] if question.options else ""
    if kind == "short_text":
        return {name: "Glossop Carers Group"}
    if kind == "long_text":
        return {name: "More meetings in the evening, please."}
    if kind in ("single_choice",):
        return {name: first_option}
    if kind == "multiple_choice":
        return {name: [question.options[0][0], question.options[1][0]]}
    if kind == "agreement":
        return {name: "agree"}
    if kind == "rating":
        return {name: "4"}
    if kind == "ranking":
        return {
            ranking_field_name(question, option_id): str(position)
            for position, (option_id, _) in enumerate(reversed(question.options), start=1)
        }
    if kind == "number":
        return {name: "3"}
    if kind == "date":
        return {
            date_field_name(question, "day"): "5",
            date_field_name(question, "month"): "11",
            date_field_name(question, "year"): "2025",
        }
    if kind == "postcode":
        return {name: "sk13 8ax"}
    if kind == "email":
        return {name: "Resident@Example.ORG"}
    if kind == "yes_no":
        return {name: "no"}
    if kind == "consent":
        return {name: "on"}
    raise AssertionError(kind)


def valid_post(survey, *, submission_key=None, **overrides):
    data = dict(guard_fields())
    for question in survey.questions:
        if question.condition is None:
            data.update(valid_answer_fields(question))
    if submission_key:
        data["submission_key"] = str(submission_key)
    data.update(overrides)
    return data


__all__ = [
    "EQUALITY_PREFIX",
    "UPDATES_EMAIL_FIELD",
    "WANTS_UPDATES_FIELD",
    "date_field_name",
    "find_survey",
    "first_survey",
    "other_field_name",
    "question_of_kind",
    "ranking_field_name",
    "survey_url",
    "valid_post",
]
