"""The citizens' panel's make-up as CSV rows: the figures of the report page, suppressed
the same way, every cell safe to open in a spreadsheet."""

from .results.export import neutralise

HEADERS = [
    "Area",
    "Question",
    "Answer",
    "Panel members",
    "Panel members' share (%)",
    "Census residents",
    "Census share (%)",
    "Under-represented",
    "To recruit",
    "Census table",
    "Who the table counts",
]


def panel_csv_rows(report):
    area = report.profile.area.name
    yield HEADERS
    for table in report.tables:
        for row in table.rows:
            yield [
                neutralise(cell)
                for cell in (
                    area,
                    table.question.label,
                    row.label,
                    "Withheld" if table.withheld else row.shown,
                    "" if row.respondent_percent is None else row.respondent_percent,
                    row.census_count,
                    row.census_percent,
                    "Yes" if row.under else "",
                    "" if row.to_recruit is None else row.to_recruit,
                    table.tables,
                    table.universe,
                )
            ]
        if table.prefer_not:
            yield [
                neutralise(cell)
                for cell in (
                    area,
                    table.question.label,
                    "Prefer not to say",
                    table.prefer_not,
                    "",
                    "",
                    "",
                    "",
                    "",
                    table.tables,
                    table.universe,
                )
            ]
    yield []
    yield ["Confirmed panel members living in the area", report.members]
