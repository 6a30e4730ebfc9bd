"""A Django form for a survey, built from its plain definition (surveys.py).

The same form serves the public page, the resume link and staff typing in a paper
response, so every answer passes the same checks wherever it comes from. Cleaning
produces the stored answer format documented in surveys.py.

Field names are the question ids, prefixed; required-ness is checked in ``clean()``
rather than by the fields, because a question hidden by its condition is never
required and its input is ignored.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError

from ..surveys import AGREEMENT_SCALE, OTHER_OPTION_ID, RATING_SCALE, YES_NO, long_date

QUESTION_PREFIX = "q-"
EQUALITY_PREFIX = "eq-"
DEFAULT_SHORT_TEXT_LIMIT = 500
DEFAULT_LONG_TEXT_LIMIT = 10_000
OTHER_TEXT_LIMIT = 500
UPDATES_EMAIL_FIELD = "updates_email"
WANTS_UPDATES_FIELD = "wants_updates"

# The full UK postcode pattern, without the space, upper case (BS 7666 shapes plus GIR).
POSTCODE_PATTERN = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ](\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)\d[ABD-HJLNP-UW-Z]{2})$"
)
ASCII_DIGITS = re.compile(r"[0-9]+")
# Control characters other than tab and newlines: PostgreSQL's JSON refuses NUL, and none
# of them belongs in an answer.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise_postcode(text):
    compact = re.sub(r"\s+", "", text).upper()
    if not POSTCODE_PATTERN.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def refuse_control_characters(value):
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError("Remove the unusual characters from your answer")


class PlainCharField(forms.CharField):
    """Text with the limit residents are told about, and no control characters."""

    default_validators = [refuse_control_characters]


def question_field_name(question):
    return f"{QUESTION_PREFIX}{question.id}"


def other_field_name(question):
    return f"{question_field_name(question)}-other"


def ranking_field_name(question, option_id):
    return f"{question_field_name(question)}-rank-{option_id}"


def date_field_name(question, part):
    return f"{question_field_name(question)}-{part}"


DATE_PARTS = ("day", "month", "year")


def short_label(label, limit=70):
    label = " ".join(label.split()).rstrip("?.:")
    return label if len(label) <= limit else label[: label.rfind(" ", 0, limit)] + "…"


def _label_error(question, message):
    return message.format(label=question.label.rstrip("?").strip() or "this question")


class SurveyForm(forms.Form):
    """Answers to one survey. ``answers()`` and ``equality_answers()`` give the stored
    format once the form is valid."""

    def __init__(self, survey, *args, ask_updates_email=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.ask_updates_email = ask_updates_email or survey.one_response_per_email
        for question in survey.questions:
            self._add_question_fields(question)
        for equality_question in survey.equality_questions:
            self.fields[f"{EQUALITY_PREFIX}{equality_question.code}"] = forms.ChoiceField(
                label=equality_question.label,
                help_text=equality_question.hint,
                choices=equality_question.options,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of the answers listed"},
            )
        if self.ask_updates_email:
            self.fields[UPDATES_EMAIL_FIELD] = forms.EmailField(
                label="Email address",
                max_length=254,
                required=survey.one_response_per_email,
                help_text=(
                    "We accept one response for each email address."
                    if survey.one_response_per_email
                    else "Only if you want us to tell you the outcome."
                ),
                error_messages={
                    "required": "Enter your email address",
                    "invalid": "Enter an email address in the correct format, like name@example.com",
                },
            )
            self.fields[WANTS_UPDATES_FIELD] = forms.BooleanField(
                required=False,
                label="Email me when the outcome of this consultation is published",
            )

    # Building -----------------------------------------------------------------

    def _add_question_fields(self, question):
        name = question_field_name(question)
        kind = question.kind
        common = {"label": question.label, "help_text": question.hint, "required": False}
        invalid = {"invalid_choice": "Choose one of the answers listed"}
        if kind in ("short_text", "long_text"):
            default = DEFAULT_SHORT_TEXT_LIMIT if kind == "short_text" else DEFAULT_LONG_TEXT_LIMIT
            limit = question.max_length or default
            field = PlainCharField(
                max_length=limit,
                widget=forms.Textarea if kind == "long_text" else forms.TextInput,
                error_messages={
                    "max_length": _label_error(
                        question, f"Your answer must be {limit} characters or fewer"
                    )
                },
                **common,
            )
        elif kind in ("single_choice", "agreement", "rating", "yes_no"):
            choices = {
                "agreement": AGREEMENT_SCALE,
                "rating": RATING_SCALE,
                "yes_no": YES_NO,
            }.get(kind, question.options)
            field = forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, error_messages=invalid, **common
            )
        elif kind == "multiple_choice":
            choices = list(question.options)
            if question.allow_other:
                choices.append((OTHER_OPTION_ID, "Other"))
                self.fields[other_field_name(question)] = PlainCharField(
                    label="Please specify",
                    max_length=OTHER_TEXT_LIMIT,
                    required=False,
                    error_messages={
                        "max_length": f"Your answer must be {OTHER_TEXT_LIMIT} characters or fewer"
                    },
                )
            field = forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages=invalid,
                **common,
            )
        elif kind == "ranking":
            positions = [(str(n), str(n)) for n in range(1, len(question.options) + 1)]
            for option_id, option_label in question.options:
                self.fields[ranking_field_name(question, option_id)] = forms.ChoiceField(
                    label=option_label,
                    choices=[("", "Choose")] + positions,
                    required=False,
                    error_messages=invalid,
                )
            return
        elif kind == "number":
            field = forms.IntegerField(
                min_value=question.min_value,
                max_value=question.max_value,
                error_messages={
                    "invalid": "Enter a whole number, like 3",
                    "min_value": f"Enter a number of at least {question.min_value}",
                    "max_value": f"Enter a number no bigger than {question.max_value}",
                },
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                **common,
            )
        elif kind == "date":
            for part in DATE_PARTS:
                self.fields[date_field_name(question, part)] = PlainCharField(
                    label=part.capitalize(), max_length=4, required=False
                )
            return
        elif kind == "postcode":
            field = PlainCharField(max_length=10, **common)
        elif kind == "email":
            field = forms.EmailField(
                max_length=254,
                error_messages={
                    "invalid": "Enter an email address in the correct format, like name@example.com"
                },
                **common,
            )
        elif kind == "consent":
            field = forms.BooleanField(**common)
        else:  # a kind this version does not know: keep the form usable
            return
        self.fields[name] = field

    # Cleaning -----------------------------------------------------------------

    def _clear_errors(self, question):
        names = [question_field_name(question), other_field_name(question)]
        names += [date_field_name(question, part) for part in DATE_PARTS]
        names += [ranking_field_name(question, option_id) for option_id, _ in question.options]
        for name in names:
            self._errors.pop(name, None)

    def _has_field_errors(self, question):
        names = [question_field_name(question), other_field_name(question)]
        names += [date_field_name(question, part) for part in DATE_PARTS]
        names += [ranking_field_name(question, option_id) for option_id, _ in question.options]
        return any(name in self._errors for name in names)

    def _error_field(self, question):
        """Where an error about the whole question is shown: its first input."""
        if question.kind == "date":
            return date_field_name(question, "day")
        if question.kind == "ranking":
            return ranking_field_name(question, question.options[0][0])
        return question_field_name(question)

    def _answer(self, question):
        """The stored answer for a question, None if unanswered; raises ValidationError."""
        data = self.cleaned_data
        name = question_field_name(question)
        kind = question.kind
        if kind in ("short_text", "long_text", "email"):
            value = (data.get(name) or "").strip()
            if kind == "email" and value:
                local, _, domain = value.rpartition("@")
                value = f"{local}@{domain.lower()}"
            return value or None
        if kind in ("single_choice", "agreement", "yes_no"):
            return data.get(name) or None
        if kind == "rating":
            return int(data[name]) if data.get(name) else None
        if kind == "multiple_choice":
            choices = data.get(name) or []
            other_text = (data.get(other_field_name(question)) or "").strip()
            if OTHER_OPTION_ID in choices and not other_text:
                raise ValidationError("Say what your other answer is")
            if not choices:
                return None
            return {
                # A browser sends each ticked box once; a repeated value is kept once.
                "choices": list(dict.fromkeys(choices)),
                "other": other_text if OTHER_OPTION_ID in choices else "",
            }
        if kind == "ranking":
            ranks = {
                option_id: data.get(ranking_field_name(question, option_id))
                for option_id, _ in question.options
            }
            given = {option_id: int(rank) for option_id, rank in ranks.items() if rank}
            if not given:
                return None
            if len(given) < len(question.options):
                raise ValidationError("Give every option a position")
            if len(set(given.values())) < len(given):
                raise ValidationError("Give each option a different position")
            return sorted(given, key=given.get)
        if kind == "number":
            return data.get(name)
        if kind == "date":
            parts = [
                (data.get(date_field_name(question, part)) or "").strip() for part in DATE_PARTS
            ]
            if not any(parts):
                return None
            # Only the digits 0 to 9: str.isdigit() also accepts '²' and the like, which
            # int() then refuses.
            if not all(ASCII_DIGITS.fullmatch(part) for part in parts):
                raise ValidationError("Enter a real date, like 27 3 2024")
            day, month, year = (int(part) for part in parts)
            try:
                date = datetime.date(year, month, day)
            except ValueError:
                raise ValidationError("Enter a real date, like 27 3 2024") from None
            if date < question.earliest_date:
                raise ValidationError(
                    f"The date must be the same as or after {long_date(question.earliest_date)}"
                )
            if date > question.latest_date:
                raise ValidationError(
                    f"The date must be the same as or before {long_date(question.latest_date)}"
                )
            return date.isoformat()
        if kind == "postcode":
            value = (data.get(name) or "").strip()
            if not value:
                return None
            normalised = normalise_postcode(value)
            if normalised is None:
                raise ValidationError("Enter a real UK postcode, like SK1 3XE")
            return normalised
        if kind == "consent":
            return True if data.get(name) else None
        return None

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
            try:
                answer = self._answer(question)
            except ValidationError as error:
                self.add_error(self._error_field(question), error)
                continue
            if answer is None:
                if question.required:
                    self.add_error(self._error_field(question), self._required_message(question))
                continue
            answers[question.id] = answer
        self._answers = answers
        if cleaned.get(WANTS_UPDATES_FIELD) and not cleaned.get(UPDATES_EMAIL_FIELD):
            self.add_error(
                UPDATES_EMAIL_FIELD, "Enter your email address so we can tell you the outcome"
            )
        return cleaned

    def _required_message(self, question):
        """Name the question, so an error summary with several errors can be told apart."""
        quoted = f"“{short_label(question.label)}”"
        kind = question.kind
        if kind == "consent":
            return f"Tick the box under {quoted} to send your response"
        if kind in ("single_choice", "agreement", "rating", "yes_no"):
            return f"Choose an answer to {quoted}"
        if kind == "multiple_choice":
            return f"Choose at least one answer to {quoted}"
        if kind == "ranking":
            return f"Give every option in {quoted} a position"
        if kind == "date":
            return f"Enter a date for {quoted}"
        return f"Answer {quoted}"

    # Results ------------------------------------------------------------------

    def answers(self):
        return dict(self._answers)

    def equality_answers(self):
        return {
            equality_question.code: value
            for equality_question in self.survey.equality_questions
            if (value := self.cleaned_data.get(f"{EQUALITY_PREFIX}{equality_question.code}"))
        }

    def respondent_email(self):
        return (self.cleaned_data.get(UPDATES_EMAIL_FIELD) or "").strip().lower()

    def wants_outcome_updates(self):
        return bool(self.cleaned_data.get(WANTS_UPDATES_FIELD)) and bool(self.respondent_email())

    # Rendering helpers ----------------------------------------------------------

    def question_fields(self):
        """Each question with the bound fields its template needs, in survey order."""
        rows = []
        for question in self.survey.questions:
            row = {"question": question, "field": self._bound(question_field_name(question))}
            if question.kind == "multiple_choice" and question.allow_other:
                row["other"] = self[other_field_name(question)]
            if question.kind == "ranking":
                row["ranks"] = [
                    self[ranking_field_name(question, option_id)]
                    for option_id, _ in question.options
                ]
            if question.kind == "date":
                row["parts"] = [self[date_field_name(question, part)] for part in DATE_PARTS]
                row["errors"] = self.errors.get(date_field_name(question, "day"), [])
            if question.kind == "ranking":
                first = (
                    ranking_field_name(question, question.options[0][0]) if question.options else ""
                )
                row["errors"] = self.errors.get(first, [])
            if question.condition:
                controlling = self.survey.questions_by_key.get(question.condition.question_key)
                row["condition_field"] = (
                    question_field_name(controlling) if controlling is not None else ""
                )
            rows.append(row)
        return rows

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
