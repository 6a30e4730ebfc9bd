"""Loading census profiles from a data file (the format of ``data/census2021.csv``).

The whole file is checked before anything is written, and every problem is reported
with its line, so a file either loads completely or not at all. Loading again replaces
the figures of the characteristics the file carries for each area: running the same
file twice leaves the database as it was after the first run.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ..equality import EQUALITY_QUESTIONS_BY_CODE, PREFER_NOT_TO_SAY
from ..models import Area, AreaKind, AreaProfile, CensusFigure

CENSUS_2021_FILE = Path(__file__).resolve().parents[1] / "data" / "census2021.csv"
COLUMNS = (
    "area",
    "area_code",
    "characteristic",
    "category",
    "count",
    "table",
    "universe",
    "source",
)
MAX_ROWS = 10_000
MAX_ERRORS = 20
FIELD_LIMITS = {"area_code": 12, "table": 20, "universe": 120, "source": 300}


class CensusFileError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class Figure:
    characteristic: str
    category: str
    count: int
    table: str
    universe: str
    source: str


@dataclass
class AreaFigures:
    area: Area
    code: str
    figures: list


def census_categories(code):
    """The answer options a census figure can fill for an equality question: all but
    "Prefer not to say", which the census has no count for."""
    question = EQUALITY_QUESTIONS_BY_CODE[code]
    return [option for option, _ in question.options if option != PREFER_NOT_TO_SAY[0]]


def read_census_file(lines):
    """Check a census file (an iterable of text lines) and return one AreaFigures per
    area, or raise CensusFileError listing what is wrong."""
    reader = csv.DictReader(lines)
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise CensusFileError([f"Line 1: the columns must be exactly: {', '.join(COLUMNS)}."])
    areas = {
        area.name.casefold(): area for area in Area.objects.filter(kind=AreaKind.LOCAL_AUTHORITY)
    }
    errors = []
    by_area = {}
    seen = {}
    cells = defaultdict(set)

    def fail(message):
        errors.append(message)
        if len(errors) >= MAX_ERRORS:
            raise CensusFileError([*errors, "Stopped after 20 problems."])

    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            fail(f"Line {line}: the file has more than {MAX_ROWS} figures.")
            break
        if None in row or any(value is None for value in row.values()):
            fail(f"Line {line}: expected {len(COLUMNS)} values.")
            continue
        row = {key: value.strip() for key, value in row.items()}
        area = areas.get(row["area"].casefold())
        if area is None:
            fail(
                f"Line {line}: there is no local authority called “{row['area']}”. Add it under Areas first."
            )
            continue
        for key, limit in FIELD_LIMITS.items():
            if len(row[key]) > limit:
                fail(f"Line {line}: {key} is longer than {limit} characters.")
        if not row["area_code"] or not row["table"]:
            fail(f"Line {line}: area_code and table must not be empty.")
            continue
        code = row["characteristic"]
        if code not in EQUALITY_QUESTIONS_BY_CODE:
            fail(f"Line {line}: “{code}” is not an equality monitoring question.")
            continue
        if row["category"] not in census_categories(code):
            allowed = ", ".join(census_categories(code))
            fail(
                f"Line {line}: “{row['category']}” is not an answer to {code} (use one of {allowed})."
            )
            continue
        if not row["count"].isdigit():
            fail(f"Line {line}: the count “{row['count']}” is not a whole number of people.")
            continue
        key = (area.pk, code, row["category"])
        if key in seen:
            fail(
                f"Line {line}: {area.name} {code} {row['category']} is already on line {seen[key]}."
            )
            continue
        seen[key] = line
        entry = by_area.setdefault(
            area.pk, AreaFigures(area=area, code=row["area_code"], figures=[])
        )
        if entry.code != row["area_code"]:
            fail(
                f"Line {line}: {area.name} has two area codes, {entry.code} and {row['area_code']}."
            )
            continue
        entry.figures.append(
            Figure(
                code,
                row["category"],
                int(row["count"]),
                row["table"],
                row["universe"],
                row["source"],
            )
        )
        cells[(area.pk, code)].add(row["category"])
    for (area_pk, code), categories in cells.items():
        missing = [c for c in census_categories(code) if c not in categories]
        if missing:
            fail(
                f"{by_area[area_pk].area.name} {code}: every answer needs a figure; "
                f"missing {', '.join(missing)}."
            )
    if errors:
        raise CensusFileError(errors)
    if not by_area:
        raise CensusFileError(["The file has no figures."])
    return list(by_area.values())


FIGURE_FIELDS = ("count", "table", "universe", "source")


@transaction.atomic
def load_census(areas, *, dataset, progress=lambda message: None):
    """Store checked figures (from ``read_census_file``), changing only what differs;
    returns (added, changed, unchanged) counts."""
    totals = [0, 0, 0]
    for entry in areas:
        profile, _ = AreaProfile.objects.get_or_create(
            area=entry.area, defaults={"code": entry.code, "dataset": dataset}
        )
        if (profile.code, profile.dataset) != (entry.code, dataset):
            profile.code, profile.dataset = entry.code, dataset
            profile.save(update_fields=["code", "dataset", "loaded_at"])
        existing = {
            (figure.characteristic, figure.category): figure for figure in profile.figures.all()
        }
        added, changed, unchanged = [], [], 0
        for figure in entry.figures:
            stored = existing.get((figure.characteristic, figure.category))
            if stored is None:
                added.append(CensusFigure(profile=profile, **figure.__dict__))
                continue
            if all(getattr(stored, name) == getattr(figure, name) for name in FIGURE_FIELDS):
                unchanged += 1
                continue
            for name in FIGURE_FIELDS:
                setattr(stored, name, getattr(figure, name))
            changed.append(stored)
        CensusFigure.objects.bulk_create(added)
        CensusFigure.objects.bulk_update(changed, FIGURE_FIELDS)
        totals = [totals[0] + len(added), totals[1] + len(changed), totals[2] + unchanged]
        progress(
            f"{entry.area.name} ({entry.code}): {len(added)} added, {len(changed)} changed, "
            f"{unchanged} unchanged."
        )
    return tuple(totals)
