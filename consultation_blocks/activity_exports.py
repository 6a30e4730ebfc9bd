"""The forward plan as an iCalendar feed (RFC 5545) and as CSV rows.

Activities are whole days: DTSTART is the first day and DTEND the day after the last
(RFC 5545 3.6.1: the end of an all-day event is exclusive). Each activity keeps one
UID for life, so a calendar program updates an event rather than adding a second one;
DTSTAMP is when the activity last changed.
"""

import datetime

from icalendar import Calendar, Event

from .results.export import neutralise

PRODUCT_ID = "-//Partnership engagement hub//Forward plan//EN"
TENTATIVE_STAGES = {"idea", "planned"}


def ical_feed(activities, *, name, plan_url):
    """The calendar as bytes. ``plan_url`` is the forward plan's absolute address; an
    activity with a consultation page links to it (via ``consultation_url``)."""
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for activity in activities:
        cal.add_component(_event(activity, plan_url))
    return cal.to_ical()


def _event(activity, plan_url):
    event = Event()
    event.add("uid", f"{activity.uid}@engagement-activities")
    event.add("dtstamp", activity.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", activity.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", activity.starts_on)
    event.add("dtend", activity.ends_on + datetime.timedelta(days=1))
    event.add("summary", activity.title)
    event.add("description", _description(activity))
    event.add("categories", [activity.get_method_display()])
    areas = activity.area_names
    if areas:
        event.add("location", ", ".join(areas))
    event.add("status", "TENTATIVE" if activity.stage in TENTATIVE_STAGES else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a month-long survey does not make anyone busy
    url = getattr(activity, "consultation_url", "") or plan_url
    event.add("url", url)
    return event


def _description(activity):
    lines = [activity.description] if activity.description else []
    lines.append(f"How: {activity.get_method_display()}")
    lines.append(f"Stage: {activity.get_stage_display()}")
    partners = [activity.lead_partner.name, *activity.partner_names]
    lines.append(f"Run by: {', '.join(partners)}")
    if activity.audience_labels:
        lines.append(f"For: {', '.join(activity.audience_labels)}")
    if activity.feedback_method:
        lines.append(f"Feedback: {activity.feedback_method}")
    lines.append(f"Contact: {activity.contact_text}")
    return "\n".join(lines)


CSV_HEADERS = [
    "Title",
    "Method",
    "Stage",
    "Starts",
    "Ends",
    "Lead partner",
    "Other partners",
    "Service or department",
    "Topics",
    "Areas",
    "Intended audience",
    "Audience note",
    "How feedback will be given",
    "Contact role",
    "Contact email",
    "Consultation",
    "Shown to residents",
    "Number taking part",
    "Groups reached",
    "What we heard",
]


def csv_rows(activities):
    """The header, then one row per activity, every cell safe to open in a spreadsheet."""
    yield CSV_HEADERS
    for activity in activities:
        yield [
            neutralise(cell)
            for cell in (
                activity.title,
                activity.get_method_display(),
                activity.get_stage_display(),
                activity.starts_on.isoformat(),
                activity.ends_on.isoformat(),
                activity.lead_partner.name,
                "; ".join(activity.partner_names),
                activity.service,
                "; ".join(activity.topic_names),
                "; ".join(activity.area_names),
                "; ".join(activity.audience_labels),
                activity.audience_note,
                activity.feedback_method,
                activity.contact_role,
                activity.contact_email,
                activity.consultation.title if activity.consultation_id else "",
                "Yes" if activity.live else "No",
                "" if activity.participants is None else activity.participants,
                "; ".join(activity.groups_reached_labels),
                activity.what_we_heard,
            )
        ]
