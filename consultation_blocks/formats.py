"""Dates and times as GOV.UK's style guide writes them for residents: "30 January 2026",
"5:30pm", "9am", "midday", "midnight". Django's `a` format gives "p.m.", which the
style guide asks us not to use."""

from django.utils import timezone


def govuk_time(moment):
    """A time of day: "11:59pm", "9am", "midday", "midnight"."""
    moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    if (moment.hour, moment.minute) == (0, 0):
        return "midnight"
    if (moment.hour, moment.minute) == (12, 0):
        return "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{suffix}"


def govuk_date(moment):
    """A date: "30 January 2026"."""
    moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{moment.day} {moment:%B %Y}"


def govuk_datetime(moment):
    """A date and time, the time first as the style guide prefers: "11:59pm on 30 January 2026"."""
    return f"{govuk_time(moment)} on {govuk_date(moment)}"
