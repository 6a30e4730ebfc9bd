"""Quick polls: one vote per browser, results after voting, closed with the consultation."""

import datetime

import pytest
from django.utils import timezone

from consultation_blocks.models import BlockedSubmission, PollVote
from tests.factories import ConsultationPageFactory, poll_block
from tests.public_forms import with_guard

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll_page(consultation_index):
    page = ConsultationPageFactory(parent=consultation_index, body=[poll_block()])
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def poll_of(page):
    block = page.body[0]
    options = {str(item.value): str(item.id) for item in block.value["options"].bound_blocks}
    return str(block.id), options


def vote_url(page, poll_id):
    return page.url + page.reverse_subpage("vote", args=[poll_id])


def test_a_resident_votes_once_and_then_sees_the_results(client, poll_page):
    poll_id, options = poll_of(poll_page)
    before = client.get(poll_page.url).content.decode()
    assert 'name="option"' in before and "votes in total" not in before

    response = client.post(vote_url(poll_page, poll_id), with_guard({"option": options["Yes"]}))
    assert response.status_code == 302
    after = client.get(poll_page.url).content.decode()
    assert 'name="option"' not in after
    assert "1 vote (100%)" in after

    again = client.post(vote_url(poll_page, poll_id), with_guard({"option": options["No"]}))
    assert again.status_code == 409
    assert "already voted" in again.content.decode()
    assert PollVote.objects.count() == 1


def test_different_browsers_each_get_a_vote(client, django_user_model, poll_page):
    from django.test import Client

    poll_id, options = poll_of(poll_page)
    for choice in ("Yes", "Yes", "No"):
        Client().post(vote_url(poll_page, poll_id), with_guard({"option": options[choice]}))
    client.post(vote_url(poll_page, poll_id), with_guard({"option": options["No"]}))
    html = client.get(poll_page.url).content.decode()
    assert "2 votes (50%)" in html
    assert "4 votes in total" in html


@pytest.mark.parametrize("option", ["", "not-an-option", "<b>x</b>"])
def test_a_vote_for_an_unknown_option_is_refused(client, poll_page, option):
    poll_id, _ = poll_of(poll_page)
    response = client.post(vote_url(poll_page, poll_id), with_guard({"option": option}))
    assert response.status_code == 400
    assert "Choose one of the answers listed" in response.content.decode()
    assert PollVote.objects.count() == 0


def test_polls_close_with_the_consultation(client, poll_page):
    poll_id, options = poll_of(poll_page)
    poll_page.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    poll_page.save()
    response = client.post(vote_url(poll_page, poll_id), with_guard({"option": options["Yes"]}))
    assert response.status_code == 403
    assert 'name="option"' not in client.get(poll_page.url).content.decode()


def test_unknown_poll_and_get_requests(client, poll_page):
    poll_id, _ = poll_of(poll_page)
    assert client.post(vote_url(poll_page, "nope"), with_guard({})).status_code == 404
    assert client.get(vote_url(poll_page, poll_id)).status_code == 405


def test_a_vote_without_the_form_check_is_blocked_and_counted(client, poll_page):
    poll_id, options = poll_of(poll_page)
    response = client.post(vote_url(poll_page, poll_id), {"option": options["Yes"]})
    assert response.status_code == 400
    assert PollVote.objects.count() == 0
    assert BlockedSubmission.objects.get(form="poll").count == 1


def test_fresh_cookies_do_not_buy_more_than_a_few_votes_per_address(poll_page, settings):
    from django.test import Client

    settings.CONSULTATION_POLL_VOTES_PER_ADDRESS = 3
    poll_id, options = poll_of(poll_page)
    # A script starting a new browser (no cookies) for every vote, from one address.
    statuses = [
        Client(REMOTE_ADDR="203.0.113.7")
        .post(vote_url(poll_page, poll_id), with_guard({"option": options["Yes"]}))
        .status_code
        for _ in range(6)
    ]
    assert statuses == [302, 302, 302, 429, 429, 429]
    assert PollVote.objects.count() == 3
    refused = Client(REMOTE_ADDR="203.0.113.7").post(
        vote_url(poll_page, poll_id), with_guard({"option": options["No"]})
    )
    assert "as many votes as it takes from your internet connection" in refused.content.decode()
    tally = BlockedSubmission.objects.get(form="poll")
    assert (tally.reason, tally.count) == ("rate_limit", 4)

    # Another connection still votes, and so does the same address in another poll.
    other = Client(REMOTE_ADDR="198.51.100.2")
    response = other.post(vote_url(poll_page, poll_id), with_guard({"option": options["No"]}))
    assert response.status_code == 302
    assert PollVote.objects.count() == 4


