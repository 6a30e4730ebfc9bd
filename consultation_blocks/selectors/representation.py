"""Who we heard from against who lives here: respondents' equality monitoring answers
beside the census profile of the areas a consultation is about.

Respondents' counts are suppressed exactly as the results page suppresses them
(``suppress_small_counts``): the same counts, the same respondents figure beside them.
Shares compare like with like: a respondent's share is of those who chose one of the
answers the census counts (not "Prefer not to say"), and the census share is of the
people the census table counts in those same answers.

A group is flagged as under-represented when both hold:

* its share of respondents is below ``RATIO`` (four-fifths) of its census share, and
* a one-sided test of that share against the census share is significant at 95%
  (normal approximation to the binomial, z below ``-Z_95``).

When some counts are suppressed, the flag is worked out from what the page shows, for
the least favourable hidden values: a hidden count is taken as 4 and every other
hidden count as 0, and a shown count is set against the smallest number who could have
answered. A group is flagged only if it would be under whatever the hidden counts are,
so a flag never tells more than the table beside it.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..charts import comparison_chart
from ..equality import EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY
from ..models import AreaKind, AreaProfile, CensusFigure, EqualityResponse, SurveyResponse
from ..questions import percent
from ..surveys import surveys_in
from .results import CHUNK_SIZE, SMALL_COUNT, suppress_small_counts

RATIO = 0.8
Z_95 = 1.645


@dataclass
class RepresentationRow:
    label: str
    shown: str  # respondents' count as the results page shows it, e.g. "<5"
    respondent_percent: float | None  # None when suppression hides it
    census_count: int
    census_percent: float
    under: bool = False

    @property
    def census_shown(self):
        return f"{self.census_count:,}"


@dataclass
class RepresentationTable:
    question: object
    rows: list
    answered: int | None  # respondents who chose a census category; None when hidden
    prefer_not: str = ""  # "Prefer not to say", as shown
    withheld: bool = False
    tables: str = ""  # census tables the figures come from
    universe: str = ""
    chart: object = None

    @property
    def under_groups(self):
        return [row.label for row in self.rows if row.under]


@dataclass
class Districts:
    """Respondents' postcode districts. A district with fewer than five respondents is
    never named: such districts are counted together, as "<5" if fewer than five in
    all, and then the number who gave a postcode is hidden too."""

    rows: list  # (district, shown count)
    others: str = ""  # districts of fewer than five, together
    answered: int | None = None


@dataclass
class Representation:
    respondents: int
    areas: list  # names of the areas whose profiles are summed
    tables: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # asked, but no census figures
    districts: Districts | None = None  # None when no survey asks for a postcode

    @property
    def under_represented(self):
        return [(table.question, table.under_groups) for table in self.tables if table.under_groups]


def _significantly_under(count, base, expected):
    if base <= 0 or expected <= 0:
        return False
    share = count / base
    if share >= RATIO * expected:
        return False
    if expected >= 1:
        return True  # everyone counted is in the group: no spread to test against
    z = (share - expected) / math.sqrt(expected * (1 - expected) / base)
    return z < -Z_95


def profile_areas(pages):
    """The local authorities whose census profiles describe `pages`: each area they
    name, or the authority a town or ward sits in."""
    ids = set()
    for page in pages:
        for area in page.areas.all():
            ids.add(area.pk if area.kind == AreaKind.LOCAL_AUTHORITY else area.parent_id)
    ids.discard(None)
    return AreaProfile.objects.filter(area_id__in=ids).select_related("area")


def census_counts(profiles):
    """{characteristic: {category: count}} summed over `profiles`, with the tables and
    who they count."""
    counts = defaultdict(Counter)
    tables = defaultdict(set)
    universes = defaultdict(set)
    figures = CensusFigure.objects.filter(profile__in=profiles).values_list(
        "characteristic", "category", "count", "table", "universe"
    )
    for characteristic, category, count, table, universe in figures:
        counts[characteristic][category] += count
        tables[characteristic].add(table)
        universes[characteristic].add(universe)
    return counts, tables, universes


def census_table(question, counts, respondents, census, tables, universes, *, first="Respondents"):
    """One equality question's counts (``Counter`` by option) among `respondents`
    people against the census `counts`, suppressed and flagged as the module says.
    The citizens' panel's make-up is compared by the same rule (`first` names the
    people counted in the chart)."""
    options = question.options
    cells, answered = suppress_small_counts([counts[option] for option, _ in options], respondents)
    categories = [(option, label) for option, label in options if option != PREFER_NOT_TO_SAY[0]]
    census_total = sum(census[option] for option, _ in categories)
    table = RepresentationTable(
        question=question,
        rows=[],
        answered=None,
        withheld=cells is None,
        tables=", ".join(sorted(tables)),
        universe="; ".join(sorted(universes)),
    )
    shown_by_option = dict(zip([o for o, _ in options], cells or [], strict=False))
    if cells is not None:
        table.prefer_not = shown_by_option.get(PREFER_NOT_TO_SAY[0], ("", ""))[0]
    hidden = cells is not None and answered is None
    exact_base = sum(counts[option] for option, _ in categories)
    shown_base = sum(
        counts[option]
        for option, _ in categories
        if shown_by_option.get(option, ("<5",))[0] != "<5"
    )
    if cells is not None and not hidden:
        table.answered = exact_base
    for option, label in categories:
        expected = census[option] / census_total if census_total else 0
        shown = shown_by_option.get(option, ("", ""))[0]
        if cells is None:
            under = False  # nothing may be told
        elif not hidden:
            under = _significantly_under(counts[option], exact_base, expected)
        elif shown == "<5":
            worst = SMALL_COUNT - 1
            under = _significantly_under(worst, shown_base + worst, expected)
        else:
            under = _significantly_under(counts[option], shown_base, expected)
        table.rows.append(
            RepresentationRow(
                label=label,
                shown=shown,
                respondent_percent=None
                if (cells is None or hidden)
                else percent(counts[option], exact_base),
                census_count=census[option],
                census_percent=percent(census[option], census_total),
                under=under,
            )
        )
    table.chart = comparison_chart(
        [(row.label, row.respondent_percent, row.census_percent) for row in table.rows],
        first=first,
        second="Census",
    )
    return table


def postcode_districts(page_ids, question_ids):
    """Respondents by postcode district (the part before the space) over the answers to
    `question_ids`, suppressed as ``Districts`` describes; None without such questions."""
    if not question_ids:
        return None
    counts = Counter()
    rows = SurveyResponse.objects.filter(page_id__in=page_ids).values_list("answers", flat=True)
    for answers in rows.iterator(chunk_size=CHUNK_SIZE):
        for question_id in question_ids:
            postcode = answers.get(question_id)
            if postcode:
                counts[str(postcode).split(" ")[0].upper()] += 1
                break
    shown = sorted(
        ((district, count) for district, count in counts.items() if count >= SMALL_COUNT),
        key=lambda item: (-item[1], item[0]),
    )
    small = sum(count for count in counts.values() if count < SMALL_COUNT)
    if not small:
        return Districts(rows=[(d, str(c)) for d, c in shown], answered=sum(counts.values()))
    if small < SMALL_COUNT:
        return Districts(rows=[(d, str(c)) for d, c in shown], others="<5")
    return Districts(
        rows=[(d, str(c)) for d, c in shown], others=str(small), answered=sum(counts.values())
    )


def representation(pages, *, profiles=None):
    """The representativeness report for `pages` (consultation pages the caller has
    checked may be seen): every equality question any of their surveys asks and the
    census counts, against the areas' census profile (or `profiles` when given)."""
    pages = list(pages)
    profiles = list(profile_areas(pages) if profiles is None else profiles)
    asked = set()
    postcode_questions = []
    for page in pages:
        for survey in surveys_in(page.body):
            asked.update(survey.equality_codes)
            postcode_questions += [q.id for q in survey.questions if q.kind == "postcode"]
    page_ids = [page.pk for page in pages]
    respondents = SurveyResponse.objects.filter(page_id__in=page_ids).count()
    counts = {code: Counter() for code in asked}
    answers = EqualityResponse.objects.filter(page_id__in=page_ids).values_list(
        "answers", flat=True
    )
    for answer in answers.iterator(chunk_size=CHUNK_SIZE):
        for code, counter in counts.items():
            value = answer.get(code)
            if value:
                counter[value] += 1
    census, tables, universes = census_counts(profiles) if profiles else ({}, {}, {})
    report = Representation(
        respondents=respondents,
        areas=[p.area.name for p in profiles],
        districts=postcode_districts(page_ids, postcode_questions),
    )
    for question in EQUALITY_QUESTIONS:
        if question.code not in asked:
            continue
        if question.code not in census:
            report.missing.append(question)
            continue
        report.tables.append(
            census_table(
                question,
                counts[question.code],
                respondents,
                census[question.code],
                tables[question.code],
                universes[question.code],
            )
        )
    return report
