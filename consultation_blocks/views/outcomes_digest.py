"""A newsletter-ready "You said, we did" digest for staff: the outcomes published
recently, as plain text and as HTML, ready to copy into a newsletter or a social
post. Everything in it is already public, so anyone who can use the admin may see it."""

import datetime

from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone

from ..selectors.alerts import published_outcomes, you_said_we_did

PERIODS = {7: "the last week", 30: "the last 30 days", 90: "the last 90 days"}
DEFAULT_DAYS = 30
DIGEST_LIMIT = 50


def digest(request):
    try:
        days = int(request.GET.get("days", DEFAULT_DAYS))
    except ValueError:
        days = DEFAULT_DAYS
    if days not in PERIODS:
        days = DEFAULT_DAYS
    since = timezone.now() - datetime.timedelta(days=days)
    outcomes = list(published_outcomes(since=since)[:DIGEST_LIMIT])
    for outcome in outcomes:
        outcome.you_said_we_did = you_said_we_did(outcome)
        outcome.link = outcome.full_url
    context = {"outcomes": outcomes, "period": PERIODS[days]}
    html = render_to_string("consultation_blocks/outcomes/digest_fragment.html", context)
    return TemplateResponse(
        request,
        "consultation_blocks/admin/outcomes_digest.html",
        {
            **context,
            "days": days,
            "periods": PERIODS,
            "text": render_to_string("consultation_blocks/outcomes/digest.txt", context),
            "html": html,
            "limit_reached": len(outcomes) == DIGEST_LIMIT,
        },
    )
