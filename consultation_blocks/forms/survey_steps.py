"""A survey in steps: which page of it a resident is on, what each page asks, and the
answers carried from page to page.

A survey whose questions are split by page breaks (``Survey.steps``) is answered one
step at a time, then every answer is checked on one page before it is sent. Its last
step asks the questions about the resident (equality monitoring) and whether they want
to hear the outcome.

The answers so far travel with the form, in one signed hidden input
(``STATE_FIELD``), never in a per-visitor copy of a page: the consultation page may be
served to everyone from the page cache, and the steps after the first are never cached
(they are sub-routes, see pagecache/middleware.py). Signed, not secret: it holds only
what the resident typed, shown back on their own pages. A state that was changed, or
belongs to another survey, is refused (``BadState``). The submission key made when the
first step is sent is carried in the state too, so however often the last page is
sent, one response is stored (services/responses.py).

Every step is validated by the same SurveyForm as a survey on one page, given all the
answers so far; only the errors of the step's own inputs are shown. A step skipped by
its condition is skipped by the form too (``Survey.is_shown``), so its answers are
never stored.
"""

import uuid
from dataclasses import dataclass, field

from django.core import signing
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from ..questions import question_kind
from ..surveys import answer_texts
from .surveys import (
    EQUALITY_PREFIX,
    PUBLICATION_FIELD,
    PUBLICATION_NAME_FIELD,
    UPDATES_EMAIL_FIELD,
    WANTS_UPDATES_FIELD,
    SurveyForm,
)

STATE_FIELD = "survey_state"
STEP_FIELD = "step"
RETURNING_FIELD = "returning"
CHANGE_FIELD = "change"
CHECK_STEP = "check"
_SALT = "consultation_blocks.survey_steps"


class BadState(Exception):
    """The answers carried between steps were changed, or are another survey's."""


@dataclass
class Journey:
    """One resident's way through a survey in steps: their answers as their browser
    posted them (input name: values), the steps they have finished, and the key that
    makes their response one response."""

    page_id: int
    survey_id: str
    submission_key: str
    data: dict = field(default_factory=dict)
    done: set = field(default_factory=set)
    draft_token: str = ""

    def dumps(self):
        return signing.dumps(
            {
                "p": self.page_id,
                "s": self.survey_id,
                "k": self.submission_key,
                "d": self.data,
                "f": sorted(self.done),
                "t": self.draft_token,
            },
            salt=_SALT,
            compress=True,
        )

    @classmethod
    def loads(cls, token, *, page, survey):
        try:
            raw = signing.loads(token, salt=_SALT)
        except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
            raise BadState from None
        if not isinstance(raw, dict) or raw.get("p") != page.pk or raw.get("s") != survey.id:
            raise BadState
        try:
            submission_key = str(uuid.UUID(str(raw.get("k"))))
        except ValueError:
            raise BadState from None
        data, done = raw.get("d"), raw.get("f")
        if not (
            isinstance(data, dict)
            and all(
                isinstance(values, list) and all(isinstance(v, str) for v in values)
                for values in data.values()
            )
            and isinstance(done, list)
            and all(isinstance(number, int) for number in done)
        ):
            raise BadState
        return cls(
            page_id=page.pk,
            survey_id=survey.id,
            submission_key=submission_key,
            data=data,
            done=set(done),
            draft_token=str(raw.get("t") or ""),
        )


@dataclass(frozen=True)
class StepPage:
    """One page a resident answers: a step of the survey's questions, or the last page
    about the resident. ``step`` is the survey's Step (None for the last page)."""

    number: int
    title: str
    step: object
    input_names: tuple
    about_you: bool = False


def query_dict(data):
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, list(values))
    return query


def merged(data, posted, page):
    """The answers so far with this page's inputs replaced by what was posted (a box
    left unticked is sent as nothing, so it is dropped rather than kept)."""
    kept = {name: values for name, values in data.items() if name not in page.input_names}
    for name in page.input_names:
        values = [value for value in posted.getlist(name) if value]
        if values:
            kept[name] = values
    return kept


