"""Votes in quick polls."""

from django.db import IntegrityError, transaction

from ..models import PollVote


class AlreadyVoted(Exception):
    """This browser has already voted in the poll."""


class AddressLimitReached(Exception):
    """Every place for this address in the poll is taken."""


def cast_vote(*, page, poll_id, option_id, voter, voter_address, votes_per_address):
    """Store one vote: once per browser (`voter`), and at most `votes_per_address` per
    connection (`voter_address`), since a script can start a fresh browser for every
    vote. Both are keyed hashes. Each vote from an address takes a numbered place, and
    the database keeps places unique, so votes sent at the same moment cannot go past
    the limit."""
    votes = PollVote.objects.filter(page=page, poll_id=poll_id)
    taken = set(votes.filter(voter_address=voter_address).values_list("address_place", flat=True))
    for place in range(votes_per_address):
        if place in taken:
            continue
        try:
            with transaction.atomic():
                return PollVote.objects.create(
                    page=page,
                    poll_id=poll_id,
                    option_id=option_id,
                    voter=voter,
                    voter_address=voter_address,
                    address_place=place,
                )
        except IntegrityError:
            if votes.filter(voter=voter).exists():
                raise AlreadyVoted from None
            # Another vote from this address took the place just now: try the next.
    if votes.filter(voter=voter).exists():
        raise AlreadyVoted
    raise AddressLimitReached
