"""What every question kind shares: the names of its inputs, the text limits and the
base class a kind fills in.

A kind works on the plain ``Question`` of ``surveys.py`` (it only reads its
attributes, so this package stays below ``surveys.py`` and never imports it) and on
the cleaned data of the survey form.
"""

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

QUESTION_PREFIX = "q-"
OTHER_OPTION_ID = "other"
DEFAULT_SHORT_TEXT_LIMIT = 500
DEFAULT_LONG_TEXT_LIMIT = 10_000
OTHER_TEXT_LIMIT = 500
INVALID_CHOICE = {"invalid_choice": _("Choose one of the answers listed")}

# Control characters other than tab and newlines: PostgreSQL's JSON refuses NUL, and none
# of them belongs in an answer.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refuse_control_characters(value):
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(_("Remove the unusual characters from your answer"))


class PlainCharField(forms.CharField):
    """Text with the limit residents are told about, and no control characters."""

    default_validators = [refuse_control_characters]


class ChoicePairs(BaseChoiceIterator):
    """Choices for a choice field that are already flat (value, label) pairs, which
    Django takes as they are.

    Given a plain list, Django checks and copies every pair each time a field is made,
    and once more for its widget: building a forty-question survey's form for each
    answer sent spent a third of its time there. Options come from the survey's
    definition or a fixed scale and are pairs already, so they need neither."""

    def __init__(self, pairs):
        self.pairs = tuple(pairs)

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self):
        return len(self.pairs)


# Input names: the public form's fields, so what browsers post depends on them.


def question_field_name(question):
    return f"{QUESTION_PREFIX}{question.id}"


def other_field_name(question):
    return f"{question_field_name(question)}-other"


def ranking_field_name(question, option_id):
    return f"{question_field_name(question)}-rank-{option_id}"


def date_field_name(question, part):
    return f"{question_field_name(question)}-{part}"


def short_label(label, limit=70):
    label = " ".join(label.split()).rstrip("?.:")
    return label if len(label) <= limit else label[: label.rfind(" ", 0, limit)] + "…"


def percent(count, total):
    return round(100 * count / total, 1) if total else 0.0


@dataclass
class OptionCount:
    label: str
    count: int
    percent: float

    @property
    def bar_width(self):
        return round(self.percent)


class Tally:
    """One question's results, counted in one pass over the responses. ``add`` gets
    each answer given (never an empty one); ``fill`` writes the counts onto the
    question's result once every response has been read."""

    def __init__(self, question):
        self.question = question

    def add(self, answer):
        """Only how many answered, which the results count for every kind."""

    def fill(self, result, total):
        """`total` is the number of responses, answered or not."""


class QuestionKind:
    """One kind of survey question, from the inputs residents fill in to the results
    and the export. Subclasses set ``name`` (the block type in the survey's question
    stream) and ``template_name``, and override what differs from a single text input.
    """

    name = ""
    # Draws the question's inputs, inside survey/question.html.
    template_name = ""
    # (id, label) pairs for a kind that brings its own answers; the survey's questions
    # of that kind carry them as their options.
    fixed_options = ()
    # Answers read one by one (and searched) on the results page rather than counted.
    free_text = False
    # Shown under the question's counts on the results page.
    results_note = ""
    # For a kind with a fixed scale, the answers that count as a favourable view, and
    # how to say them: a survey run every year follows the share giving them.
    favourable_options = ()
    favourable_wording = ""
    # The error when a required question is left blank; {quoted} is its short label.
    required_message = _("Answer {quoted}")
    # A later question can be shown only after one of this kind's options is chosen.
    offers_conditions = False

    def options(self, question):
        return self.fixed_options or question.options

    def result_options(self, question):
        """(id, label) pairs as the results page names them: the options residents saw."""
        return self.options(question)

    # The public form --------------------------------------------------------------

    def form_fields(self, question):
        """The form's fields for this question, by input name, in order."""
        return {
            question_field_name(question): self.form_field(
                question, label=question.label, help_text=question.hint, required=False
            )
        }

    def form_field(self, question, **common):
        # Required-ness is the form's to check (a question hidden by its condition is
        # never required), so every field is built with required=False.
        return PlainCharField(**common)

    def error_field_name(self, question):
        """Where an error about the whole question is shown: its first input."""
        return question_field_name(question)

    def clean_answer(self, question, data):
        """The stored answer (see surveys.py) from the form's cleaned data, None when
        unanswered; raises ValidationError for an answer that cannot be right."""
        return data.get(question_field_name(question)) or None

    def missing_message(self, question):
        return self.required_message.format(quoted=f"“{short_label(question.label)}”")

    def answer_includes(self, question, answer, option_id):
        """Whether `answer` (stored format) chose the option `option_id`: what a later
        question's "Show only if" asks. Only kinds that offer conditions say yes."""
        return False

    def template_context(self, form, question):
        """What the kind's template needs besides the question and its main field."""
        return {}

    def example_input(self, question):
        """A good answer as a browser posts it, for checking a survey end to end (the
        tests and the benchmark use it)."""
        raise NotImplementedError

    # Reading answers --------------------------------------------------------------

    def answer_texts(self, question, answer):
        """The answer as residents saw it: option labels rather than ids."""
        if answer is None or answer == "":
            return []
        # Labels of the built-in answers are translated lazily: plain text from here on.
        return [str(text) for text in self.texts(question, answer)]

    def texts(self, question, answer):
        return [str(answer)]

    def export_headers(self, question):
        return [question.label]

    def export_cells(self, question, answer):
        """One cell per header: the answer's texts joined, for a spreadsheet."""
        return ["; ".join(self.answer_texts(question, answer))]

    def tally(self, question):
        return Tally(question)


class UnknownKind(QuestionKind):
    """A question whose kind this version does not know, such as an answer kept after
    every revision holding its question was deleted: no inputs, and what was stored
    printed as it is, without guessing labels."""

    def form_fields(self, question):
        return {}

    def texts(self, question, answer):
        if isinstance(answer, dict):
            answer = [*answer.get("choices", []), answer.get("other", "")]
        if isinstance(answer, list):
            return [str(item) for item in answer if item not in (None, "")]
        return [str(answer)]
