"""Reads about quick polls: whether this browser has voted, and the counts a poll shows
once they may be shown."""

from django.db.models import Count

from ..models import PollVote

# The session remembers the polls this browser voted in, so the page shows it the
# results; the poll view adds to it after a vote (views/polls.py).
VOTED_SESSION_KEY = "consultation_polls_voted"


def poll_marker(page, poll_id):
    return f"{page.pk}:{poll_id}"


def has_voted(session, page, poll_id):
    """Whether the browser with this session has voted in the poll."""
    return poll_marker(page, poll_id) in session.get(VOTED_SESSION_KEY, [])


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
