"""Reads for what residents follow: the items alerts announce and how they match a
subscriber's filters, the consultations the public feeds list, and the published
outcomes of the "You said, we did" register and the staff newsletter digest.

Filters mean what they mean on the consultation listing (``selectors.filter_consultations``):
a partner leads or is a partner of the consultation, a topic is one of its tags, and an
area is one of its areas or the local authority that area belongs to.

A network meeting has no partners, areas or topics of its own: it is matched through
the body that meets (its parent page), so a meeting is for the body's partners, areas and
topics. The rule is the consultations' one, unchanged: a body with no areas is not tied
to any place, so its meetings reach subscribers who chose no area (and chose its partner
or topic, or none), but not someone who asked only about one ward or local authority;
otherwise an area filter would stop filtering for every body that leaves areas empty.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from ..models import (
    AlertKind,
    AlertSubscription,
    Area,
    ConsultationPage,
    ConsultationStatus,
    MeetingPage,
    NetworkBodyPage,
)
from ..models.locales import active_language_q
from .consultations import filter_consultations, live_consultations

# How far back the alert jobs look for items not yet sent: longer than a week, so a
# weekly run that is a day late misses nothing (the delivery records stop repeats).
ALERT_LOOKBACK = datetime.timedelta(days=8)

# How one item of each kind is introduced in an email's subject and body.
ITEM_LABELS = {
    AlertKind.CONSULTATION.value: "New consultation",
    AlertKind.OUTCOME.value: "Outcome published",
    AlertKind.MEETING.value: "New meeting",
}


@dataclass
class AlertItem:
    # A plain string, not the enum: it is compared with values read from the database.
    kind: str
    page: object
    visible_at: datetime.datetime
    partners: set = field(default_factory=set)
    topics: set = field(default_factory=set)
    areas: set = field(default_factory=set)

    @property
    def key(self):
        return (self.kind, self.page.pk)

    @property
    def label(self):
        return ITEM_LABELS[self.kind]


def _alertable_pages():
    return (
        # live_consultations() already loads the lead partner and the topics.
        live_consultations().prefetch_related("partners", _areas_prefetch())
    )


def _with_match_keys(item):
    page = item.page
    _match_keys(
        item,
        partners=page.partners.all(),
        tagged_items=page.tagged_items.all(),
        areas=page.areas.all(),
    )
    if page.lead_partner_id:
        item.partners.add(page.lead_partner.slug)
    return item


def _areas_prefetch():
    return Prefetch("areas", queryset=Area.objects.prefetch_related("children"))


def _match_keys(item, *, partners, tagged_items, areas):
    item.partners = {partner.slug for partner in partners}
    item.topics = {tagged.tag.slug for tagged in tagged_items}
    # A subscriber to a ward or town also hears about its whole local authority (the
    # listing's rule, seen from the page): the page's areas and the areas inside them.
    for area in areas:
        item.areas.add(area.slug)
        item.areas.update(child.slug for child in area.children.all())
    return item


def _meeting_items(*, since, now, page_ids=None):
    """Meetings first published between `since` and `now` that have not started yet
    (the same "first published" rule as consultations: a re-publish changes nothing),
    each matched through its body. A fixed number of queries for any number."""
    meetings = (
        MeetingPage.objects.live()
        .public()
        .filter(active_language_q())
        .filter(first_published_at__gte=since, first_published_at__lte=now, starts_at__gt=now)
    )
    if page_ids is not None:
        meetings = meetings.filter(pk__in=page_ids)
    meetings = list(meetings)
    if not meetings:
        return []
    steplen = MeetingPage.steplen
    bodies = {
        body.path: body
        for body in NetworkBodyPage.objects.filter(
            path__in={meeting.path[:-steplen] for meeting in meetings}
        ).prefetch_related("partners", "tagged_items__tag", _areas_prefetch())
    }
    items = []
    for meeting in meetings:
        item = AlertItem(AlertKind.MEETING.value, meeting, meeting.first_published_at)
        body = bodies.get(meeting.path[:-steplen])
        if body is not None:
            _match_keys(
                item,
                partners=body.partners.all(),
                tagged_items=body.tagged_items.all(),
                areas=body.areas.all(),
            )
        items.append(item)
    return items


def alert_items(*, since, now, page_ids=None):
    """Items that became visible between `since` and `now`, newest first: consultations
    first published then that are not yet closed, outcomes shown from then, and network
    meetings first published then that are still to come."""
    new_consultations = (
        _alertable_pages()
        .filter(first_published_at__gte=since, first_published_at__lte=now)
        .filter(ConsultationStatus.OPEN.q(now) | ConsultationStatus.UPCOMING.q(now))
    )
    outcomes = _alertable_pages().filter(
        ConsultationStatus.OUTCOME.q(now), outcome_published_at__gte=since
    )
    if page_ids is not None:
        new_consultations = new_consultations.filter(pk__in=page_ids)
        outcomes = outcomes.filter(pk__in=page_ids)
    items = [
        AlertItem(AlertKind.CONSULTATION.value, page, page.first_published_at)
        for page in new_consultations
    ] + [AlertItem(AlertKind.OUTCOME.value, page, page.outcome_published_at) for page in outcomes]
    items = [_with_match_keys(item) for item in items]
    items += _meeting_items(since=since, now=now, page_ids=page_ids)
    items.sort(key=lambda item: item.visible_at, reverse=True)
    return items


def subscription_wants(subscription, item):
    """The one rule for whether a confirmed subscriber receives an item: its kind was
    chosen, it appeared after they confirmed, and it passes each filter they set."""
    return (
        subscription.confirmed_at is not None
        and item.kind in subscription.kinds
        and item.visible_at >= subscription.confirmed_at
        and (not subscription.partner or subscription.partner in item.partners)
        and (not subscription.topic or subscription.topic in item.topics)
        and (not subscription.area or subscription.area in item.areas)
    )


def confirmed_subscriptions(frequency):
    return AlertSubscription.objects.filter(
        confirmed_at__isnull=False, frequency=frequency
    ).order_by("pk")


def feed_consultations(filters, *, limit):
    """Live, public consultations matching the listing's filters, newest first."""
    return filter_consultations(live_consultations(), filters).order_by(
        "-first_published_at", "-pk"
    )[:limit]


