"""Reads for the engagement network's public pages and its action log export.

Every read here takes a fixed number of queries, however many bodies, meetings,
invitees or actions there are.
"""

from collections import Counter

from django.db.models import Prefetch
from django.utils import timezone
from wagtail.models import Page

from ..models import (
    Action,
    ActionState,
    ActionUpdate,
    MeetingPage,
    NetworkBodyPage,
    Sector,
)


def _parent_path(page):
    return page.path[: -Page.steplen]


def _public_meetings():
    return MeetingPage.objects.live().public()


def bodies_with_next_meeting(index_page, *, now=None):
    """The published bodies under `index_page`, each with `next_meeting` (or None)."""
    now = now or timezone.now()
    bodies = list(
        NetworkBodyPage.objects.child_of(index_page)
        .live()
        .public()
        .prefetch_related("partners")
        .order_by("path")
    )
    upcoming = _public_meetings().descendant_of(index_page).filter(ends_at__gte=now)
    next_by_parent = {}
    for meeting in upcoming.order_by("starts_at", "pk"):
        next_by_parent.setdefault(_parent_path(meeting), meeting)
    for body in bodies:
        body.next_meeting = next_by_parent.get(body.path)
    return bodies


def invitees_by_sector(invitees):
    """(sector label, count) in the order of ``Sector``, only sectors present."""
    counts = Counter(invitee.sector for invitee in invitees)
    return [(label, counts[value]) for value, label in Sector.choices if counts[value]]


def sectors_missing(invitees):
    present = {invitee.sector for invitee in invitees}
    return [label for value, label in Sector.choices if value not in present]


def body_summary(body, *, now=None):
    """What a body's public page shows."""
    now = now or timezone.now()
    # In the invite list's order; a preview reads the list from the form, unsaved.
    invitees = list(body.invitees.select_related("area"))
    if body.pk is None:  # a new body's preview: nothing else exists yet
        return {
            "invitees": invitees,
            "invitee_sectors": invitees_by_sector(invitees),
            "sectors_missing": sectors_missing(invitees),
            "today": timezone.localdate(),
        }
    meetings = list(_public_meetings().child_of(body).order_by("starts_at", "pk"))
    upcoming = [meeting for meeting in meetings if meeting.ends_at >= now]
    past = [meeting for meeting in reversed(meetings) if meeting.ends_at < now]
    open_actions = list(
        Action.objects.live()
        .filter(body=body, state=ActionState.OPEN)
        .filter(raised_at__live=True)
        .select_related("raised_at")
        .order_by("due_on", "pk")
    )
    return {
        "invitees": invitees,
        "invitee_sectors": invitees_by_sector(invitees),
        "sectors_missing": sectors_missing(invitees),
        "upcoming_meetings": upcoming,
        "past_meetings": past,
        "open_actions": open_actions,
        "partners": list(body.partners.all()),
        "today": timezone.localdate(),
    }


def _with_history(actions):
    return actions.select_related("raised_at", "closed_at").prefetch_related(
        Prefetch(
            "updates",
            queryset=ActionUpdate.objects.select_related("meeting").order_by("created_at", "pk"),
        )
    )


def meeting_summary(meeting):
    """What a meeting's public page shows: its papers, the actions carried forward to it
        (raised earlier and still open when it met) and those raised at it, each with its
        history. Only published actions are shown, and none raised at meetings not yet
    published.

        A preview of a meeting not yet saved has no actions; one with no place in the tree
        yet has no body either."""
    body = (
        NetworkBodyPage.objects.filter(path=_parent_path(meeting)).first() if meeting.path else None
    )
    if body is None:
        return {
            "papers": meeting.public_papers(),
            "carried_forward": [],
            "actions_raised": [],
            "today": timezone.localdate(),
        }
    carried = list(
        _with_history(
            Action.objects.live().carried_forward_to(meeting, body.pk).filter(raised_at__live=True)
        ).order_by("raised_at__starts_at", "due_on", "pk")
    )
    raised = (
        list(
            _with_history(Action.objects.live().filter(raised_at=meeting)).order_by("due_on", "pk")
        )
        if meeting.pk
        else []
    )
    siblings = _public_meetings().child_of(body)
    previous_meeting = (
        siblings.filter(starts_at__lt=meeting.starts_at).order_by("-starts_at", "-pk").first()
    )
    next_meeting = (
        siblings.filter(starts_at__gt=meeting.starts_at).order_by("starts_at", "pk").first()
    )
    return {
        "body": body,
        "papers": meeting.public_papers(),
        "carried_forward": carried,
        "actions_raised": raised,
        "previous_meeting": previous_meeting,
        "next_meeting": next_meeting,
        "today": timezone.localdate(),
    }


def action_log(body):
    """Every published action of `body` with its history, for the CSV export: the
    approved log, as the meetings' pages show it."""
    return _with_history(Action.objects.live().filter(body=body)).order_by(
        "raised_at__starts_at", "pk"
    )
