"""The "How was taking part?" report: per exercise and per partner, the number who
answered and the share giving a favourable answer to each question, in one query each
however many pages or partners. A row of fewer than SMALL_COUNT people shows neither
its count nor its shares."""

from dataclasses import dataclass

from django.db.models import Count, Q

from ..models import FAVOURABLE, ActivityEvaluation, ConsultationPage, TakingPartFeedback
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


def _visible_consultations(user):
    return ConsultationPage.objects.filter(partners_whose_data_user_sees(user).consultations_q())


def feedback_by_exercise(user):
    """One row per consultation this user may see results for that has feedback."""
    pages = _visible_consultations(user)
    rows = (
        TakingPartFeedback.objects.filter(page__in=pages.values("pk"))
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


def feedback_by_partner(user):
    """One row per lead partner (and one for consultations no partner leads)."""
    visible = _visible_consultations(user).values("pk")
    rows = (
        TakingPartFeedback.objects.filter(page__in=visible)
        .values("page__consultationpage__lead_partner__name")
        .annotate(**_counts())
        .order_by("page__consultationpage__lead_partner__name")
    )
    return [
        FeedbackRow(
            name=values["page__consultationpage__lead_partner__name"] or "No lead partner",
            url="",
            people=values["people"],
            shares=_shares(values),
        )
        for values in rows
    ]


def improvement_comments(user, *, limit=50):
    """The newest suggestions, with the consultation they were about."""
    return list(
        TakingPartFeedback.objects.filter(page__in=_visible_consultations(user).values("pk"))
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
