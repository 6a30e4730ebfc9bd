"""A network body's action log as CSV rows: one row per action, its history in the
last column. Every cell a person typed is neutralised, so a spreadsheet never runs
it as a formula."""

from django.utils import timezone

from .results.export import neutralise

HEADERS = [
    "Reference",
    "Action",
    "Owner",
    "Raised at",
    "Raised on",
    "Due",
    "Status",
    "Overdue",
    "Closed at",
    "Closed on",
    "History",
]


def _date(value):
    return value.isoformat() if value else ""


def _history(action):
    entries = []
    for update in action.updates.all():
        where = f" at {update.meeting.title}" if update.meeting_id else ""
        note = f": {update.note}" if update.note else ""
        when = timezone.localtime(update.created_at).date().isoformat()
        entries.append(f"{when} {update.get_state_display()}{where}{note}")
    return " | ".join(entries)


def action_log_rows(actions, *, today=None):
    today = today or timezone.localdate()
    yield HEADERS
    for action in actions:
        yield [
            f"A{action.pk}",
            neutralise(action.description),
            neutralise(action.owner_role),
            neutralise(action.raised_at.title),
            _date(action.raised_at.meeting_date),
            _date(action.due_on),
            action.get_state_display(),
            "Yes" if action.is_overdue(today) else "No",
            neutralise(action.closed_at.title) if action.closed_at_id else "",
            _date(action.closed_on),
            neutralise(_history(action)),
        ]
