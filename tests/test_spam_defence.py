"""Every public form shares the same defences: honeypot, minimum fill time, rate limit
and size cap. A blocked submission stores nothing, explains itself and is counted."""

import time

import pytest
from django.test import Client

from consultation_blocks.models import BlockedSubmission, Comment, SurveyResponse
from consultation_blocks.spam import HONEYPOT_FIELD, TIMESTAMP_FIELD, form_token
from tests.factories import ConsultationPageFactory, comments_block, survey_block
from tests.public_forms import guard_fields
from tests.survey_support import first_survey, survey_url, valid_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(consultation_index):
    page = ConsultationPageFactory(
        parent=consultation_index, body=[survey_block(), comments_block()]
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def comment_data(**extra):
    return {"name": "Sam", "email": "sam@example.org", "body": "More benches, please.", **extra}


def post_comment(client, page, data):
    return client.post(page.url + page.reverse_subpage("comment"), data)


def test_every_public_form_carries_the_defences(client, page, django_user_model):
    html = client.get(page.url).content.decode()
    # One honeypot and one signed start time per form: the survey and the comments.
    assert html.count(f'name="{HONEYPOT_FIELD}"') == 2
    assert html.count(f'name="{TIMESTAMP_FIELD}"') == 2
    # A page anyone may be given from the cache carries no one's CSRF token: its forms
    # are checked by their origin (tests/test_cross_origin.py); a signed-in visitor's
    # forms carry theirs.
    assert 'name="csrfmiddlewaretoken"' not in html
    client.force_login(django_user_model.objects.create_user("signed-in"))
    signed_in = client.get(page.url).content.decode()
    assert signed_in.count('name="csrfmiddlewaretoken"') >= 2


def test_a_filled_honeypot_is_blocked_politely_and_counted(client, page):
    response = post_comment(
        client, page, {**comment_data(), **guard_fields(), HONEYPOT_FIELD: "http://spam"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not accept your form" in html and "Leave this blank" in html
    assert Comment.objects.count() == 0
    tally = BlockedSubmission.objects.get()
    assert (tally.form, tally.reason, tally.count) == ("comment", "honeypot", 1)


def test_a_form_sent_too_quickly_is_blocked(client, page, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    data = {**valid_post(first_survey(page)), TIMESTAMP_FIELD: form_token(time.time())}
    response = client.post(survey_url(page), data)
    assert response.status_code == 400
    assert "very quickly" in response.content.decode()
    assert SurveyResponse.objects.count() == 0
    assert BlockedSubmission.objects.get().reason == "too_fast"


@pytest.mark.parametrize("token", ["", "forged", form_token(time.time() - 60) + "x"])
def test_a_missing_or_forged_start_time_is_blocked(client, page, token):
    response = post_comment(
        client, page, {**comment_data(), TIMESTAMP_FIELD: token, HONEYPOT_FIELD: ""}
    )
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    assert BlockedSubmission.objects.get().reason == "no_token"


def test_the_minimum_fill_time_is_a_setting(client, page, settings):
    data = {**comment_data(), TIMESTAMP_FIELD: form_token(time.time() - 5), HONEYPOT_FIELD: ""}
    settings.CONSULTATION_MIN_FILL_SECONDS = 10
    assert post_comment(client, page, data).status_code == 400
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    assert post_comment(client, page, data).status_code == 302


def test_the_rate_limit_is_per_client_address(page, settings):
    settings.CONSULTATION_RATE_LIMIT = 3
    busy = Client(REMOTE_ADDR="203.0.113.5")
    statuses = [
        post_comment(busy, page, {**comment_data(), **guard_fields()}).status_code for _ in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert "Please wait a little" in post_comment(busy, page, comment_data()).content.decode()
    assert Comment.objects.count() == 3
    assert BlockedSubmission.objects.get(reason="rate_limit").count == 3

    # Someone else on another connection is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert post_comment(other, page, {**comment_data(), **guard_fields()}).status_code == 302


def test_a_forwarded_address_counts_only_when_configured(page, settings):
    settings.CONSULTATION_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    second = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert post_comment(first, page, {**comment_data(), **guard_fields()}).status_code == 302
    assert post_comment(second, page, {**comment_data(), **guard_fields()}).status_code == 302
    assert post_comment(first, page, {**comment_data(), **guard_fields()}).status_code == 429


def test_an_oversized_request_is_refused_before_it_is_read(client, page, settings):
    settings.CONSULTATION_MAX_BODY_BYTES = 2000
    data = valid_post(first_survey(page))
    data[next(k for k in data if k.startswith("q-"))] = "x" * 5000
    response = client.post(survey_url(page), data)
    assert response.status_code == 413
    assert "too long for us to accept" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_blocked_counts_are_shown_to_moderators_only(client, page, role_users, client_for):
    post_comment(client, page, {**comment_data(), **guard_fields(), HONEYPOT_FIELD: "x"})
    post_comment(client, page, comment_data())
    moderator_home = client_for(role_users["moderator_a"]).get("/admin/").content.decode()
    assert "Blocked by spam defences" in moderator_home
    assert "Hidden field filled in" in moderator_home
    assert "Form check missing or tampered with" in moderator_home
    editor_home = client_for(role_users["comms_editor"]).get("/admin/").content.decode()
    assert "Blocked by spam defences" not in editor_home


def test_forms_keep_csrf_protection(page):
    # Anonymous forms are checked by where the browser says they come from (the rest
    # is in tests/test_cross_origin.py).
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        survey_url(page), valid_post(first_survey(page)), HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert response.status_code == 403
    assert SurveyResponse.objects.count() == 0


def test_the_poll_limit_per_address_uses_the_configured_proxy_header(consultation_index, settings):
    from consultation_blocks.models import PollVote
    from tests.factories import poll_block
    from tests.public_forms import with_guard

    settings.CONSULTATION_POLL_VOTES_PER_ADDRESS = 1
    page = ConsultationPageFactory(parent=consultation_index, body=[poll_block()])
    page.save_revision().publish()
    page.refresh_from_db()
    block = page.body[0]
    url = page.url + page.reverse_subpage("vote", args=[str(block.id)])
    vote = with_guard({"option": str(block.value["options"].bound_blocks[0].id)})

    # Without a trusted proxy, a made-up X-Forwarded-For does not make a new voter.
    spoofed = [
        Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        .post(url, vote)
        .status_code
        for n in range(2)
    ]
    assert spoofed == [302, 429]

    # Behind the proxy, its header tells residents apart.
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    behind_proxy = [
        Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        .post(url, vote)
        .status_code
        for n in range(2)
    ]
    assert behind_proxy == [302, 302]
    assert PollVote.objects.count() == 3
