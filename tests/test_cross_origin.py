"""Anonymous public forms carry no CSRF token (their page may come from the page cache):
a forged post is refused by where the browser says it comes from (Sec-Fetch-Site, or
Origin without it), as Go's http.CrossOriginProtection does. Everyone signed in and the
admin keep Django's token. Through the real middleware and views, with
enforce_csrf_checks on as a browser would meet them."""

import pytest
from django.test import Client

from consultation_blocks.models import Comment, PollVote, SurveyResponse
from tests.factories import ConsultationPageFactory, comments_block, poll_block, survey_block
from tests.public_forms import with_guard
from tests.survey_support import first_survey, survey_url, valid_post

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


@pytest.fixture
def page(consultation_index):
    page = ConsultationPageFactory(
        parent=consultation_index,
        body=[survey_block(equality=False), comments_block(), poll_block()],
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def browser(**headers):
    return Client(enforce_csrf_checks=True, **headers)


def send_survey(client, page, **extra):
    return client.post(survey_url(page), valid_post(first_survey(page)), **extra)


def send_comment(client, page, **extra):
    data = with_guard({"name": "Sam", "email": "sam@example.org", "body": "Open on Sundays"})
    return client.post(page.url + page.reverse_subpage("comment"), data, **extra)


def send_vote(client, page, **extra):
    block = next(child for child in page.body if child.block_type == "quick_poll")
    option = str(block.value["options"].bound_blocks[0].id)
    url = page.url + page.reverse_subpage("vote", args=[str(block.id)])
    return client.post(url, with_guard({"option": option}), **extra)


FORMS = {
    "survey": (send_survey, SurveyResponse),
    "comment": (send_comment, Comment),
    "poll": (send_vote, PollVote),
}
CROSS_SITE = {
    "Sec-Fetch-Site cross-site": {"HTTP_SEC_FETCH_SITE": "cross-site"},
    "Sec-Fetch-Site same-site": {
        "HTTP_SEC_FETCH_SITE": "same-site",
        "HTTP_ORIGIN": "http://other.testserver",
    },
    "Origin of another site": {"HTTP_ORIGIN": "https://attacker.example"},
    "Origin null (a sandboxed frame)": {"HTTP_ORIGIN": "null"},
    # Same host, other scheme: a page on plain HTTP posting to the HTTPS site.
    "Origin with another scheme": {"HTTP_ORIGIN": "https://testserver"},
}
SAME_ORIGIN = {
    # Current browsers, with or without JavaScript: a form post sends both.
    "Sec-Fetch-Site same-origin": {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": SITE},
    # The address typed or bookmarked.
    "Sec-Fetch-Site none": {"HTTP_SEC_FETCH_SITE": "none"},
    # Browsers from before Sec-Fetch-Site still send Origin on a POST.
    "Origin only": {"HTTP_ORIGIN": SITE},
    # Not a browser (curl, a script): nothing a forged page could make a visitor send.
    "neither header": {},
}


@pytest.mark.parametrize("headers", CROSS_SITE.values(), ids=CROSS_SITE.keys())
@pytest.mark.parametrize("form", FORMS)
def test_cross_site_posts_are_refused_with_a_clear_page(page, form, headers):
    send, model = FORMS[form]
    response = send(browser(**headers), page)

    assert response.status_code == 403
    html = response.content.decode()
    assert "This form was sent from another website" in html
    assert "reload it" in html
    assert model.objects.count() == 0


@pytest.mark.parametrize("headers", SAME_ORIGIN.values(), ids=SAME_ORIGIN.keys())
@pytest.mark.parametrize("form", FORMS)
def test_same_origin_posts_are_accepted_without_a_token(page, form, headers):
    send, model = FORMS[form]
    response = send(browser(**headers), page)

    assert response.status_code == 302
    assert model.objects.count() == 1


def test_a_trusted_origin_may_post_from_another_site(page, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.partnership.example"]
    trusted = {
        "HTTP_SEC_FETCH_SITE": "cross-site",
        "HTTP_ORIGIN": "https://www.partnership.example",
    }

    assert send_survey(browser(**trusted), page).status_code == 302
    assert (
        send_survey(browser(HTTP_ORIGIN="https://www.partnership.example"), page).status_code == 302
    )
    assert send_survey(browser(HTTP_SEC_FETCH_SITE="cross-site"), page).status_code == 403


def test_signed_in_people_still_need_their_csrf_token(page, django_user_model):
    person = browser(HTTP_SEC_FETCH_SITE="same-origin", HTTP_ORIGIN=SITE)
    person.force_login(django_user_model.objects.create_user("resident-with-account"))

    refused = send_survey(person, page)
    assert refused.status_code == 403
    assert "could not be checked" in refused.content.decode()
    assert SurveyResponse.objects.count() == 0

    person.get(page.url)  # the page gives them their token and its cookie
    token = person.cookies["csrftoken"].value
    accepted = person.post(
        survey_url(page), {**valid_post(first_survey(page)), "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_the_admin_keeps_the_token_for_anonymous_visitors_too(db):
    response = browser(HTTP_SEC_FETCH_SITE="same-origin", HTTP_ORIGIN=SITE).post(
        "/admin/login/", {"username": "someone", "password": "anything"}
    )
    assert response.status_code == 403
