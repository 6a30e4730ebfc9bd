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