# The "You said, we did" register ------------------------------------------------------


def published_outcomes(*, filters=None, query="", since=None, moment=None):
    """Live, public consultations whose outcome is published, newest outcome first,
    narrowed by the listing's partner, topic and area filters, a year of publication
    and words in the title, summary, proposal or decision."""
    moment = moment or timezone.now()
    filters = filters or {}
    outcomes = live_consultations().filter(ConsultationStatus.OUTCOME.q(moment))
    if since is not None:
        outcomes = outcomes.filter(outcome_published_at__gte=since)
    year = filters.get("year")
    outcomes = filter_consultations(
        outcomes, {name: value for name, value in filters.items() if name != "year"}, moment
    )
    if year:
        outcomes = outcomes.filter(outcome_published_at__year=year)
    for word in query.split():
        outcomes = outcomes.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(proposal__icontains=word)
            | Q(outcome_summary__icontains=word)
        )
    return outcomes.order_by("-outcome_published_at", "-pk")


def outcome_years(moment=None):
    """Years in which outcomes were published, newest first, for the register's filter."""
    moment = moment or timezone.now()
    dates = (
        ConsultationPage.objects.live()
        .public()
        .filter(active_language_q())
        .filter(ConsultationStatus.OUTCOME.q(moment))
        .dates("outcome_published_at", "year", order="DESC")
    )
    return [date.year for date in dates]


def you_said_we_did(page):
    """The (you said, we did) pairs of a page's published outcome, read from the stored
    data so that listing many outcomes loads no blocks (and no documents or images)."""
    pairs = []
    for block in page.outcome_body.raw_data or []:
        if block.get("type") != "you_said_we_did":
            continue
        for item in (block.get("value") or {}).get("items") or []:
            # A list block stores {"type": "item", "value": {...}}; older data the value.
            value = item.get("value", item) if isinstance(item, dict) else {}
            if value.get("you_said") or value.get("we_did"):
                pairs.append((value.get("you_said", ""), value.get("we_did", "")))
    return pairs
