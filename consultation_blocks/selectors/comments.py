"""Reads about residents' comments: the approved threads a page shows, published
quotes, and the moderation queue with its report counts."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from ..models import Comment, CommentKind, CommentReport, CommentState
from ..models.teams import partners_whose_data_user_sees


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


def distinct_reporters():
    """An expression counting the distinct people who reported a comment, over its
    reports: each known address once, and each report of unknown address (made before
    addresses were kept) as its own reporter."""
    return Count("reporter_address", distinct=True) + Count(
        "pk", filter=Q(reporter_address__isnull=True)
    )


def with_report_counts(comments):
    """`comments` with `report_total` (reports) and `reporter_total` (distinct people
    behind them, see `distinct_reporters`).

    Each is a subquery on the comment's own reports rather than a join grouped over
    every comment: the queue is sorted and cut to a page first, so only that page's
    comments are counted, and counting the whole queue reads no reports at all."""
    reports = CommentReport.objects.filter(comment=OuterRef("pk")).order_by().values("comment")

    def per_comment(total):
        counted = Subquery(reports.annotate(total=total).values("total"))
        return Coalesce(counted, Value(0), output_field=IntegerField())

    return comments.annotate(
        report_total=per_comment(Count("pk")), reporter_total=per_comment(distinct_reporters())
    )


def comment_reporter_count(comment):
    """How many distinct people have reported `comment`."""
    return comment.reports.aggregate(reporters=distinct_reporters())["reporters"]


def pending_moderation_count(user):
    return moderation_queue(user).filter(state=CommentState.PENDING).count()
