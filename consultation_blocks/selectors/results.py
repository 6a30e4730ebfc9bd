"""Counting answers: one pass over a survey's responses, in chunks, whatever their number.

Percentages are of the respondents who answered that question, so a multiple-choice
question reports how many chose each option, never combinations of options.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator

from ..models import EqualityResponse, ResponseChannel, SurveyResponse
from ..questions import percent, question_kind

CHUNK_SIZE = 2000
SMALL_COUNT = 5  # equality counts below this are shown as "<5" so nobody is identifiable
FREE_TEXT_PER_PAGE = 25


@dataclass
class QuestionResult:
    question: object
    answered: int = 0
    options: list = field(default_factory=list)  # OptionCount, for questions with options
    mean_positions: list = field(default_factory=list)  # (label, mean) for rankings
    number_summary: dict = field(default_factory=dict)
    top_values: list = field(default_factory=list)  # (value, count) e.g. postcode districts

    @property
    def is_free_text(self):
        return self.question.is_free_text

    @property
    def note(self):
        return question_kind(self.question.kind).results_note


def responses_for(page, survey_id, channel=""):
    queryset = SurveyResponse.objects.filter(page=page, survey_id=survey_id)
    if channel in ResponseChannel.values:
        queryset = queryset.filter(channel=channel)
    return queryset


def survey_results(page, survey, channel=""):
    """Per-question results for the survey's current questions; each kind keeps its
    own tally."""
    answered = Counter()
    tallies = {q.id: question_kind(q.kind).tally(q) for q in survey.questions}
    total = 0
    rows = responses_for(page, survey.id, channel).values_list("answers", flat=True)
    for answers in rows.iterator(chunk_size=CHUNK_SIZE):
        total += 1
        for question in survey.questions:
            answer = answers.get(question.id)
            if answer in (None, "", [], {}):
                continue
            answered[question.id] += 1
            tallies[question.id].add(answer)

    results = []
    for question in survey.questions:
        result = QuestionResult(question=question, answered=answered[question.id])
        tallies[question.id].fill(result, total)
        results.append(result)
    return {"total": total, "questions": results}


@dataclass
class EqualityRow:
    label: str
    shown: str
    percent: str


@dataclass
class EqualityTable:
    question: object
    rows: list
    answered: int | None  # None when it could give away a group under five
    withheld: bool = False  # nothing shown: every count could be worked out


def suppress_small_counts(counts, respondents):
    """What may be shown of one equality question's counts (one per answer, in order)
    when `respondents` people sent the survey (a figure staff see beside it).

    Counts under five, zero included, read "<5". Once any count is hidden, so are the
    number who answered and every percentage, since either gives the hidden counts
    back by subtraction. If the counts still shown add up to everyone who responded,
    the hidden ones must all be zero, so the whole table is withheld: a hidden group
    is then always one of at least two possible sizes, whatever else is on the page.
    """
    answered = sum(counts)
    respondents = max(respondents, answered)  # in case responses were deleted since
    hidden = [count < SMALL_COUNT for count in counts]
    if respondents == 0 or not any(hidden):
        return [
            (str(count), f"{percent(count, answered)}%" if answered else "") for count in counts
        ], answered
    shown_total = sum(count for count, small in zip(counts, hidden, strict=True) if not small)
    if shown_total >= respondents:
        return None, None
    return [
        ("<5", "") if small else (str(count), "")
        for count, small in zip(counts, hidden, strict=True)
    ], None


def equality_results(page, survey):
    """Equality monitoring in aggregate, with small groups suppressed (see
    ``suppress_small_counts``). Never split by channel: a channel's counts taken from
    everyone's would give back the groups suppressed in either."""
    queryset = EqualityResponse.objects.filter(page=page, survey_id=survey.id)
    counts = {q.code: Counter() for q in survey.equality_questions}
    for answers in queryset.values_list("answers", flat=True).iterator(chunk_size=CHUNK_SIZE):
        for code, counter in counts.items():
            value = answers.get(code)
            if value:
                counter[value] += 1
    respondents = responses_for(page, survey.id).count()
    tables = []
    for equality_question in survey.equality_questions:
        options = equality_question.options
        cells, answered = suppress_small_counts(
            [counts[equality_question.code][option_id] for option_id, _ in options], respondents
        )
        tables.append(
            EqualityTable(
                question=equality_question,
                rows=[
                    EqualityRow(label=label, shown=shown, percent=percent)
                    for (_, label), (shown, percent) in zip(options, cells or [], strict=False)
                ],
                answered=answered,
                withheld=cells is None,
            )
        )
    return tables


def free_text_answers(page, survey, question, *, search="", channel="", page_number=1):
    """One page of the answers to a free-text question, newest first, with search."""
    key = f"answers__{question.id}"
    queryset = responses_for(page, survey.id, channel).filter(**{f"{key}__isnull": False})
    if search:
        queryset = queryset.filter(**{f"{key}__icontains": search[:200]})
    rows = queryset.order_by("-created_at", "-pk").values_list(
        "pk", "created_at", "channel", "answers"
    )
    paginator = Paginator(rows, FREE_TEXT_PER_PAGE)
    page_obj = paginator.get_page(page_number)
    page_obj.object_list = [
        {
            "response_id": pk,
            "created_at": created_at,
            "channel": ResponseChannel(channel_value).label,
            "text": answers.get(question.id, ""),
        }
        for pk, created_at, channel_value, answers in page_obj.object_list
    ]
    return page_obj
