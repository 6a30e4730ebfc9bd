"""A plain view of a survey block, shared by the public form, validation, results and
exports, so none of them needs to know how StreamField stores its data.

Answer formats, keyed by question id in ``SurveyResponse.answers``:

==================  ==========================================================
kind                stored answer
==================  ==========================================================
short_text          the text
long_text           the text
single_choice       the chosen option's id
multiple_choice     ``{"choices": [option ids], "other": "text or empty"}``
agreement           one of ``questions.AGREEMENT_SCALE``'s ids
rating              an integer from 1 to 5
ranking             option ids, most preferred first
number              an integer
date                ``"YYYY-MM-DD"``
postcode            the normalised postcode, e.g. ``"SK1 3XE"``
email               the address, lower-cased domain
yes_no              ``"yes"`` or ``"no"``
consent             ``true``
==================  ==========================================================

An optional question left blank, or one hidden by its condition, has no key at all.
Each kind's class in ``questions/`` cleans answers into its format and reads them
back; a test checks that this table lists exactly the kinds registered there.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field

from .equality import EQUALITY_QUESTIONS_BY_CODE
from .questions import DEFAULT_EARLIEST_DATE, DEFAULT_LATEST_DATE, OTHER_OPTION_ID, question_kind


@dataclass(frozen=True)
class Condition:
    """Show a question only when an earlier question (by id) was answered with one of
    its options (by id). Conditions written as text before they were chosen from lists
    keep that text in `question_key` and `answer`; ``survey_from_block`` links them to
    the question and option they name, and one that names none is never met."""

    question_id: str
    option_id: str
    question_key: str = ""
    answer: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    label: str
    hint: str = ""
    required: bool = True
    key: str = ""
    condition: Condition | None = None
    options: tuple = ()  # (id, label) pairs for every kind with fixed answers
    allow_other: bool = False
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    min_date: datetime.date | None = None
    max_date: datetime.date | None = None
    statement: str = ""
    low_label: str = ""
    high_label: str = ""

    @property
    def earliest_date(self):
        return self.min_date or DEFAULT_EARLIEST_DATE

    @property
    def latest_date(self):
        return self.max_date or DEFAULT_LATEST_DATE

    @property
    def is_free_text(self):
        """Answers read one by one on the results page rather than counted."""
        return question_kind(self.kind).free_text

    @property
    def option_labels(self):
        return dict(self.options)

    def label_for(self, option_id):
        """The current wording of an option; answers to deleted options stay readable."""
        if option_id == OTHER_OPTION_ID and self.allow_other:
            return "Other"
        return self.option_labels.get(option_id, "(option since removed)")


@dataclass(frozen=True)
class Survey:
    id: str
    heading: str
    questions: tuple
    equality_codes: tuple = ()
    one_response_per_email: bool = False
    allow_save_and_resume: bool = True
    submit_label: str = "Send my response"
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def questions_by_id(self):
        return {question.id: question for question in self.questions}

    @property
    def questions_by_key(self):
        return {question.key: question for question in self.questions if question.key}

    @property
    def equality_questions(self):
        return tuple(EQUALITY_QUESTIONS_BY_CODE[code] for code in self.equality_codes)

    def condition_question(self, question):
        """The earlier question whose answer shows `question`, or None."""
        if question.condition is None:
            return None
        return self.questions_by_id.get(question.condition.question_id)

    def is_shown(self, question, answers):
        """Whether a question applies, given the answers so far (the rule the form and
        the server share)."""
        if question.condition is None:
            return True
        other = self.condition_question(question)
        if other is None or not self.is_shown(other, answers):
            return False
        return question_kind(other.kind).answer_includes(
            other, answers.get(other.id), question.condition.option_id
        )


def answer_texts(question, answer):
    """The answer as residents saw it: option labels rather than ids."""
    return question_kind(question.kind).answer_texts(question, answer)


def _options(list_value):
    """(id, label) pairs from a ListBlock value, whose items carry stable ids."""
    return tuple(
        (str(bound.id), str(bound.value)) for bound in list_value.bound_blocks if bound.value
    )


def _fixed_options(kind):
    return question_kind(kind).fixed_options


def question_from_block(bound_block):
    value = bound_block.value
    kind = bound_block.block.kind
    condition = value.get("condition") or {}
    options = _options(value["options"]) if "options" in value else _fixed_options(kind)
    return Question(
        id=str(bound_block.id),
        kind=kind,
        label=value["label"],
        hint=value.get("hint") or "",
        required=bool(value.get("required")),
        key=value.get("key") or "",
        condition=(
            Condition(
                question_id=str(condition.get("question") or ""),
                option_id=str(condition.get("option") or ""),
                question_key=condition.get("question_key") or "",
                answer=condition.get("answer") or "",
            )
            if condition.get("question") or condition.get("question_key")
            else None
        ),
        options=options,
        allow_other=bool(value.get("allow_other")),
        max_length=value.get("max_length"),
        min_value=value.get("min_value"),
        max_value=value.get("max_value"),
        min_date=value.get("min_date"),
        max_date=value.get("max_date"),
        statement=value.get("statement") or "",
        low_label=value.get("low_label") or "",
        high_label=value.get("high_label") or "",
    )


def condition_options(question):
    """(id, label) pairs a later question's condition may choose from `question`;
    empty for a kind that offers no conditions."""
    kind = question_kind(question.kind)
    return tuple(kind.options(question)) if kind.offers_conditions else ()


def match_text_condition(condition, earlier):
    """The (question id, option id) that a condition written as text names among the
    `earlier` questions (by the question's short name, and the option's wording in
    any case), or None."""
    wanted = condition.answer.strip().casefold()
    for question in earlier:
        if question.key and question.key == condition.question_key:
            for option_id, label in condition_options(question):
                if label.strip().casefold() == wanted:
                    return question.id, option_id
            return None
    return None


def link_conditions(questions):
    """The questions with each condition pointing at an earlier question and one of
    its options: text conditions linked to what they name, and a condition naming no
    earlier question (a later one, itself, a deleted one) made one that is never met."""
    linked = []
    for question in questions:
        condition = question.condition
        if condition is not None:
            earlier = {q.id: q for q in linked}
            target = None
            if condition.question_id:
                if condition.question_id in earlier:
                    target = (condition.question_id, condition.option_id)
            else:
                target = match_text_condition(condition, linked)
            question_id, option_id = target or ("", "")
            question = dataclasses.replace(
                question,
                condition=dataclasses.replace(
                    condition, question_id=question_id, option_id=option_id
                ),
            )
        linked.append(question)
    return tuple(linked)


def survey_from_block(block_id, value):
    """Build a Survey from a SurveyBlock's StructValue and its StreamField block id."""
    equality = value.get("equality_monitoring") or {}
    return Survey(
        id=str(block_id),
        heading=value.get("heading") or "",
        questions=link_conditions(question_from_block(child) for child in value["questions"]),
        equality_codes=tuple(equality.get("characteristics") or ())
        if equality.get("enabled")
        else (),
        one_response_per_email=bool(value.get("one_response_per_email")),
        allow_save_and_resume=bool(value.get("allow_save_and_resume")),
        submit_label=value.get("submit_label") or "Send my response",
    )


def surveys_in(stream_value):
    """Every survey in a page's body, in order."""
    return [
        survey_from_block(child.id, child.value)
        for child in stream_value
        if child.block_type == "survey"
    ]