def test_the_limit_is_per_poll(consultation_index, settings):
    from django.test import Client

    settings.CONSULTATION_POLL_VOTES_PER_ADDRESS = 1
    page = ConsultationPageFactory(parent=consultation_index, body=[poll_block(), poll_block()])
    page.save_revision().publish()
    page.refresh_from_db()
    for block in page.body:
        option = str(block.value["options"].bound_blocks[0].id)
        response = Client(REMOTE_ADDR="203.0.113.7").post(
            vote_url(page, str(block.id)), with_guard({"option": option})
        )
        assert response.status_code == 302
    assert PollVote.objects.count() == 2


def test_the_address_is_stored_only_as_a_keyed_hash(poll_page):
    from django.test import Client

    poll_id, options = poll_of(poll_page)
    Client(REMOTE_ADDR="203.0.113.7").post(
        vote_url(poll_page, poll_id), with_guard({"option": options["Yes"]})
    )
    vote = PollVote.objects.get()
    assert vote.voter_address and "203.0.113.7" not in vote.voter_address
    assert "203.0.113.7" not in vote.voter


def test_votes_from_before_addresses_were_kept_do_not_use_up_a_place(poll_page, settings):
    from django.test import Client

    settings.CONSULTATION_POLL_VOTES_PER_ADDRESS = 1
    poll_id, options = poll_of(poll_page)
    for n in range(3):
        PollVote.objects.create(
            page=poll_page, poll_id=poll_id, option_id=options["No"], voter=f"old-{n}"
        )
    response = Client(REMOTE_ADDR="203.0.113.7").post(
        vote_url(poll_page, poll_id), with_guard({"option": options["Yes"]})
    )
    assert response.status_code == 302


def test_a_place_freed_or_skipped_is_used_and_the_limit_still_holds(poll_page):
    from consultation_blocks.services.polls import AddressLimitReached, cast_vote

    poll_id, options = poll_of(poll_page)
    # Places 0 and 2 are taken (as after votes sent at the same moment); 1 is free.
    for place in (0, 2):
        PollVote.objects.create(
            page=poll_page,
            poll_id=poll_id,
            option_id=options["Yes"],
            voter=f"browser-{place}",
            voter_address="one-address",
            address_place=place,
        )
    vote = cast_vote(
        page=poll_page,
        poll_id=poll_id,
        option_id=options["No"],
        voter="browser-new",
        voter_address="one-address",
        votes_per_address=3,
    )
    assert vote.address_place == 1
    with pytest.raises(AddressLimitReached):
        cast_vote(
            page=poll_page,
            poll_id=poll_id,
            option_id=options["No"],
            voter="browser-newer",
            voter_address="one-address",
            votes_per_address=3,
        )
    assert PollVote.objects.filter(voter_address="one-address").count() == 3


def test_the_database_refuses_a_second_vote_in_the_same_place(poll_page):
    from django.db import IntegrityError

    poll_id, options = poll_of(poll_page)
    fields = {"page": poll_page, "poll_id": poll_id, "option_id": options["Yes"]}
    PollVote.objects.create(**fields, voter="a", voter_address="x", address_place=0)
    with pytest.raises(IntegrityError):
        PollVote.objects.create(**fields, voter="b", voter_address="x", address_place=0)


def test_results_say_that_polls_are_indicative(client, poll_page):
    poll_id, options = poll_of(poll_page)
    client.post(vote_url(poll_page, poll_id), with_guard({"option": options["Yes"]}))
    html = client.get(poll_page.url).content.decode()
    assert "Quick polls are indicative" in html
