"""A Django form for a survey, built from its plain definition (surveys.py).

The same form serves the public page, the resume link and staff typing in a paper
response, so every answer passes the same checks wherever it comes from. Each
question's fields, and the cleaning that produces the stored answer format documented
in surveys.py, belong to its kind (``questions/``).

Field names are the question ids, prefixed; required-ness is checked in ``clean()``
rather than by the fields, because a question hidden by its condition is never
required and its input is ignored.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..models.responses import PUBLICATION_NAME_MAX_LENGTH, PublicationChoice
from ..questions import (
    CONTROL_CHARACTERS,
    DEFAULT_LONG_TEXT_LIMIT,
    INVALID_CHOICE,
    ChoicePairs,
    PlainCharField,
    date_field_name,
    other_field_name,
    question_field_name,
    question_kind,
    ranking_field_name,
    short_label,
)

EQUALITY_PREFIX = "eq-"
UPDATES_EMAIL_FIELD = "updates_email"
WANTS_UPDATES_FIELD = "wants_updates"
PUBLICATION_FIELD = "publication"
PUBLICATION_NAME_FIELD = "publication_name"

# The input names of the questions belong to their kinds; they are named here too
# because what a browser posts to this form depends on them.
__all__ = [
    "EQUALITY_PREFIX",
    "PUBLICATION_FIELD",
    "PUBLICATION_NAME_FIELD",
    "UPDATES_EMAIL_FIELD",
    "WANTS_UPDATES_FIELD",
    "SurveyForm",
    "date_field_name",
    "other_field_name",
    "question_field_name",
    "ranking_field_name",
    "short_label",
]


class SurveyForm(forms.Form):
    """Answers to one survey. ``answers()`` and ``equality_answers()`` give the stored
    format once the form is valid."""

    def __init__(self, survey, *args, ask_updates_email=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.ask_updates_email = ask_updates_email or survey.one_response_per_email
        built = _built_fields(survey, self.ask_updates_email)
        # This form's own dict of the shared fields: see _built_fields.
        self.fields = dict(built.fields)
        self._field_names = built.names  # question id: the names of its inputs

    # Cleaning -----------------------------------------------------------------

    def _clear_errors(self, question):
        for name in self._field_names[question.id]:
            self._errors.pop(name, None)

    def _has_field_errors(self, question):
        return any(name in self._errors for name in self._field_names[question.id])

    def clean(self):
        cleaned = super().clean()
        answers = {}
        for question in self.survey.questions:
            if not self.survey.is_shown(question, answers):
                # Hidden by its condition: whatever was sent is ignored, errors and all.
                self._clear_errors(question)
                continue
            if self._has_field_errors(question):
                continue
            kind = question_kind(question.kind)
            try:
                answer = kind.clean_answer(question, self.cleaned_data)
            except ValidationError as error:
                self.add_error(kind.error_field_name(question), error)
                continue
            if answer is None:
                if question.required:
                    self.add_error(kind.error_field_name(question), kind.missing_message(question))
                continue
            answers[question.id] = answer
        self._answers = answers
        if cleaned.get(WANTS_UPDATES_FIELD) and not cleaned.get(UPDATES_EMAIL_FIELD):
            self.add_error(
                UPDATES_EMAIL_FIELD, _("Enter your email address so we can tell you the outcome")
            )
        if (
            cleaned.get(PUBLICATION_FIELD) == PublicationChoice.WITH_NAME
            and not (cleaned.get(PUBLICATION_NAME_FIELD) or "").strip()
        ):
            self.add_error(
                PUBLICATION_NAME_FIELD, _("Enter the name to publish with your response")
            )
        return cleaned

    # Results ------------------------------------------------------------------

    def answers(self):
        return dict(self._answers)

    def equality_answers(self):
        return {
            equality_question.code: value
            for equality_question in self.survey.equality_questions
            if (value := self.cleaned_data.get(f"{EQUALITY_PREFIX}{equality_question.code}"))
        }

    def publication_choice(self):
        return self.cleaned_data.get(PUBLICATION_FIELD) or PublicationChoice.NO

    def publication_name(self):
        """The name to publish, kept only when the resident chose to be named."""
        if self.publication_choice() != PublicationChoice.WITH_NAME:
            return ""
        return " ".join((self.cleaned_data.get(PUBLICATION_NAME_FIELD) or "").split())

    def respondent_email(self):
        return (self.cleaned_data.get(UPDATES_EMAIL_FIELD) or "").strip().lower()

    def wants_outcome_updates(self):
        return bool(self.cleaned_data.get(WANTS_UPDATES_FIELD)) and bool(self.respondent_email())

    def forget_bound_fields(self):
        """Drop the bound fields Django keeps once the form has been checked: each holds
        the form, and the form holds them, so without this the form, its bound fields
        and their data are a cycle that only the garbage collector frees. Called once an answer is stored,
        when nothing reads the form again; it is then freed at once. Under load, the
        collector's passes over these cycles cost more than a millisecond per answer."""
        self._bound_fields_cache.clear()

    # Rendering helpers ----------------------------------------------------------

    def question_fields(self):
        """Each question with the bound fields its template needs, in survey order."""
        rows = []
        for question in self.survey.questions:
            kind = question_kind(question.kind)
            row = {
                "question": question,
                "field": self._bound(question_field_name(question)),
                "template": kind.template_name,
                **kind.template_context(self, question),
            }
            controlling = self.survey.condition_question(question)
            if controlling is not None:
                option_id = question.condition.option_id
                row["condition_field"] = question_field_name(controlling)
                row["condition_value"] = option_id
                row["condition_label"] = short_label(controlling.label)
                row["condition_answer"] = dict(
                    question_kind(controlling.kind).options(controlling)
                ).get(option_id, "")
            rows.append(row)
        return rows

    def publication_fields(self):
        return self[PUBLICATION_FIELD], self[PUBLICATION_NAME_FIELD]

    def equality_fields(self):
        return [self[f"{EQUALITY_PREFIX}{q.code}"] for q in self.survey.equality_questions]

    def _bound(self, name):
        return self[name] if name in self.fields else None

    def draft_data(self):
        """The raw answers to keep in a saved draft (no spam fields, no CSRF).

        Equality answers are left out: a draft keeps the resident's email beside its
        answers, and equality answers are only ever stored apart from anything that
        could identify who gave them. Control characters are left out too: PostgreSQL
        cannot store NUL in JSON, and the form refuses them anyway when the draft is
        finally sent."""
        keep = {}
        for name in self.fields:
            if name.startswith(EQUALITY_PREFIX):
                continue
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            values = [
                CONTROL_CHARACTERS.sub("", value)[:DEFAULT_LONG_TEXT_LIMIT] for value in values
            ]
            values = [value for value in values if value]
            if values:
                keep[name] = values
        return keep


