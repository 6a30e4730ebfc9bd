"""Publishing responses: the resident's choice on the survey form, the moderators'
queue and redaction (with its log), and the consultation's published responses."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation_blocks.forms.surveys import PUBLICATION_FIELD, PUBLICATION_NAME_FIELD
from consultation_blocks.models import (
    PublicationChoice,
    PublicationState,
    PublishedResponse,
    RedactionAction,
    RedactionLogEntry,
    SurveyResponse,
)
from consultation_blocks.services.publication import (
    decline_response,
    publish_response,
    remove_personal_details,
    unpublish_response,
)
from tests.conftest import ROLES
from tests.factories import SurveyResponseFactory
from tests.survey_support import first_survey, question_of_kind, survey_url, valid_post

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
A_SIDE = {"moderator_a", "administrator"}


def queue_url():
    return reverse("consultation_blocks_publication_queue")


def review_url(response):
    return reverse("consultation_blocks_publication_review", args=[response.pk])


def listing_url(page):
    return page.url + page.reverse_subpage("published_responses")


def long_text(page):
    return question_of_kind(first_survey(page), "long_text")


def allowed_response(page, text="I walk to the park every day.", **fields):
    fields.setdefault("publication", PublicationChoice.WITHOUT_NAME)
    return SurveyResponseFactory(page=page, answers={long_text(page).id: text}, **fields)


# The resident's choice ------------------------------------------------------------


def send(client, page, **fields):
    return client.post(survey_url(page), valid_post(first_survey(page), **fields))


def test_the_form_asks_with_a_reveal_that_works_without_javascript(client, open_consultation):
    html = client.get(survey_url(open_consultation)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    fieldset = soup.select_one(".app-survey__publication fieldset")
    assert "Can we publish your response?" in fieldset.legend.get_text()
    radios = fieldset.select("input[type=radio]")
    assert [r["value"] for r in radios] == ["no", "without_name", "with_name"]
    assert radios[0].has_attr("checked")  # "No" unless the resident says otherwise
    conditional = fieldset.select_one(".govuk-radios__conditional")
    assert radios[2]["data-app-reveal"] == conditional["id"]
    # Without JavaScript the name box is simply there (GOV.UK's script hides it).
    assert conditional.select_one(f"input[name={PUBLICATION_NAME_FIELD}]")
    assert "govuk-radios__conditional--hidden" not in conditional.get("class", [])


def test_no_is_stored_by_default(client, open_consultation):
    assert send(client, open_consultation).status_code == 302
    response = SurveyResponse.objects.get()
    assert response.publication == PublicationChoice.NO
    assert response.publication_name == ""


def test_with_my_name_stores_the_name_and_the_time(client, open_consultation):
    result = send(
        client,
        open_consultation,
        **{PUBLICATION_FIELD: "with_name", PUBLICATION_NAME_FIELD: "  Sam   Fictional "},
    )
    assert result.status_code == 302
    response = SurveyResponse.objects.get()
    assert response.publication == PublicationChoice.WITH_NAME
    assert response.publication_name == "Sam Fictional"
    assert response.publication_chosen_at is not None


def test_a_name_is_not_kept_unless_the_resident_chose_to_be_named(client, open_consultation):
    send(
        client,
        open_consultation,
        **{PUBLICATION_FIELD: "without_name", PUBLICATION_NAME_FIELD: "Sam Fictional"},
    )
    response = SurveyResponse.objects.get()
    assert response.publication == PublicationChoice.WITHOUT_NAME
    assert response.publication_name == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({PUBLICATION_FIELD: "with_name"}, "Enter the name to publish with your response"),
        ({PUBLICATION_FIELD: "everyone"}, "Choose one of the answers listed"),
        (
            {PUBLICATION_FIELD: "with_name", PUBLICATION_NAME_FIELD: "x" * 100_000},
            "The name must be 100 characters or fewer",
        ),
        (
            {PUBLICATION_FIELD: "with_name", PUBLICATION_NAME_FIELD: "Sam\x00"},
            "Remove the unusual characters from your answer",
        ),
    ],
)
def test_bad_choices_are_refused_with_a_message(client, open_consultation, fields, message):
    result = send(client, open_consultation, **fields)
    assert result.status_code == 400
    assert message in result.content.decode()
    assert not SurveyResponse.objects.exists()


# The queue: who sees what ----------------------------------------------------------


@pytest.fixture
def led_by_a(make_consultation, partner_a):
    return make_consultation(lead_partner=partner_a, live=True)


@pytest.mark.parametrize("role", ROLES)
def test_queue_and_review_permission_matrix(role, role_users, client_for, led_by_a):
    response = allowed_response(led_by_a, text="Only staff for partner A read this")
    not_allowed = allowed_response(
        led_by_a, text="Never in the queue", publication=PublicationChoice.NO
    )
    client = client_for(role_users[role])

    listed = client.get(queue_url())
    review = client.get(review_url(response))
    client.post(
        review_url(response), {"action": "publish", f"answer-{long_text(led_by_a).id}": "Hi"}
    )
    if role in A_SIDE:
        assert listed.status_code == 200
        assert f"Response {response.pk}<" in listed.content.decode()
        assert f"Response {not_allowed.pk}<" not in listed.content.decode()
        assert review.status_code == 200
        assert "Only staff for partner A read this" in review.content.decode()
        assert f"Publish response {response.pk}" in review.content.decode()
        assert PublishedResponse.objects.get(response=response).state == "published"
    else:
        assert review.status_code in (302, 403)
        assert "Only staff for partner A read this" not in review.content.decode()
        assert f"Response {response.pk}<" not in listed.content.decode()
        assert not PublishedResponse.objects.exists()
        if role == "moderator_b":
            assert listed.status_code == 200  # a moderator, but of another partner
        else:
            assert listed.status_code in (302, 403)


def test_a_response_whose_author_said_no_cannot_be_opened(admin_client, open_consultation):
    response = allowed_response(open_consultation, publication=PublicationChoice.NO)
    assert admin_client.get(review_url(response)).status_code == 404


def test_the_queue_takes_the_same_queries_for_3_or_30(admin_client, open_consultation):
    admin_client.get(queue_url())
    for _ in range(3):
        allowed_response(open_consultation)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(queue_url()).status_code == 200
        return len(captured.captured_queries)

    few = count()
    for _ in range(27):
        allowed_response(open_consultation)
    assert count() == few


# Redaction ---------------------------------------------------------------------------


def test_publishing_keeps_the_response_and_logs_who_redacted_what(
    admin_client, admin_user, open_consultation
):
    original = "Call me on 07700 900123 or write to sam@example.org. The park needs lights."
    response = allowed_response(open_consultation, text=original)
    field = f"answer-{long_text(open_consultation).id}"

    tidied = admin_client.post(review_url(response), {"action": "tidy", field: original})
    assert tidied.status_code == 200
    textarea = BeautifulSoup(tidied.content, "html.parser").select_one(f"textarea[name={field}]")
    assert "07700" not in textarea.text and "sam@example.org" not in textarea.text
    assert not PublishedResponse.objects.exists()  # tidying publishes nothing

    redacted = "Call me on [removed] or write to [removed]. The park needs lights."
    result = admin_client.post(review_url(response), {"action": "publish", field: redacted})
    assert result.status_code == 302
    copy = PublishedResponse.objects.get(response=response)
    assert copy.state == PublicationState.PUBLISHED
    assert copy.answers[0]["text"] == redacted
    response.refresh_from_db()
    assert response.answers[long_text(open_consultation).id] == original  # never altered
    entries = list(RedactionLogEntry.objects.filter(published=copy))
    assert [e.action for e in entries] == [RedactionAction.REDACTED, RedactionAction.PUBLISHED]
    assert entries[0].before == original and entries[0].after == redacted
    assert entries[0].user == admin_user and entries[0].question_id
    page = admin_client.get(review_url(response)).content.decode()
    assert "Redacted an answer" in page


def test_decline_unpublish_and_publish_again(admin_client, open_consultation, client):
    response = allowed_response(open_consultation, text="Bins are collected late")
    field = f"answer-{long_text(open_consultation).id}"
    admin_client.post(review_url(response), {"action": "decline"})
    assert PublishedResponse.objects.get().state == PublicationState.DECLINED
    assert "Waiting (0)" in admin_client.get(queue_url()).content.decode()
    admin_client.post(review_url(response), {"action": "publish", field: "Bins are late"})
    assert "Bins are late" in client.get(listing_url(open_consultation)).content.decode()
    admin_client.post(review_url(response), {"action": "unpublish"})
    assert PublishedResponse.objects.get().state == PublicationState.UNPUBLISHED
    assert "Bins are late" not in client.get(listing_url(open_consultation)).content.decode()
    actions = list(RedactionLogEntry.objects.values_list("action", flat=True))
    assert actions == ["declined", "redacted", "published", "unpublished"]


def test_huge_or_nul_redactions_are_refused_plainly(admin_client, open_consultation):
    response = allowed_response(open_consultation)
    field = f"answer-{long_text(open_consultation).id}"
    for text in ("x" * 200_000, "bad\x00text"):
        result = admin_client.post(review_url(response), {"action": "publish", field: text})
        assert result.status_code == 400
    assert not PublishedResponse.objects.exists()


def test_the_quick_tidy_removes_emails_phone_numbers_and_postcodes():
    text = (
        "Email Jo.Bloggs+park@example.co.uk, ring 0161 496 0000 or +44 (0)20 7946 0000, "
        "we live at SK1 3XE and m11aa. We have 3 children aged 10 and 12."
    )
    tidied = remove_personal_details(text)
    for detail in ("Jo.Bloggs", "0161", "7946", "SK1 3XE", "m11aa"):
        assert detail not in tidied
    assert "3 children aged 10 and 12" in tidied
    assert remove_personal_details("Ring 07700 900123 today.") == "Ring [removed] today."


def test_a_named_response_shows_its_name_and_the_change_is_logged(
    admin_client, open_consultation, client
):
    response = allowed_response(
        open_consultation,
        publication=PublicationChoice.WITH_NAME,
        publication_name="Sam Fictional of 12 Acacia Road",
    )
    field = f"answer-{long_text(open_consultation).id}"
    admin_client.post(
        review_url(response), {"action": "publish", field: "More lights", "name": "Sam Fictional"}
    )
    html = client.get(listing_url(open_consultation)).content.decode()
    assert "Sam Fictional" in html and "Acacia" not in html
    assert RedactionLogEntry.objects.filter(action="renamed", after="Sam Fictional").exists()


def test_erasing_the_response_removes_its_published_copy(open_consultation, admin_user):
    response = allowed_response(open_consultation)
    publish_response(
        response=response,
        answers=[(long_text(open_consultation).id, "Q", "Hi")],
        name="",
        user=admin_user,
    )
    response.delete()
    assert not PublishedResponse.objects.exists()
    assert not RedactionLogEntry.objects.exists()


# The public listing ------------------------------------------------------------------


def publish(page, user, text, **fields):
    response = allowed_response(page, text=text, **fields)
    return publish_response(
        response=response,
        answers=[(long_text(page).id, "What do you think?", text)],
        name=fields.get("publication_name", ""),
        user=user,
    )


def test_the_listing_escapes_searches_and_names_only_when_allowed(
    client, open_consultation, admin_user
):
    publish(open_consultation, admin_user, f"Parks {HOSTILE}")
    publish(open_consultation, admin_user, "Buses are late", publication_name="Hidden Name")
    publish(
        open_consultation,
        admin_user,
        "Libraries matter",
        publication=PublicationChoice.WITH_NAME,
        publication_name="Alex Example",
    )
    html = client.get(listing_url(open_consultation)).content.decode()
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert "3 responses" in html
    assert "Alex Example" in html and "Hidden Name" not in html
    found = client.get(listing_url(open_consultation), {"q": "BUSES"}).content.decode()
    assert "Buses are late" in found and "Libraries matter" not in found
    assert "1 response containing" in found
    # The consultation page links to them.
    assert "Read 3 published responses" in client.get(open_consultation.url).content.decode()


@pytest.mark.parametrize("search", ["bad\x00search", "x" * 100_000, "%_\\", HOSTILE])
def test_odd_searches_get_a_page_not_an_error(client, open_consultation, search):
    result = client.get(listing_url(open_consultation), {"q": search, "page": "last-but-one"})
    # The site refuses addresses carrying NUL before any view (config/middleware.py).
    assert result.status_code == (400 if "\x00" in search else 200)
    assert HOSTILE not in result.content.decode()


def test_the_listing_takes_the_same_queries_for_3_or_30(client, open_consultation, admin_user):
    url = listing_url(open_consultation)
    client.get(url)
    for n in range(3):
        publish(open_consultation, admin_user, f"Answer {n}")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": "Answer"}).status_code == 200
        return len(captured.captured_queries)

    few = count()
    for n in range(27):
        publish(open_consultation, admin_user, f"Answer {n}")
    assert count() == few
    second = client.get(url, {"q": "Answer", "page": 2}).content.decode()
    assert "30 responses" in second and 'aria-current="page">2<' in second


def test_a_search_is_made_safe_for_the_database_even_without_the_sites_nul_guard():
    from consultation_blocks.selectors.publication import clean_search

    assert clean_search("bad\x00  search\x07" + "x" * 500) == ("bad search " + "x" * 500)[:200]


def test_staff_record_the_choice_on_a_paper_response(admin_client, open_consultation):
    survey = first_survey(open_consultation)
    url = reverse("consultation_blocks_add_response", args=[open_consultation.pk, survey.id])
    assert "Can we publish your response?" in admin_client.get(url).content.decode()
    data = valid_post(
        survey,
        channel="paper",
        **{PUBLICATION_FIELD: "with_name", PUBLICATION_NAME_FIELD: "Sam Fictional"},
    )
    assert admin_client.post(url, data).status_code == 302
    stored = SurveyResponse.objects.get()
    assert (stored.publication, stored.publication_name) == ("with_name", "Sam Fictional")
    assert f"Response {stored.pk}<" in admin_client.get(queue_url()).content.decode()


def test_a_personal_data_request_takes_the_published_copy_and_the_name_down(
    open_consultation, admin_user
):
    """Erasure through the data-request registry anonymises the response (results keep
    it) and removes its public copy, which may carry the person's name and words."""
    from consultation_blocks import personal_data

    response = allowed_response(
        open_consultation,
        email="named@example.org",
        publication=PublicationChoice.WITH_NAME,
        publication_name="Sam Example",
    )
    publish(open_consultation, admin_user, "Someone else's view")
    publish_response(
        response=response,
        answers=[(long_text(open_consultation).id, "Q", "My view")],
        name="Sam Example",
        user=admin_user,
    )
    source = next(s for s in personal_data.registered() if s.key == "survey_responses")
    assert source.find("named@example.org")[0]["name_to_publish"] == "Sam Example"

    source.erase("named@example.org")

    response.refresh_from_db()
    assert (response.email, response.publication_name) == ("", "")
    assert response.publication == PublicationChoice.NO
    assert list(PublishedResponse.objects.values_list("response__email", flat=True)) == [""]
    assert PublishedResponse.objects.count() == 1  # the other resident's stays


def test_a_published_answer_shows_on_a_kept_consultation_page_at_once(
    open_consultation, admin_user, settings
):
    """The page cache and the page's kept body are both refreshed when a moderator
    publishes or withdraws an answer."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRAGMENT_CACHE_SECONDS = 300

    def page_html():
        return Client().get(open_consultation.url).content.decode()

    page_html()
    assert "published response" not in page_html()
    copy = publish(open_consultation, admin_user, "More lights")
    assert "Read 1 published response" in page_html()
    unpublish_response(copy=copy, user=admin_user)
    assert "published response" not in page_html()
    # Declining a new answer changes nothing public, and empties nothing.
    decline_response(response=allowed_response(open_consultation), user=admin_user)
    assert "published response" not in page_html()
