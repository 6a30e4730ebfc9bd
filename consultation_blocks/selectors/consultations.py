"""Reads about consultations: which are live, their status at a moment, the listing's
filters, and which outcomes are overdue and who must publish them."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from ..models import (
    Area,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationPageTag,
    ConsultationStatus,
    belongs_to_partners_q,
)
from ..models.locales import active_language_q, default_language_q
from ..models.teams import active_team_members


def main_consultation_index():
    """The first live consultation index in the language shown, where 'see all
    consultations' links go."""
    return (
        ConsultationIndexPage.objects.live()
        .public()
        .filter(active_language_q())
        .order_by("path")
        .first()
    )


def live_consultations():
    """Live, public consultations in the language shown, with what their cards show:
    lead partner and topics."""
    return (
        ConsultationPage.objects.live()
        .public()
        .filter(active_language_q())
        .select_related("lead_partner")
        .prefetch_related(topics_prefetch())
    )


def topics_prefetch():
    """A consultation's topics with their tags, in one query for any number of pages."""
    return Prefetch("tagged_items", queryset=ConsultationPageTag.objects.select_related("tag"))


def consultation_topics(consultation):
    """The topics a consultation's page lists, with their tags: one query, not one per
    topic (a preview's unsaved topics are read from the page itself)."""
    return consultation.tagged_items.select_related("tag")


def home_page_consultations(*, limit=6, outcomes_limit=3):
    """Open, upcoming and recently decided consultations for the home page. One base
    queryset, so the view-restriction check runs once rather than per list."""
    now = timezone.now()
    base = live_consultations()
    return {
        "open_consultations": base.filter(ConsultationStatus.OPEN.q(now)).order_by(
            "closes_at", "-first_published_at"
        )[:limit],
        "upcoming_consultations": base.filter(ConsultationStatus.UPCOMING.q(now)).order_by(
            "opens_at"
        )[:limit],
        # Outcome cards show the summary, not topics.
        "recent_outcomes": base.filter(ConsultationStatus.OUTCOME.q(now))
        .prefetch_related(None)
        .order_by("-outcome_published_at")[:outcomes_limit],
    }


def filter_consultations(queryset, filters, moment=None):
    moment = moment or timezone.now()
    if filters.get("status"):
        queryset = queryset.filter(ConsultationStatus(filters["status"]).q(moment))
    if filters.get("partner"):
        queryset = queryset.filter(belongs_to_partners_q(queryset.model, [filters["partner"]]))
    if filters.get("topic"):
        queryset = queryset.filter(tagged_items__tag__slug=filters["topic"])
    if filters.get("area"):
        queryset = queryset.filter(areas__in=Area.objects.covering([filters["area"]]))
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("level"):
        queryset = queryset.filter(level=filters["level"])
    return queryset.distinct()


def outcomes_overdue(*, outcome_due_weeks, today=None):
    """Live formal consultations past their outcome due date with no outcome published."""
    today = today or timezone.localdate()
    now = timezone.now()
    default_cutoff = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(weeks=outcome_due_weeks), datetime.time.min
        )
    )
    return (
        ConsultationPage.objects.live()
        .filter(default_language_q())
        .filter(~ConsultationStatus.OUTCOME.q(now))
        .filter(
            Q(outcome_due_date__isnull=False, outcome_due_date__lt=today)
            | Q(outcome_due_date__isnull=True, closes_at__lt=default_cutoff)
        )
        .select_related("lead_partner", "owner")
        .order_by("closes_at")
    )


@dataclass(frozen=True)
class OutcomeResponsibility:
    """Who must publish a consultation's outcome, and so who is reminded of it.

    The page's owner when it has an active one; otherwise everyone active in its lead
    partner's team, since a page created by a loader or by someone who has left still
    belongs to the partner that leads it. `people` is empty when neither exists.
    """

    owner: object = None
    partner: object = None
    team: tuple = ()

    @property
    def people(self):
        return (self.owner,) if self.owner is not None else self.team

    @property
    def emails(self):
        return sorted({person.email for person in self.people if person.email})


def outcome_responsibility(pages):
    """{page id: OutcomeResponsibility} for `pages`, which must have `owner` and
    `lead_partner` loaded (select_related); one query for every team together."""
    pages = list(pages)

    def active_owner(page):
        return page.owner if page.owner_id and page.owner.is_active else None

    teams = active_team_members(
        page.lead_partner_id for page in pages if active_owner(page) is None
    )
    responsibility = {}
    for page in pages:
        owner = active_owner(page)
        if owner is not None:
            responsibility[page.pk] = OutcomeResponsibility(owner=owner)
        else:
            responsibility[page.pk] = OutcomeResponsibility(
                partner=page.lead_partner,
                team=tuple(teams.get(page.lead_partner_id, ())),
            )
    return responsibility
