"""The citizens' panel's make-up against the people who live here: for one local
authority with a census profile, the equality answers of the confirmed members who
live in it (in one of its wards or towns, or the authority itself) beside the census
figures, with the groups to recruit.

Everything is compared, suppressed and flagged by the rule of "who we heard from"
(``representation.census_table``): the same small-number suppression as the results
page, the same under-representation test. Only one area's members are on a page or in
its file, and nothing is shown across areas, so one area's figures can never be
subtracted from another's to give a suppressed group back.

"To recruit" is how many more members of a group would bring its share up to its
census share, if everyone else stayed: shown only where every count of the question is
shown, so it tells nothing the table does not.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from ..equality import EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY
from ..models import PANEL_EQUALITY_CODES, PanelMember
from .representation import census_counts, census_table
from .results import CHUNK_SIZE

MEMBERS = "Panel members"


@dataclass
class PanelMakeUp:
    profile: object  # the AreaProfile compared with
    members: int  # confirmed members who live in the area
    tables: list = field(default_factory=list)  # RepresentationTable, rows with .to_recruit
    missing: list = field(default_factory=list)  # questions the census profile lacks

    @property
    def under_represented(self):
        return [(table.question, table.under_groups) for table in self.tables if table.under_groups]


def to_recruit(count, base, census_share):
    """More members of a group needed for its share of `base` to reach `census_share`
    (a fraction), or 0 when it already does."""
    if census_share >= 1 or count >= census_share * base:
        return 0
    return math.ceil((census_share * base - count) / (1 - census_share))


def members_in(area):
    """Confirmed members who live in `area` (a local authority) or one of its places."""
    return PanelMember.objects.active().filter(Q(area=area) | Q(area__parent=area))


def panel_make_up(profile):
    """The make-up of the panel in `profile`'s area against its census figures."""
    counts = {code: Counter() for code in PANEL_EQUALITY_CODES}
    members = 0
    answers = members_in(profile.area).values_list("equality_profile", flat=True)
    for answer in answers.iterator(chunk_size=CHUNK_SIZE):
        members += 1
        for code, counter in counts.items():
            value = answer.get(code)
            if value:
                counter[value] += 1
    report = PanelMakeUp(profile=profile, members=members)
    if not members:
        return report
    census, tables, universes = census_counts([profile])
    for question in EQUALITY_QUESTIONS:
        if question.code not in counts:
            continue
        if question.code not in census:
            report.missing.append(question)
            continue
        table = census_table(
            question,
            counts[question.code],
            members,
            census[question.code],
            tables[question.code],
            universes[question.code],
            first=MEMBERS,
        )
        categories = [option for option, _ in question.options if option != PREFER_NOT_TO_SAY[0]]
        population = census[question.code]
        census_total = sum(population[option] for option in categories)
        for option, row in zip(categories, table.rows, strict=True):
            row.to_recruit = (
                to_recruit(
                    counts[question.code][option],
                    table.answered,
                    population[option] / census_total if census_total else 0,
                )
                if table.answered is not None
                else None
            )
        report.tables.append(table)
    return report
