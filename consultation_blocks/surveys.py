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

An optional question left blank, or one hidden by its condition (or by its step's), has
no key at all.
Each kind's class in ``questions/`` cleans answers into its format and reads them
back; a test checks that this table lists exactly the kinds registered there.
"""

import dataclasses
import datetime
import json
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

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
            return _("Other")
        return self.option_labels.get(option_id, _("(option since removed)"))


@dataclass(frozen=True)
class Step:
    """One page of a survey in steps: the questions between two page breaks, shown only
    when its condition (the page break's "show this step only if") is met."""

    number: int
    title: str
    question_ids: tuple
    condition: Condition | None = None


@dataclass(frozen=True)
class Survey:
    id: str
    heading: str
    questions: tuple
    equality_codes: tuple = ()
    one_response_per_email: bool = False
    allow_save_and_resume: bool = True
    submit_label: str = "Send my response"
    # Empty for a survey on one page; otherwise its questions' pages, in order.
    steps: tuple = ()
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
        return self.condition_target(question.condition)

    def condition_target(self, condition):
        """The question a condition (of a question or of a step) looks at, or None."""
        if condition is None:
            return None
        return self.questions_by_id.get(condition.question_id)

    def step_of(self, question):
        """The step holding a question, or None on a survey on one page."""
        return next((step for step in self.steps if question.id in step.question_ids), None)

    def is_shown(self, question, answers):
        """Whether a question applies, given the answers so far (the rule the form and
        the server share). A question on a step that is skipped does not apply."""
        step = self.step_of(question)
        if step is not None and not self.is_step_shown(step, answers):
            return False
        return self._condition_met(question.condition, answers)

    def is_step_shown(self, step, answers):
        return self._condition_met(step.condition, answers)

    def _condition_met(self, condition, answers):
        if condition is None:
            return True
        other = self.condition_target(condition)
        if other is None or not self.is_shown(other, answers):
            return False
        return question_kind(other.kind).answer_includes(
            other, answers.get(other.id), condition.option_id
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


def _condition(value):
    """The condition of a question or a page break: chosen from lists (question and
    option ids), or written as text before that (linked later by ``link_condition``)."""
    condition = value.get("condition") or {}
    if not (condition.get("question") or condition.get("question_key")):
        return None
    return Condition(
        question_id=str(condition.get("question") or ""),
        option_id=str(condition.get("option") or ""),
        question_key=condition.get("question_key") or "",
        answer=condition.get("answer") or "",
    )


def question_from_block(bound_block):
    value = bound_block.value
    kind = bound_block.block.kind
    options = _options(value["options"]) if "options" in value else _fixed_options(kind)
    return Question(
        id=str(bound_block.id),
        kind=kind,
        label=value["label"],
        hint=value.get("hint") or "",
        required=bool(value.get("required")),
        key=value.get("key") or "",
        condition=_condition(value),
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
    any case), or None. A built-in scale's answers are matched by their English
    wording, which the text was written in, whatever language is being read."""
    wanted = condition.answer.strip().casefold()
    for question in earlier:
        if question.key and question.key == condition.question_key:
            with translation.override(None):
                labels = [
                    (option_id, str(label)) for option_id, label in condition_options(question)
                ]
            for option_id, label in labels:
                if label.strip().casefold() == wanted:
                    return question.id, option_id
            return None
    return None


def link_condition(condition, earlier):
    """`condition` pointing at one of the `earlier` questions and one of its options: a
    text condition linked to what it names, and one naming no earlier question (a later
    one, itself, a deleted one) made one that is never met."""
    if condition is None:
        return None
    target = None
    if condition.question_id:
        if any(question.id == condition.question_id for question in earlier):
            target = (condition.question_id, condition.option_id)
    else:
        target = match_text_condition(condition, earlier)
    question_id, option_id = target or ("", "")
    return dataclasses.replace(condition, question_id=question_id, option_id=option_id)


def link_conditions(questions):
    """The questions with each condition linked among the questions before it."""
    linked = []
    for question in questions:
        if question.condition is not None:
            question = dataclasses.replace(
                question, condition=link_condition(question.condition, linked)
            )
        linked.append(question)
    return tuple(linked)


PAGE_BREAK = "page_break"


def _questions_and_steps(stream):
    """The questions of a survey's stream and, when page breaks split it, its steps.

    Each page break starts a step, titled and conditioned by the break; the questions
    before the first break are the first step. Steps left without a question are
    dropped, and a survey left with one step is a survey on one page."""
    questions = []
    pages = [("", None, [])]
    for child in stream:
        if child.block_type == PAGE_BREAK:
            # A step's condition looks at a question on an earlier step.
            condition = link_condition(_condition(child.value), questions)
            pages.append((child.value.get("title") or "", condition, []))
            continue
        question = question_from_block(child)
        questions.append(question)
        pages[-1][2].append(question.id)
    questions = link_conditions(questions)
    pages = [page for page in pages if page[2]]
    if len(pages) < 2:
        return tuple(questions), ()
    steps = tuple(
        Step(number=number, title=title, question_ids=tuple(ids), condition=condition)
        for number, (title, condition, ids) in enumerate(pages, start=1)
    )
    return tuple(questions), steps


def survey_from_block(block_id, value):
    """Build a Survey from a SurveyBlock's StructValue and its StreamField block id."""
    equality = value.get("equality_monitoring") or {}
    questions, steps = _questions_and_steps(value["questions"])
    return Survey(
        id=str(block_id),
        heading=value.get("heading") or "",
        questions=questions,
        steps=steps,
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


# Surveys built from their blocks' stored data, kept by that data. A page is read from
# the database for every answer sent to it, and finding its survey through the body
# converts every block of the body, then builds each question: more work than the rest
# of checking and storing the answer. The same data always makes the same Survey (it
# and its questions are frozen), so this process keeps one per distinct survey block:
# publishing a change to a survey is new data, and a new entry.
_SURVEYS_BY_DATA = {}
KEPT_SURVEYS = 256  # past this, it starts again: revisions must not grow a process


def find_survey_in(stream_value, survey_id):
    """The survey with this block id in a page's body, as ``surveys_in`` builds it, or
    None; the body's other blocks are left as stored."""
    for item in stream_value.raw_data:
        if item.get("type") != "survey" or str(item.get("id")) != survey_id:
            continue
        block = stream_value.stream_block.child_blocks.get("survey")
        if block is None:
            return None
        data = json.dumps(item.get("value"), sort_keys=True, default=str)
        key = (id(block), survey_id, data)
        survey = _SURVEYS_BY_DATA.get(key)
        if survey is None:
            survey = survey_from_block(survey_id, block.to_python(item.get("value")))
            if len(_SURVEYS_BY_DATA) >= KEPT_SURVEYS:
                _SURVEYS_BY_DATA.clear()
            _SURVEYS_BY_DATA[key] = survey
        return survey
    return None
