"""Quick polls: one vote per browser and a few per address, results shown once you have
voted. Polls are indicative: neither limit proves one vote per person."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from ..models import BlockReason
from ..selectors.polls import VOTED_SESSION_KEY, poll_marker
from ..services.polls import AddressLimitReached, AlreadyVoted, cast_vote
from ..spam import address_key, guard_submission, poll_votes_per_address, record_block


def poll_block(page, poll_id):
    for child in page.body:
        if child.block_type == "quick_poll" and str(child.id) == poll_id:
            return child
    raise Http404("There is no such poll on this page.")


def voter_key(request):
    """One vote per browser session, stored as a keyed hash rather than anything personal."""
    if not request.session.session_key:
        request.session.save()
    return salted_hmac("consultation-poll", request.session.session_key).hexdigest()


@guard_submission("poll")
def vote(request, page, poll_id):
    block = poll_block(page, poll_id)
    anchor = f"{page.url}#poll-{poll_id}"
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not page.is_open:
        return _refused(request, page, _("This poll has closed with the consultation."), 403)
    option_ids = {str(item.id) for item in block.value["options"].bound_blocks}
    option_id = request.POST.get("option", "")
    if option_id not in option_ids:
        return _refused(request, page, _("Choose one of the answers listed, then vote."), 400)
    try:
        cast_vote(
            page=page,
            poll_id=poll_id,
            option_id=option_id,
            voter=voter_key(request),
            voter_address=address_key(request, "poll-vote"),
            votes_per_address=poll_votes_per_address(),
        )
    except AlreadyVoted:
        _remember(request, page, poll_id)
        return _refused(request, page, _("You have already voted in this poll. Thank you."), 409)
    except AddressLimitReached:
        record_block("poll", BlockReason.RATE_LIMIT)
        return _refused(
            request,
            page,
            _(
                "This poll has already had as many votes as it takes from your internet "
                "connection. People at home, at work or in a library often share one, so "
                "your view may already be counted. You can still have your say in the "
                "consultation itself."
            ),
            429,
        )
    _remember(request, page, poll_id)
    messages.success(
        request, _("Thank you for voting. Here are the results so far."), extra_tags="poll"
    )
    return HttpResponseRedirect(anchor)


def _remember(request, page, poll_id):
    voted = set(request.session.get(VOTED_SESSION_KEY, []))
    voted.add(poll_marker(page, poll_id))
    request.session[VOTED_SESSION_KEY] = sorted(voted)


def _refused(request, page, message, status):
    return TemplateResponse(
        request,
        "consultation_blocks/poll_refused.html",
        {"page": page, "message": message},
        status=status,
    )
