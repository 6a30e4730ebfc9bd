"""A survey's form fields are built once per survey, language and choice of asking for
an email address, then shared by every form of that survey: nothing one resident sends
or gets wrong may reach the next resident's form."""

import copy
import uuid

from django.utils import translation

from consultation_blocks.forms.surveys import (
    PUBLICATION_NAME_FIELD,
    UPDATES_EMAIL_FIELD,
    SurveyForm,
)
from consultation_blocks.models import ConsultationPage
from consultation_blocks.selectors.responses import find_survey
from tests.survey_support import (
    field,
    first_survey,
    question_of_kind,
    survey_url,
    valid_post,
)


def test_every_form_of_a_survey_uses_the_fields_built_for_it(open_consultation):
    survey = first_survey(open_consultation)
    first, second = SurveyForm(survey), SurveyForm(survey, {})

    assert list(first.fields) == list(second.fields)
    assert all(first.fields[name] is second.fields[name] for name in first.fields)
    # Each form has its own dict of them: one form's changes stay its own.
    first.fields.pop(PUBLICATION_NAME_FIELD)
    assert PUBLICATION_NAME_FIELD in second.fields
    assert PUBLICATION_NAME_FIELD in SurveyForm(survey).fields


def test_a_form_without_the_email_question_does_not_take_it_from_one_with_it(
    open_consultation,
):
    survey = first_survey(open_consultation)
    assert UPDATES_EMAIL_FIELD in SurveyForm(survey).fields
    assert UPDATES_EMAIL_FIELD not in SurveyForm(survey, ask_updates_email=False).fields
    assert UPDATES_EMAIL_FIELD in SurveyForm(survey).fields


def test_error_messages_are_in_the_language_shown_whichever_language_came_first(
    open_consultation,
):
    """Some messages are put together when the fields are built (a limit written into
    the sentence): built in Welsh, they must not be shown to the next English visitor."""
    survey = first_survey(open_consultation)
    name = question_of_kind(survey, "short_text")
    too_long = {field(name): "x" * (name.max_length + 1)}
    expected = {
        "cy": f"Rhaid i'ch ateb fod yn {name.max_length} nod neu lai",
        "en-gb": f"Your answer must be {name.max_length} characters or fewer",
    }

    for language in ["cy", "en-gb", "cy"]:
        with translation.override(language):
            form = SurveyForm(survey, too_long)
            assert not form.is_valid()
            assert form.errors[field(name)] == [expected[language]]


def test_a_changed_survey_gets_fields_of_its_new_definition(open_consultation):
    survey = first_survey(open_consultation)
    name = question_of_kind(survey, "short_text")
    answer = {field(name): "x" * 20}
    assert field(name) not in SurveyForm(survey, answer).errors

    raw = copy.deepcopy(list(open_consultation.body.raw_data))
    stored = next(q for q in raw[0]["value"]["questions"] if q["id"] == name.id)
    stored["value"]["max_length"] = 10
    open_consultation.body = raw
    open_consultation.save_revision().publish()
    changed = find_survey(ConsultationPage.objects.get(pk=open_consultation.pk), survey.id)

    assert SurveyForm(changed, answer).errors[field(name)] == [
        "Your answer must be 10 characters or fewer"
    ]
    assert field(name) not in SurveyForm(survey, answer).errors  # the old one unchanged


def test_one_residents_answers_and_errors_never_reach_the_next_residents_form(
    client, open_consultation
):
    survey = first_survey(open_consultation)
    name = question_of_kind(survey, "short_text")
    email = "not an email address"
    sent = valid_post(
        survey,
        submission_key=uuid.uuid4(),
        **{field(name): "Quilted Heron Allotments", UPDATES_EMAIL_FIELD: email},
    )
    refused = client.post(survey_url(open_consultation), sent)
    assert refused.status_code == 400
    assert "Quilted Heron Allotments" in refused.content.decode()
    assert "govuk-error-summary" in refused.content.decode()

    client.cookies.clear()
    fresh = client.get(survey_url(open_consultation))

    html = fresh.content.decode()
    assert fresh.status_code == 200
    assert "Quilted Heron Allotments" not in html
    assert email not in html
    assert "govuk-error-summary" not in html
    assert "govuk-form-group--error" not in html
    assert "govuk-input--error" not in html
