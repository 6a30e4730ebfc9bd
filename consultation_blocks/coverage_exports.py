"""A network body's coverage report as CSV rows: each invited organisation, then the
summaries by sector, area and group, every cell safe to open in a spreadsheet."""

from .results.export import neutralise

SUMMARY_HEADERS = [
    "Section",
    "Group",
    "Invited organisations",
    "Organisations registered",
    "Organisations attended",
    "Invited organisations missing",
    "People registered",
    "People attended",
]


def coverage_csv_rows(report):
    yield [
        "Organisation",
        "Role invited",
        "Sector",
        "Area",
        "Meetings registered for",
        "Meetings attended",
        "Last attended",
    ]
    for row in report.organisations:
        yield [
            neutralise(cell)
            for cell in (
                row.organisation,
                row.role,
                row.sector,
                row.area,
                row.registered,
                row.attended,
                row.last_attended.date().isoformat() if row.last_attended else "Never",
            )
        ]
    yield []
    yield SUMMARY_HEADERS
    for section, rows in (
        ("Sector", report.by_sector),
        ("Area", report.by_area),
        ("Group represented", report.by_group),
    ):
        for row in rows:
            yield [
                neutralise(cell)
                for cell in (
                    section,
                    row.label,
                    row.invited if section != "Group represented" else "",
                    row.registered,
                    row.attended,
                    "; ".join(row.missing),
                    row.people_registered,
                    row.people_attended,
                )
            ]
