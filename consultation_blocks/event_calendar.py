"""The calendar file (RFC 5545) sent with a registration's emails.

One event per page, with a UID that never changes (the page's id and the site's host),
so a calendar program updates the event it already holds when a later email brings
the file again, and removes it when the file says the registration was cancelled.
``METHOD:PUBLISH``: the file informs, it asks nobody to reply.
"""

import datetime
from urllib.parse import urlsplit

from icalendar import Calendar, Event

PRODUCT_ID = "-//Partnership engagement hub//Event registration//EN"
MIMETYPE = "text/calendar; charset=utf-8; method=PUBLISH"
FILENAME = "event.ics"


def event_uid(page, base_url):
    host = urlsplit(base_url).hostname or "localhost"
    return f"event-{page.pk}@{host}"


def _utc(moment):
    # Calendars keep whole seconds.
    return moment.astimezone(datetime.UTC).replace(microsecond=0)


def registration_ical(page, *, base_url, page_url, cancel_url="", cancelled=False, now=None):
    """The calendar file for someone registered for ``page`` (a RegistrableMixin), as
    text. ``cancelled`` marks the event cancelled for them (their registration ended)."""
    now = now or datetime.datetime.now(datetime.UTC)
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", event_uid(page, base_url))
    event.add("dtstamp", _utc(now))
    event.add("dtstart", _utc(page.event_starts_at))
    event.add("dtend", _utc(page.event_ends_at))
    event.add("summary", page.title)
    if page.event_place:
        event.add("location", page.event_place)
    lines = []
    if page.event_access_information:
        lines.append(f"Access: {page.event_access_information}")
    lines.append(f"Details: {page_url}")
    if cancel_url and not cancelled:
        lines.append(f"Cannot come? Cancel your place: {cancel_url}")
    event.add("description", "\n".join(lines))
    event.add("url", page_url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # A cancellation supersedes the confirmation a calendar program may already hold.
    event.add("sequence", 1 if cancelled else 0)
    cal.add_component(event)
    return cal.to_ical().decode("utf-8")
