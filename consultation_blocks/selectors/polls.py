"""Reads about quick polls: the counts a poll shows once they may be shown."""

from django.db.models import Count

from ..models import PollVote


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
