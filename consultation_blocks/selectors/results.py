"""Counting answers: one pass over a survey's responses, in chunks, whatever their number.

Percentages are of the respondents who answered that question, so a multiple-choice
question reports how many chose each option, never combinations of options.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator

from ..models import EqualityResponse, ResponseChannel, SurveyResponse
from ..surveys import AGREEMENT_SCALE, OTHER_OPTION_ID, RATING_SCALE, YES_NO

CHUNK_SIZE = 2000
SMALL_COUNT = 5  # equality counts below this are shown as "<5" so nobody is identifiable
FREE_TEXT_PER_PAGE = 25
FIXED_OPTIONS = {"agreement": AGREEMENT_SCALE, "rating": RATING_SCALE, "yes_no": YES_NO}


@dataclass
class OptionCount:
    label: str
    count: int
    percent: float

    @property
    def bar_width(self):
        return round(self.percent)


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
        return self.question.kind in ("short_text", "long_text")


def responses_for(page, survey_id, channel=""):
    queryset = SurveyResponse.objects.filter(page=page, survey_id=survey_id)
    if channel in ResponseChannel.values:
        queryset = queryset.filter(channel=channel)
    return queryset


def _percent(count, total):
    return round(100 * count / total, 1) if total else 0.0


def survey_results(page, survey, channel=""):
    """Per-question results for the survey's current questions."""
    answered = Counter()
    option_counts = {q.id: Counter() for q in survey.questions}
    rank_totals = {q.id: Counter() for q in survey.questions if q.kind == "ranking"}
    numbers = {q.id: [] for q in survey.questions if q.kind == "number"}
    districts = {q.id: Counter() for q in survey.questions if q.kind == "postcode"}
    total = 0
    rows = responses_for(page, survey.id, channel).values_list("answers", flat=True)
    for answers in rows.iterator(chunk_size=CHUNK_SIZE):
        total += 1
        for question in survey.questions:
            answer = answers.get(question.id)
            if answer in (None, "", [], {}):
                continue
            answered[question.id] += 1
            kind = question.kind
            if kind == "multiple_choice":
                for option_id in set(answer.get("choices", [])):
                    option_counts[question.id][option_id] += 1
            elif kind in ("single_choice", "agreement", "yes_no", "rating"):
                option_counts[question.id][str(answer)] += 1
            elif kind == "ranking":
                for position, option_id in enumerate(answer, start=1):
                    rank_totals[question.id][option_id] += position
            elif kind == "number" and isinstance(answer, int | float):
                # Keep a running summary rather than every value.
                numbers[question.id].append(answer)
                if len(numbers[question.id]) > CHUNK_SIZE:
                    numbers[question.id] = [_fold(numbers[question.id])]
            elif kind == "postcode":
                districts[question.id][str(answer).split(" ")[0]] += 1
            elif kind == "consent":
                option_counts[question.id]["yes"] += 1

    results = []
    for question in survey.questions:
        result = QuestionResult(question=question, answered=answered[question.id])
        counts = option_counts[question.id]
        if question.kind in ("single_choice", "multiple_choice", "agreement", "yes_no", "rating"):
            choices = list(question.options or FIXED_OPTIONS.get(question.kind, ()))
            if question.kind == "multiple_choice" and question.allow_other:
                choices.append((OTHER_OPTION_ID, "Other"))
            known = {option_id for option_id, _ in choices}
            # Answers to options removed since keep being counted, under their own name.
            choices += [
                (option_id, question.label_for(option_id))
                for option_id in counts
                if option_id not in known
            ]
            result.options = [
                OptionCount(label, counts[option_id], _percent(counts[option_id], result.answered))
                for option_id, label in choices
            ]
        elif question.kind == "ranking":
            result.mean_positions = sorted(
                (
                    (label, round(rank_totals[question.id][option_id] / result.answered, 2))
                    for option_id, label in question.options
                )
                if result.answered
                else [],
                key=lambda pair: pair[1],
            )
        elif question.kind == "number":
            summary = _fold(numbers[question.id]) if numbers[question.id] else None
            if summary:
                result.number_summary = {
                    "count": summary["count"],
                    "min": summary["min"],
                    "max": summary["max"],
                    "mean": round(summary["sum"] / summary["count"], 2),
                }
        elif question.kind == "postcode":
            result.top_values = districts[question.id].most_common(10)
        elif question.kind == "consent":
            result.options = [OptionCount("Agreed", counts["yes"], _percent(counts["yes"], total))]
        results.append(result)
    return {"total": total, "questions": results}


def _fold(values):
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
            (str(count), f"{_percent(count, answered)}%" if answered else "") for count in counts
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
