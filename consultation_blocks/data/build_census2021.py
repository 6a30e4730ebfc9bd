"""Rebuild census2021.csv from the published tables it was read from.

The figures are Office for National Statistics Census 2021 counts, as extracted from
Nomis by Trafford Data Lab into https://github.com/traffordDataLab/open_data
(``census2021/``). This script reads a clone of that repository at a given commit
(``git show``, nothing is downloaded), sums the census categories into the answer
options of our equality monitoring questions (see README.md beside this file) and
writes one row per figure, each naming its table and the file and commit it came
from. A census category it does not know stops it: nothing is guessed.

    python consultation_blocks/data/build_census2021.py /path/to/open_data COMMIT \
        > consultation_blocks/data/census2021.csv
"""

import csv
import io
import re
import subprocess
import sys
from collections import Counter

REPOSITORY = "traffordDataLab/open_data"
AREAS = {"E08000008": "Tameside", "E08000007": "Stockport"}
SKIP = "skip"


def age(label):
    if label == "Aged under 1 year":
        years = 0
    else:
        years = int(re.match(r"Aged (\d+) years?", label).group(1))
    for upper, option in ((15, "under_16"), (24, "16_24"), (34, "25_34"), (44, "35_44")):
        if years <= upper:
            return option
    for upper, option in ((54, "45_54"), (64, "55_64"), (74, "65_74")):
        if years <= upper:
            return option
    return "75_plus"


def ethnicity(label):
    prefixes = {
        "Asian, Asian British or Asian Welsh": "asian",
        "Black, Black British, Black Welsh, Caribbean or African": "black",
        "Mixed or Multiple ethnic groups": "mixed",
        "White": "white",
        "Other ethnic group": "other",
    }
    return prefixes[label.split(":")[0]]


def disability(label):
    if label.startswith("Disabled under the Equality Act"):
        return "yes"
    if label.startswith("Not disabled under the Equality Act"):
        return "no"
    raise KeyError(label)


def gender_identity(label):
    if label == "Not answered":
        return SKIP
    if label == "Gender identity the same as sex registered at birth":
        return "yes"
    known = {
        "Gender identity different from sex registered at birth but no specific identity given",
        "Trans woman",
        "Trans man",
        "All other gender identities",
    }
    if label in known:
        return "no"
    raise KeyError(label)


def unpaid_care(label):
    if label == "Provides no unpaid care":
        return "no"
    if re.fullmatch(r"Provides .* unpaid care a week", label):
        return "yes"
    raise KeyError(label)


def veteran(label):
    if label == "Has not previously served in any UK armed forces":
        return "no"
    if label.startswith("Previously served in"):
        return "yes"
    raise KeyError(label)


def socioeconomic(label):
    if ": In employment:" in label:
        return "employed"
    if label.endswith(": Unemployed"):
        return "unemployed"
    inactive = {
        "Economically inactive: Retired": "retired",
        "Economically inactive: Student": "student",
        "Economically inactive: Looking after home or family": "caring",
        "Economically inactive: Long-term sick or disabled": "unable",
        "Economically inactive: Other": "other",
    }
    return inactive[label]


def mapping(table):
    return table.__getitem__


# (characteristic, table, universe, file, label column, filter, label -> option)
SOURCES = [
    (
        "age",
        "RM200",
        "All usual residents",
        "census2021/population/2021_population_by_sex_and_age_la_gm.csv",
        "age",
        {"sex": "All persons"},
        age,
    ),
    (
        "sex",
        "TS008",
        "All usual residents",
        "census2021/population/2021_population_by_sex_la_gm.csv",
        "indicator",
        {},
        mapping({"All persons": SKIP, "Female": "female", "Male": "male"}),
    ),
    (
        "ethnicity",
        "TS021",
        "All usual residents",
        "census2021/ethnicity/2021_population_ethnic_group_la_gm.csv",
        "ethnic_group",
        {},
        ethnicity,
    ),
    (
        "disability",
        "TS038",
        "All usual residents",
        "census2021/health_disability_unpaid_care/2021_disability_la_gm.csv",
        "disability_category",
        {},
        disability,
    ),
    (
        "gender_reassignment",
        "TS078",
        "Usual residents aged 16 and over who answered",
        "census2021/sexual_orientation_gender_identity/2021_gender_identity_la_gm.csv",
        "gender_identity",
        {},
        gender_identity,
    ),
    (
        "religion",
        "TS030",
        "All usual residents who answered",
        "census2021/religion/2021_population_religion_la_gm.csv",
        "religion",
        {},
        mapping(
            {
                "No religion": "none",
                "Christian": "christian",
                "Buddhist": "buddhist",
                "Hindu": "hindu",
                "Jewish": "jewish",
                "Muslim": "muslim",
                "Sikh": "sikh",
                "Other religion": "other",
                "Not answered": SKIP,
            }
        ),
    ),
    (
        "sexual_orientation",
        "TS077",
        "Usual residents aged 16 and over who answered",
        "census2021/sexual_orientation_gender_identity/2021_sexual_orientation_la_gm.csv",
        "sexual_orientation",
        {},
        mapping(
            {
                "Straight or Heterosexual": "straight",
                "Gay or Lesbian": "gay_lesbian",
                "Bisexual": "bisexual",
                "All other sexual orientations": "other",
                "Not answered": SKIP,
            }
        ),
    ),
    (
        "carer",
        "TS039",
        "Usual residents aged 5 and over",
        "census2021/health_disability_unpaid_care/2021_unpaid_care_la_gm.csv",
        "unpaid_care",
        {},
        unpaid_care,
    ),
    (
        "veteran",
        "TS071",
        "Usual residents aged 16 and over",
        "census2021/armed_forces_veterans/2021_armed_forces_veterans_person_la_gm.csv",
        "veteran_status",
        {},
        veteran,
    ),
    (
        "socioeconomic",
        "TS066",
        "Usual residents aged 16 and over",
        "census2021/labour_market_travel_to_work/2021_economic_activity_status_la_gm.csv",
        "economic_activity_status",
        {},
        socioeconomic,
    ),
]


def git(clone, *args):
    return subprocess.run(
        ["git", "-C", clone, *args], check=True, capture_output=True, text=True
    ).stdout


def build(clone, commit, out):
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["area", "area_code", "characteristic", "category", "count", "table", "universe", "source"]
    )
    for characteristic, table, universe, path, column, where, option_of in SOURCES:
        changed_in = git(clone, "log", "-1", "--format=%H", commit, "--", path).strip()
        source = f"{REPOSITORY}@{changed_in}:{path}"
        rows = csv.DictReader(io.StringIO(git(clone, "show", f"{commit}:{path}")))
        totals = {code: Counter() for code in AREAS}
        for row in rows:
            if row["area_code"] not in AREAS:
                continue
            if any(row[key] != value for key, value in where.items()):
                continue
            try:
                option = option_of(row[column])
            except (KeyError, AttributeError) as error:
                raise SystemExit(f"{path}: no option for {row[column]!r}") from error
            if option != SKIP:
                totals[row["area_code"]][option] += int(row["value"])
        for code, name in AREAS.items():
            if not totals[code]:
                raise SystemExit(f"{path}: nothing for {name}")
            for option, count in sorted(totals[code].items()):
                writer.writerow(
                    [name, code, characteristic, option, count, table, universe, source]
                )


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2], sys.stdout)
