"""Builders for the engagement network's tests: an index, bodies, meetings and
actions, published as an editor would."""

import datetime

from django.utils import timezone

from consultation_blocks.models import (
    Action,
    MeetingPage,
    NetworkBodyPage,
    NetworkIndexPage,
    NetworkInvitee,
)
from consultation_blocks.services.network import record_update


def at(day, hour=18):
    """An aware datetime on `day` (a date) at `hour` o'clock, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_network_index(home_page):
    index = NetworkIndexPage(title="Engagement network", slug="network", intro="How we meet.")
    home_page.add_child(instance=index)
    return publish(index)


def make_body(index, title, *, partners=(), invitees=(), live=True, **fields):
    values = {
        "slug": title.lower().replace(" ", "-"),
        "summary": f"About {title}.",
        "purpose": "<p>Bring together common issues.</p>",
        "cadence": "three_times",
        "cadence_detail": "Three times a year, with ad hoc meetings as required",
    }
    values.update(fields)
    body = NetworkBodyPage(title=title, live=False, **values)
    index.add_child(instance=body)
    body.partners.set(partners)
    for organisation, sector, area, role in invitees:
        body.invitees.add(
            NetworkInvitee(organisation=organisation, sector=sector, area=area, role=role)
        )
    body.save()
    if live:
        publish(body)
    return body


def make_meeting(body, day, *, title=None, live=True, **fields):
    values = {
        "title": title or f"{body.title} meeting, {day:%B %Y}",
        "slug": f"meeting-{day.isoformat()}",
        "starts_at": at(day, 18),
        "ends_at": at(day, 20),
        "place": "Town hall, Market Street",
        "access_information": "Step-free entrance on Market Street.",
    }
    values.update(fields)
    meeting = MeetingPage(live=False, **values)
    body.add_child(instance=meeting)
    if live:
        publish(meeting)
    return meeting


def make_action(body, meeting, description, **fields):
    values = {"owner_role": "Engagement lead, Northshire Council"}
    values.update(fields)
    action = Action.objects.create(body=body, raised_at=meeting, description=description, **values)
    record_update(action, state="open", note="Raised.", meeting=meeting)
    return action


def close(action, meeting, state="done", note="Done."):
    record_update(action, state=state, note=note, meeting=meeting)
    action.refresh_from_db()
    return action


def action_form(body, meeting, **overrides):
    """POST data for the action editor in the admin (a draft unless PUBLISH or SUBMIT
    is added)."""
    data = {
        "body": body.pk,
        "description": "Map the seldom-heard groups the forum does not yet reach",
        "owner_role": "Engagement lead, Northshire Council",
        "due_on": (meeting.meeting_date + datetime.timedelta(days=30)).isoformat(),
        "raised_at": meeting.pk,
        "state": "open",
        "closed_at": "",
        "update_meeting": "",
        "update_note": "",
    }
    data.update(overrides)
    return data
