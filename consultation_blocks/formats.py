"""Dates and times as GOV.UK's style guide writes them for residents: "30 January 2026",
"5:30pm", "9am", "midday", "midnight". Django's `a` format gives "p.m.", which the
style guide asks us not to use. Words and month names follow the language being read
(Welsh: "11yh ar 30 Ionawr 2026")."""

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext, pgettext


def govuk_time(moment):
    """A time of day: "11:59pm", "9am", "midday", "midnight"."""
    moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    if (moment.hour, moment.minute) == (0, 0):
        return gettext("midnight")
    if (moment.hour, moment.minute) == (12, 0):
        return gettext("midday")
    hour = moment.hour % 12 or 12
    suffix = pgettext("time of day", "am") if moment.hour < 12 else pgettext("time of day", "pm")
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{suffix}"


def govuk_date(moment):
    """A date: "30 January 2026"."""
    moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return format_date(moment, "j F Y")


def govuk_datetime(moment):
    """A date and time, the time first as the style guide prefers: "11:59pm on 30 January 2026"."""
    return gettext("{time} on {date}").format(time=govuk_time(moment), date=govuk_date(moment))