@dataclass(frozen=True)
class _BuiltFields:
    survey: object
    fields: dict
    names: dict


# The fields of each survey's form, built once per survey, language and choice of
# asking for an email address, and shared by every form of it. Building forty fields
# (their widgets, their choices normalised by Django each time) was a fifth of the
# cost of storing an answer. Sharing is safe because nothing changes a survey form's
# fields once built: a bound form keeps its data, errors and bound fields to itself,
# and rendering copies a widget's attributes rather than changing them. Keep it so.
# Surveys come from find_survey_in's cache (one object per stored definition), so a new
# revision builds new fields; keyed by the survey object's identity (a survey is
# large to hash), which the kept survey itself pins.
_BUILT_BY_SURVEY = {}
KEPT_BUILT_FORMS = 256  # past this, it starts again


def _built_fields(survey, ask_updates_email):
    # The language too: some messages are put together in the language shown.
    key = (id(survey), translation.get_language(), ask_updates_email)
    built = _BUILT_BY_SURVEY.get(key)
    if built is None or built.survey is not survey:
        fields, names = _build_fields(survey, ask_updates_email)
        built = _BuiltFields(survey=survey, fields=fields, names=names)
        if len(_BUILT_BY_SURVEY) >= KEPT_BUILT_FORMS:
            _BUILT_BY_SURVEY.clear()
        _BUILT_BY_SURVEY[key] = built
    return built


def _build_fields(survey, ask_updates_email):
    """The survey's fields in order, and each question's input names."""
    fields, names = {}, {}
    for question in survey.questions:
        question_fields = question_kind(question.kind).form_fields(question)
        fields.update(question_fields)
        names[question.id] = list(question_fields)
    for equality_question in survey.equality_questions:
        fields[f"{EQUALITY_PREFIX}{equality_question.code}"] = forms.ChoiceField(
            label=equality_question.label,
            help_text=equality_question.hint,
            choices=ChoicePairs(equality_question.options),
            required=False,
            widget=forms.RadioSelect,
            error_messages=INVALID_CHOICE,
        )
    if ask_updates_email:
        fields[UPDATES_EMAIL_FIELD] = forms.EmailField(
            label=_("Email address"),
            max_length=254,
            required=survey.one_response_per_email,
            help_text=(
                _("We accept one response for each email address.")
                if survey.one_response_per_email
                else _("Only if you want us to tell you the outcome.")
            ),
            error_messages={
                "required": _("Enter your email address"),
                "invalid": _("Enter an email address in the correct format, like name@example.com"),
            },
        )
        fields[WANTS_UPDATES_FIELD] = forms.BooleanField(
            required=False,
            label=_("Email me when the outcome of this consultation is published"),
        )
    fields[PUBLICATION_FIELD] = forms.ChoiceField(
        label=_("Can we publish your response?"),
        help_text=_(
            "We remove personal details, such as addresses and phone numbers, "
            "before publishing anything."
        ),
        choices=ChoicePairs(PublicationChoice.choices),
        initial=PublicationChoice.NO,
        required=False,
        widget=forms.RadioSelect,
        error_messages=INVALID_CHOICE,
    )
    fields[PUBLICATION_NAME_FIELD] = PlainCharField(
        label=_("The name to publish"),
        help_text=_("Your name, or the name of your group."),
        max_length=PUBLICATION_NAME_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _("The name must be {limit} characters or fewer").format(
                limit=PUBLICATION_NAME_MAX_LENGTH
            )
        },
    )
    return fields, names
