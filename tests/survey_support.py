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
from consultation_blocks.questions import question_kind
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
    """Form fields with a good answer to one question: its kind's example."""
    return question_kind(question.kind).example_input(question)


def valid_post(survey, *, submission_key=None, **overrides):
    data = dict(guard_fields())
    for question in survey.questions:
        if question.condition is None:
            data.update(valid_answer_fields(question))
    if submission_key:
        data["submission_key"] = str(submission_key)
    data.update(overrides)
    return data


def walk_survey_steps(client, page, *, to="check", url=None):
    """Answer a survey in steps as a browser would, each step's required questions
    with their kind's example, up to step number ``to`` or the check-answers page;
    returns the last response. ``url``: where the steps post (the survey's route)."""
    import re
    from html import unescape

    survey = first_survey(page)
    url = url or survey_url(page, survey)
    data = dict(guard_fields())
    for step in survey.steps:
        answers = {}
        for question in survey.questions:
            if question.id in step.question_ids and question.required:
                answers.update(valid_answer_fields(question))
        response = client.post(url, {**data, "step": step.number, **answers})
        assert response.status_code == 200, response.content.decode()[:2000]
        html = response.content.decode()
        data["survey_state"] = unescape(re.search(r'name="survey_state" value="([^"]*)"', html)[1])
        if str(to) == str(step.number + 1):
            return response
    last = re.search(r'name="step" value="([^"]*)"', html)[1]
    if last != "check":
        response = client.post(url, {**data, "step": last})
        assert 'name="step" value="check"' in response.content.decode()
    return response


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