class SurveySteps:
    """A survey in steps, read with the answers so far."""

    def __init__(self, survey, data):
        self.survey = survey
        self.form = SurveyForm(survey, query_dict(data))
        self.form.is_valid()
        self.all_errors = ErrorDict(self.form.errors)
        self.answers = self.form.answers()
        self.pages = self._pages()

    def _pages(self):
        names = self.form._field_names
        pages = [
            StepPage(
                number=step.number,
                title=step.title,
                step=step,
                input_names=tuple(name for qid in step.question_ids for name in names[qid]),
            )
            for step in self.survey.steps
        ]
        # The last step asks about the resident, the outcome email and whether the
        # response may be published: what a survey on one page asks after its questions.
        about_you = tuple(
            name
            for name in self.form.fields
            if name.startswith(EQUALITY_PREFIX)
            or name
            in (UPDATES_EMAIL_FIELD, WANTS_UPDATES_FIELD, PUBLICATION_FIELD, PUBLICATION_NAME_FIELD)
        )
        if about_you:
            if self.survey.equality_codes:
                title = _("About you")
            elif UPDATES_EMAIL_FIELD in self.form.fields:
                title = _("Hear what happens next")
            else:
                title = _("Publishing your response")
            pages.append(StepPage(len(pages) + 1, title, None, about_you, about_you=True))
        return pages

    # Which page ------------------------------------------------------------------------

    def page(self, number):
        """The page of that number, or None when there is none."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        return self.pages[number - 1] if 1 <= number <= len(self.pages) else None

    def is_shown(self, page):
        return page.step is None or self.survey.is_step_shown(page.step, self.answers)

    def shown_pages(self):
        return [page for page in self.pages if self.is_shown(page)]

    def first_unfinished(self, done):
        return next((page for page in self.shown_pages() if page.number not in done), None)

    def can_open(self, page, done):
        """A page may be opened once every page shown before it is finished."""
        if not self.is_shown(page):
            return False
        return all(
            shown.number in done for shown in self.shown_pages() if shown.number < page.number
        )

    def after(self, page):
        return next((shown for shown in self.shown_pages() if shown.number > page.number), None)

    def before(self, page):
        earlier = [shown for shown in self.shown_pages() if shown.number < page.number]
        return earlier[-1] if earlier else None

    def progress(self, page):
        shown = self.shown_pages()
        position = next((i for i, p in enumerate(shown, start=1) if p.number == page.number), 1)
        return {"position": position, "total": len(shown)}

    # Validation ----------------------------------------------------------------------

    def errors_on(self, page):
        return {name: self.all_errors[name] for name in page.input_names if name in self.all_errors}

    def first_page_with_errors(self):
        for page in self.shown_pages():
            if self.errors_on(page):
                return page
        return None

    def show(self, page, *, errors, only_general=False):
        """Ready the form to draw ``page``: its own errors (or only the errors about
        the whole form), or none at all."""
        shown = ErrorDict(self.errors_on(page) if errors and not only_general else {})
        if errors and "__all__" in self.all_errors:
            shown["__all__"] = self.all_errors["__all__"]
        self.form._errors = shown

    def step_context(self, page, *, state="", submission_key="", returning=False):
        """What survey/step_form.html needs to draw one step (the consultation page's
        template tag draws the first step the same way)."""
        return {
            "survey": self.survey,
            "steps": self,
            "step": page,
            "rows": self.rows(page),
            "progress": self.progress(page),
            "form": self.form,
            "state": state,
            "submission_key": submission_key,
            "returning": returning,
        }

    def rows(self, page):
        """The question rows of a step, as SurveyForm.question_fields() gives them. A
        question whose condition rests on an earlier step is already known to apply or
        not: it is left out, or shown without its condition."""
        if page.step is None:
            return []
        own = set(page.step.question_ids)
        rows = []
        for row in self.form.question_fields():
            question = row["question"]
            if question.id not in own:
                continue
            controlling = self.survey.condition_question(question)
            if question.condition and (controlling is None or controlling.id not in own):
                if not self.survey.is_shown(question, self.answers):
                    continue
                row["condition_field"] = ""
                row["condition_known"] = True
            rows.append(row)
        return rows

    # Checking answers ----------------------------------------------------------------

    def summary(self):
        """The check-your-answers page: for each page shown, its title and each answer
        as residents saw it."""
        sections = []
        for page in self.shown_pages():
            if page.about_you:
                rows = self._about_you_rows()
            else:
                rows = [
                    {
                        "label": question.label,
                        "texts": answer_texts(question, self.answers.get(question.id)),
                        "free_text": question_kind(question.kind).free_text,
                    }
                    for question in self.survey.questions
                    if question.id in page.step.question_ids
                    and self.survey.is_shown(question, self.answers)
                ]
            position = self.progress(page)["position"]
            sections.append(
                {
                    "page": page,
                    "title": page.title or _("Step {number}").format(number=position),
                    "rows": rows,
                }
            )
        return sections

    def _about_you_rows(self):
        cleaned = getattr(self.form, "cleaned_data", {})
        rows = []
        for equality_question in self.survey.equality_questions:
            value = cleaned.get(f"{EQUALITY_PREFIX}{equality_question.code}")
            labels = dict(equality_question.options)
            rows.append(
                {"label": equality_question.label, "texts": [labels[value]] if value else []}
            )
        if UPDATES_EMAIL_FIELD in self.form.fields:
            email = self.form.respondent_email()
            rows.append({"label": _("Email address"), "texts": [email] if email else []})
            rows.append(
                {
                    "label": _("Email me when the outcome is published"),
                    "texts": [_("Yes") if self.form.wants_outcome_updates() else _("No")],
                }
            )
        choice = self.form.publication_choice()
        texts = [dict(self.form.fields[PUBLICATION_FIELD].choices).get(choice, "")]
        if self.form.publication_name():
            texts.append(self.form.publication_name())
        rows.append({"label": self.form.fields[PUBLICATION_FIELD].label, "texts": texts})
        return rows
