"""Reads about refused submissions, for the admin's dashboard panel."""

import datetime

from django.db.models import Sum
from django.utils import timezone

from ..models import BlockedSubmission, BlockReason


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
