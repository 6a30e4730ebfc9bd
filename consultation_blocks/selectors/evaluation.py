"""The "How was taking part?" report: per exercise (a consultation or a network
meeting) and per partner, the number who answered and the share giving a favourable
answer to each question, in a fixed number of queries however many pages or partners.
A row of fewer than SMALL_COUNT people shows neither its count nor its shares.

A consultation belongs to its lead partner; a meeting to each partner of the network
body that holds it (a body no partner is named for belongs to the whole partnership)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from ..models import (
    FAVOURABLE,
    ActivityEvaluation,
    ConsultationPage,
    MeetingPage,
    NetworkBodyPage,
    TakingPartFeedback,
)
from ..models.teams import partners_whose_data_user_sees
from ..questions import percent
from .results import SMALL_COUNT

QUESTIONS = ("easy", "heard", "again")


@dataclass
class FeedbackRow:
    name: str
    url: str
    people: int
    shares: dict  # question -> percentage of those who answered it, or None

    @property
    def too_few(self):
        return self.people < SMALL_COUNT

    @property
    def people_shown(self):
        return f"fewer than {SMALL_COUNT}" if self.too_few else str(self.people)


def _counts():
    counts = {"people": Count("pk")}
    for question, favourable in FAVOURABLE.items():
        counts[f"{question}_answered"] = Count("pk", filter=~Q(**{question: ""}))
        counts[f"{question}_favourable"] = Count("pk", filter=Q(**{f"{question}__in": favourable}))
    return counts


def _shares(values):
    if values["people"] < SMALL_COUNT:
        return dict.fromkeys(QUESTIONS)
    return {
        question: percent(values[f"{question}_favourable"], values[f"{question}_answered"])
        if values[f"{question}_answered"]
        else None
        for question in QUESTIONS
    }


def page_taking_feedback(page_id, *, now=None):
    """The live, public page residents may tell us about taking part in: any
    consultation, or a network meeting once it has started. None otherwise."""
    consultation = ConsultationPage.objects.live().public().filter(pk=page_id).first()
    if consultation is not None:
        return consultation
    return (
        MeetingPage.objects.live()
        .public()
        .filter(pk=page_id, starts_at__lte=now or timezone.now())
        .first()
    )


def _visible_consultations(user):
    return ConsultationPage.objects.filter(partners_whose_data_user_sees(user).consultations_q())


def _visible_bodies(user):
    """The network bodies whose meetings' feedback this user sees, with their partners."""
    scope = partners_whose_data_user_sees(user)
    bodies = NetworkBodyPage.objects.all()
    if not scope.every_partner:
        bodies = bodies.filter(
            Q(partners__in=scope.partner_ids) | Q(partners__isnull=True)
        ).distinct()
    return list(bodies.prefetch_related("partners").only("pk", "path", "depth"))


def _visible_meetings(bodies):
    if not bodies:
        return MeetingPage.objects.none()
    under = Q()
    for body in bodies:
        under |= Q(path__startswith=body.path, depth=body.depth + 1)
    return MeetingPage.objects.filter(under)


def _visible_pages_q(user, bodies):
    return Q(page__in=_visible_consultations(user).values("pk")) | Q(
        page__in=_visible_meetings(bodies).values("pk")
    )


def feedback_by_exercise(user):
    """One row per consultation or meeting this user may see feedback on that has some."""
    rows = (
        TakingPartFeedback.objects.filter(_visible_pages_q(user, _visible_bodies(user)))
        .values("page_id", "page__title", "page__url_path")
        .annotate(**_counts())
        .order_by("page__title", "page_id")
    )
    return [
        FeedbackRow(
            name=values["page__title"],
            url=str(values["page_id"]),
            people=values["people"],
            shares=_shares(values),
        )
        for values in rows
    ]


def _add(totals, values):
    for name, count in values.items():
        if name == "people" or name.endswith(("_answered", "_favourable")):
            totals[name] += count


def feedback_by_partner(user):
    """One row per partner: the consultations it leads and the meetings of the network
    bodies it belongs to (and one row for what no partner is named for)."""
    totals = defaultdict(lambda: defaultdict(int))
    consultations = (
        TakingPartFeedback.objects.filter(page__in=_visible_consultations(user).values("pk"))
        .values("page__consultationpage__lead_partner__name")
        .annotate(**_counts())
        .order_by()
    )
    for values in consultations:
        _add(totals[values["page__consultationpage__lead_partner__name"] or ""], values)
    bodies = _visible_bodies(user)
    meetings = (
        TakingPartFeedback.objects.filter(page__in=_visible_meetings(bodies).values("pk"))
        .values("page__path")
        .annotate(**_counts())
        .order_by()
    )
    for values in meetings:
        body = next(body for body in bodies if values["page__path"].startswith(body.path))
        for name in sorted({partner.name for partner in body.partners.all()}) or [""]:
            _add(totals[name], values)
    return [
        FeedbackRow(
            name=name or "No partner named",
            url="",
            people=values["people"],
            shares=_shares(values),
        )
        for name, values in sorted(totals.items(), key=lambda item: (not item[0], item[0]))
    ]


def improvement_comments(user, *, limit=50):
    """The newest suggestions, with the consultation or meeting they were about."""
    return list(
        TakingPartFeedback.objects.filter(_visible_pages_q(user, _visible_bodies(user)))
        .exclude(improve="")
        .select_related("page")
        .order_by("-created_on", "-pk")[:limit]
    )


def activity_evaluations(user):
    scope = partners_whose_data_user_sees(user)
    evaluations = ActivityEvaluation.objects.select_related("activity", "activity__lead_partner")
    if not scope.every_partner:
        evaluations = evaluations.filter(
            Q(activity__lead_partner_id__in=scope.partner_ids)
            | Q(activity__lead_partner__isnull=True)
        )
    return list(evaluations.order_by("-activity__starts_on", "activity__title"))
