"""The moderator's redaction of a response residents allowed to be published: the
published text of each free-text answer, and the published name when they chose one."""

from django import forms

from ..models import PUBLICATION_NAME_MAX_LENGTH
from ..questions import DEFAULT_LONG_TEXT_LIMIT, PlainCharField

ANSWER_PREFIX = "answer-"


class RedactionForm(forms.Form):
    """`items` are ``(question_id, label, text)``: each answer as it would be published."""

    def __init__(self, items, *args, named=False, name="", **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for question_id, label, text in self.items:
            self.fields[f"{ANSWER_PREFIX}{question_id}"] = PlainCharField(
                label=label,
                initial=text,
                required=False,
                max_length=DEFAULT_LONG_TEXT_LIMIT,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        self.named = named
        if named:
            self.fields["name"] = PlainCharField(
                label="Published name",
                help_text="The resident asked to be named. Shorten it if it says too much.",
                initial=name,
                max_length=PUBLICATION_NAME_MAX_LENGTH,
                error_messages={"required": "Enter the name to publish"},
            )

    def answer_fields(self):
        return [self[f"{ANSWER_PREFIX}{question_id}"] for question_id, _label, _text in self.items]

    def redacted_answers(self):
        return [
            (
                question_id,
                label,
                (self.cleaned_data.get(f"{ANSWER_PREFIX}{question_id}") or "").strip(),
            )
            for question_id, label, _text in self.items
        ]

    def published_name(self):
        return self.cleaned_data.get("name", "") if self.named else ""
