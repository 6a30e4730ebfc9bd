"""Kinds answered by typing: short and long text, a number, an email address and a UK
postcode."""

import re
from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .base import (
    DEFAULT_LONG_TEXT_LIMIT,
    DEFAULT_SHORT_TEXT_LIMIT,
    PlainCharField,
    QuestionKind,
    Tally,
    question_field_name,
)

EMAIL_INVALID = _("Enter an email address in the correct format, like name@example.com")

# The full UK postcode pattern, without the space, upper case (BS 7666 shapes plus GIR).
POSTCODE_PATTERN = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ](\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)\d[ABD-HJLNP-UW-Z]{2})$"
)


# The outward part of a UK postcode (the district, before the space), for example
# "SK14" or "E1W": the same shapes as the full pattern's first half.
POSTCODE_DISTRICT_PATTERN = re.compile(
    r"^(GIR|[A-PR-UWYZ](\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?))$"
)


def normalise_postcode_district(text):
    """The postcode district ``text`` names, upper case without spaces, or None. A
    full postcode gives its district, so residents can type either."""
    compact = re.sub(r"\s+", "", text or "").upper()
    if POSTCODE_PATTERN.match(compact):
        compact = compact[:-3]
    if not POSTCODE_DISTRICT_PATTERN.match(compact):
        return None
    return compact


def normalise_postcode(text):
    compact = re.sub(r"\s+", "", text).upper()
    if not POSTCODE_PATTERN.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def _stripped(question, data):
    return (data.get(question_field_name(question)) or "").strip()


class ShortText(QuestionKind):
    name = "short_text"
    template_name = "consultation_blocks/survey/questions/short_text.html"
    free_text = True
    default_limit = DEFAULT_SHORT_TEXT_LIMIT
    widget = forms.TextInput

    def form_field(self, question, **common):
        limit = question.max_length or self.default_limit
        return PlainCharField(
            max_length=limit,
            widget=self.widget,
            error_messages={
                "max_length": _("Your answer must be {limit} characters or fewer").format(
                    limit=limit
                )
            },
            **common,
        )

    def clean_answer(self, question, data):
        return _stripped(question, data) or None

    def example_input(self, question):
        return {question_field_name(question): "Glossop Carers Group"}


class LongText(ShortText):
    name = "long_text"
    template_name = "consultation_blocks/survey/questions/long_text.html"
    default_limit = DEFAULT_LONG_TEXT_LIMIT
    widget = forms.Textarea

    def example_input(self, question):
        return {question_field_name(question): "More meetings in the evening, please."}


class Email(QuestionKind):
    name = "email"
    template_name = "consultation_blocks/survey/questions/email.html"

    def form_field(self, question, **common):
        return forms.EmailField(max_length=254, error_messages={"invalid": EMAIL_INVALID}, **common)

    def clean_answer(self, question, data):
        value = _stripped(question, data)
        if value:
            local, _at, domain = value.rpartition("@")
            value = f"{local}@{domain.lower()}"
        return value or None

    def example_input(self, question):
        return {question_field_name(question): "Resident@Example.ORG"}


class Number(QuestionKind):
    name = "number"
    template_name = "consultation_blocks/survey/questions/number.html"

    def form_field(self, question, **common):
        return forms.IntegerField(
            min_value=question.min_value,
            max_value=question.max_value,
            error_messages={
                "invalid": _("Enter a whole number, like 3"),
                "min_value": _("Enter a number of at least {number}").format(
                    number=question.min_value
                ),
                "max_value": _("Enter a number no bigger than {number}").format(
                    number=question.max_value
                ),
            },
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            **common,
        )

    def clean_answer(self, question, data):
        # 0 is an answer.
        return data.get(question_field_name(question))

    def example_input(self, question):
        return {question_field_name(question): "3"}

    def tally(self, question):
        return NumberTally(question)


class NumberTally(Tally):
    """Lowest, highest and mean, kept as a running summary rather than every value."""

    CHUNK = 2000

    def __init__(self, question):
        super().__init__(question)
        self.values = []

    def add(self, answer):
        if isinstance(answer, int | float):
            self.values.append(answer)
            if len(self.values) > self.CHUNK:
                self.values = [fold(self.values)]

    def fill(self, result, total):
        summary = fold(self.values) if self.values else None
        if summary:
            result.number_summary = {
                "count": summary["count"],
                "min": summary["min"],
                "max": summary["max"],
                "mean": round(summary["sum"] / summary["count"], 2),
            }


def fold(values):
    """Combine plain numbers and earlier summaries into one summary."""
    summary = {"count": 0, "sum": 0, "min": None, "max": None}
    for value in values:
        part = (
            value
            if isinstance(value, dict)
            else {"count": 1, "sum": value, "min": value, "max": value}
        )
        summary["count"] += part["count"]
        summary["sum"] += part["sum"]
        summary["min"] = part["min"] if summary["min"] is None else min(summary["min"], part["min"])
        summary["max"] = part["max"] if summary["max"] is None else max(summary["max"], part["max"])
    return summary


class Postcode(QuestionKind):
    name = "postcode"
    template_name = "consultation_blocks/survey/questions/postcode.html"

    def form_field(self, question, **common):
        return PlainCharField(max_length=10, **common)

    def clean_answer(self, question, data):
        value = _stripped(question, data)
        if not value:
            return None
        normalised = normalise_postcode(value)
        if normalised is None:
            raise ValidationError(_("Enter a real UK postcode, like SK1 3XE"))
        return normalised

    def example_input(self, question):
        return {question_field_name(question): "sk13 8ax"}

    def tally(self, question):
        return DistrictTally(question)


class DistrictTally(Tally):
    """The most common postcode districts (the part before the space)."""

    def __init__(self, question):
        super().__init__(question)
        self.districts = Counter()

    def add(self, answer):
        self.districts[str(answer).split(" ")[0]] += 1

    def fill(self, result, total):
        result.top_values = self.districts.most_common(10)
