"""A survey series' results year by year: each question, found in every edition by its
question key (its block id when it has none), with each answer's share per year, and
for kinds with a favourable end (agreement, yes/no, rating) the share giving it as a
line chart beside the same figures in a table.

A year in which fewer than SMALL_COUNT people answered a question shows no shares for
it, so that nobody's answer can be picked out of a small count."""

from dataclasses import dataclass, field

from django.utils import timezone

from ..charts import line_chart
from ..models import ConsultationStatus
from ..questions import percent, question_kind
from .results import SMALL_COUNT, survey_results

# Residents see an edition once its consultation has closed: shares that move while
# people are still answering would invite comment on a half-finished count.
FINISHED = (ConsultationStatus.CLOSED, ConsultationStatus.OUTCOME)


@dataclass
class YearCell:
    count: int | None  # None when the year's answers are too few to show
    percent: float | None


@dataclass
class QuestionTrend:
    key: str
    label: str
    kind: str
    years: list
    answered: dict = field(default_factory=dict)  # year -> respondents who answered
    rows: list = field(default_factory=list)  # (answer label, [YearCell per year])
    favourable_wording: str = ""
    favourable: list = field(default_factory=list)  # (year, percent) pairs shown
    chart: object = None

    def too_few(self, year):
        return self.answered.get(year, 0) < SMALL_COUNT

    @property
    def answered_row(self):
        """Per year: the number who answered, "fewer than N", or "not asked"."""
        return [
            "not asked"
            if year not in self.answered
            else f"fewer than {SMALL_COUNT}"
            if self.too_few(year)
            else str(self.answered[year])
            for year in self.years
        ]


def finished_editions(series, *, moment=None):
    """The editions whose consultation is live and has closed, oldest first."""
    moment = moment or timezone.now()
    editions = series.editions.select_related("page").order_by("year")
    return [
        edition
        for edition in editions
        if edition.page.live and edition.page.status_at(moment) in FINISHED
    ]


def series_trends(editions):
    """Question trends across `editions` (as given, oldest first), in the order the
    questions are asked in the latest edition that asks them."""
    years = [edition.year for edition in editions]
    trends = {}
    options = {}  # key -> answer label -> year -> OptionCount
    for edition in editions:
        survey = edition.survey()
        if survey is None:
            continue
        summary = survey_results(edition.page, survey)
        for result in summary["questions"]:
            question = result.question
            if not result.options:
                continue  # free text, numbers and rankings do not make a trend table
            key = question.key or question.id
            trend = trends.get(key)
            if trend is None:
                trend = trends[key] = QuestionTrend(
                    key=key, label=question.label, kind=question.kind, years=years
                )
            trend.label = question.label  # the latest wording
            trend.answered[edition.year] = result.answered
            for option in result.options:
                options.setdefault(key, {}).setdefault(option.label, {})[edition.year] = option
            kind = question_kind(question.kind)
            if kind.favourable_options:
                labels = dict(kind.result_options(question))
                favourable = sum(
                    option.count
                    for option in result.options
                    if option.label in {labels[o] for o in kind.favourable_options}
                )
                trend.favourable_wording = kind.favourable_wording
                if result.answered >= SMALL_COUNT:
                    share = percent(favourable, result.answered)
                    trend.favourable.append((edition.year, str(share)))
    for key, trend in trends.items():
        for label, by_year in options[key].items():
            cells = []
            for year in years:
                option = by_year.get(year)
                if option is None or trend.too_few(year):
                    cells.append(YearCell(None, None))
                else:
                    cells.append(YearCell(option.count, option.percent))
            trend.rows.append((label, cells))
        if trend.favourable:
            trend.chart = line_chart(trend.favourable, unit="percent", direction="up")
    return list(trends.values())
