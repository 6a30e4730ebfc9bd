"""Reads about residents' comments: the approved threads a page shows, published
quotes, and the moderation queue with its report counts."""

from django.db.models import Count, Q

from ..models import Comment, CommentKind, CommentState
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
