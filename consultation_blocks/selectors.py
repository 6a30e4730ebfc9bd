"""Read-only queries shared by the plugin's pages, the site's templates and the admin."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from .models import (
    Area,
    BlockedSubmission,
    BlockReason,
    Comment,
    CommentKind,
    CommentState,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationPageTag,
    ConsultationStatus,
    Partner,
    PollVote,
    belongs_to_partners_q,
)
from .models.teams import active_team_members, partners_whose_data_user_sees


def featured_partners():
    """Partners shown on the home page and in the footer, with their logos and the
    logos' renditions loaded up front (two queries however many partners)."""
    return (
        Partner.objects.filter(featured=True)
        .select_related("logo")
        .prefetch_related("logo__renditions")
        .order_by("name")
    )


def main_consultation_index():
    """The first live consultation index, where 'see all consultations' links go."""
    return ConsultationIndexPage.objects.live().public().order_by("path").first()


def live_consultations():
    """Live, public consultations with what their cards show: lead partner and topics."""
    return (
        ConsultationPage.objects.live()
        .public()
        .select_related("lead_partner")
        .prefetch_related(
            Prefetch("tagged_items", queryset=ConsultationPageTag.objects.select_related("tag"))
        )
    )


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


def approved_comments(page):
    """Approved comments on a page as threads (top level, each with its approved
    replies), in one query however many there are."""
    rows = list(
        Comment.objects.filter(page=page, kind=CommentKind.COMMENT, state=CommentState.APPROVED)
        .only("pk", "parent_id", "name", "body", "created_at", "kind")
        .order_by("created_at", "pk")
    )
    threads = [comment for comment in rows if comment.parent_id is None]
    by_id = {comment.pk: comment for comment in threads}
    for comment in threads:
        comment.approved_replies = []
    for comment in rows:
        if comment.parent_id in by_id:
            by_id[comment.parent_id].approved_replies.append(comment)
    return threads


def published_quotes(page):
    """Survey answers an editor chose to publish and a moderator approved."""
    return Comment.objects.filter(
        page=page, kind=CommentKind.QUOTE, state=CommentState.APPROVED
    ).order_by("created_at", "pk")


def moderation_queue(user):
    """Everything residents wrote on consultations whose partners' data this user sees
    (the same rule as results and exports)."""
    scope = partners_whose_data_user_sees(user)
    queue = Comment.objects.select_related("page", "parent", "page__lead_partner")
    return queue.filter(scope.consultations_q("page__"))


def distinct_reporters(prefix=""):
    """An expression counting the distinct people who reported a comment: each known
    address once, and each report of unknown address (made before addresses were kept)
    as its own reporter. `prefix` is the path to the reports, e.g. "reports__"."""
    return Count(f"{prefix}reporter_address", distinct=True) + Count(
        f"{prefix}pk", filter=Q(**{f"{prefix}reporter_address__isnull": True})
    )


def comment_reporter_count(comment):
    """How many distinct people have reported `comment`."""
    return comment.reports.aggregate(reporters=distinct_reporters())["reporters"]


def pending_moderation_count(user):
    return moderation_queue(user).filter(state=CommentState.PENDING).count()


def poll_results(page, poll_id, options, *, voted):
    """Counts per option for one poll; counted only when they will be shown."""
    counts = {}
    if voted or not page.is_open:
        counts = dict(
            PollVote.objects.filter(page=page, poll_id=poll_id)
            .values_list("option_id")
            .annotate(Count("pk"))
        )
    total = sum(counts.get(option_id, 0) for option_id, _ in options)
    return {
        "voted": voted,
        "total": total,
        "options": [
            {
                "id": option_id,
                "label": label,
                "votes": counts.get(option_id, 0),
                "percent": round(100 * counts.get(option_id, 0) / total) if total else 0,
            }
            for option_id, label in options
        ],
    }


def blocked_submission_summary(*, days=7, today=None):
    """Blocked public submissions per form and reason over the last few days."""
    today = today or timezone.localdate()
    rows = (
        BlockedSubmission.objects.filter(day__gt=today - datetime.timedelta(days=days))
        .values("form", "reason")
        .annotate(total=Sum("count"))
        .order_by("form", "reason")
    )
    labels = dict(BlockReason.choices)
    return {
        "days": days,
        "rows": [{**row, "reason_label": labels.get(row["reason"], row["reason"])} for row in rows],
    }
