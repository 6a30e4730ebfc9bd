"""Kinds with inputs of their own: a date in three boxes, and a consent tick box."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _

from .base import (
    OptionCount,
    PlainCharField,
    QuestionKind,
    Tally,
    date_field_name,
    percent,
    question_field_name,
)

DATE_PARTS = ("day", "month", "year")
DATE_PART_LABELS = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
# The dates a date question accepts when its editor set no earliest or latest date:
# wide enough for a birth date or a plan's end, narrow enough to catch a mistyped year.
DEFAULT_EARLIEST_DATE = datetime.date(1900, 1, 1)
DEFAULT_LATEST_DATE = datetime.date(2100, 12, 31)
ASCII_DIGITS = re.compile(r"[0-9]+")


def long_date(date):
    """A date as GOV.UK writes it: 1 January 1900."""
    return f"{date.day} {date:%B %Y}"


class Date(QuestionKind):
    name = "date"
    template_name = "consultation_blocks/survey/questions/date.html"
    required_message = _("Enter a date for {quoted}")

    def form_fields(self, question):
        return {
            date_field_name(question, part): PlainCharField(
                label=DATE_PART_LABELS[part], max_length=4, required=False
            )
            for part in DATE_PARTS
        }

    def error_field_name(self, question):
        return date_field_name(question, "day")

    def clean_answer(self, question, data):
        parts = [(data.get(date_field_name(question, part)) or "").strip() for part in DATE_PARTS]
        if not any(parts):
            return None
        # Only the digits 0 to 9: str.isdigit() also accepts '²' and the like, which
        # int() then refuses.
        if not all(ASCII_DIGITS.fullmatch(part) for part in parts):
            raise ValidationError(_("Enter a real date, like 27 3 2024"))
        day, month, year = (int(part) for part in parts)
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(_("Enter a real date, like 27 3 2024")) from None
        if date < question.earliest_date:
            raise ValidationError(
                _("The date must be the same as or after {date}").format(
                    date=format_date(question.earliest_date, "j F Y")
                )
            )
        if date > question.latest_date:
            raise ValidationError(
                _("The date must be the same as or before {date}").format(
                    date=format_date(question.latest_date, "j F Y")
                )
            )
        return date.isoformat()

    def template_context(self, form, question):
        return {
            "parts": [form[date_field_name(question, part)] for part in DATE_PARTS],
            "errors": form.errors.get(date_field_name(question, "day"), []),
        }

    def example_input(self, question):
        return {
            date_field_name(question, "day"): "5",
            date_field_name(question, "month"): "11",
            date_field_name(question, "year"): "2025",
        }


class Consent(QuestionKind):
    name = "consent"
    template_name = "consultation_blocks/survey/questions/consent.html"
    required_message = _("Tick the box under {quoted} to send your response")

    def form_field(self, question, **common):
        return forms.BooleanField(**common)

    def clean_answer(self, question, data):
        return True if data.get(question_field_name(question)) else None

    def texts(self, question, answer):
        return [_("Yes")] if answer else []

    def example_input(self, question):
        return {question_field_name(question): "on"}

    def tally(self, question):
        return ConsentTally(question)


class ConsentTally(Tally):
    """How many agreed, as a share of every response (consent is asked of everyone)."""

    def __init__(self, question):
        super().__init__(question)
        self.agreed = 0

    def add(self, answer):
        self.agreed += 1

    def fill(self, result, total):
        result.options = [OptionCount(_("Agreed"), self.agreed, percent(self.agreed, total))]
