"""Residents ask for a consultation in another format, and find its Easy Read version:
the form, what is stored and emailed, retention, and the public form's defences."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from consultation_blocks.models import BlockedSubmission, FormatRequest
from consultation_blocks.spam import HONEYPOT_FIELD
from home.models import StandardPage
from home.translation import translate_page
from tests.factories import PartnerFactory, UserFactory
from tests.public_forms import guard_fields, with_guard

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(open_consultation):
    partner = PartnerFactory(
        name="Northshire Council", slug="northshire", contact_email="engage@northshire.example"
    )
    UserFactory(username="officer", email="officer@northshire.example", partners=[partner])
    UserFactory(
        username="gone", email="gone@northshire.example", partners=[partner], is_active=False
    )
    open_consultation.lead_partner = partner
    open_consultation.save_revision().publish()
    open_consultation.refresh_from_db()
    return open_consultation


def form_url(page):
    return page.url + page.reverse_subpage("other_formats")


def good(**overrides):
    data = {
        "format": "large_print",
        "name": "Sam Example",
        "email": "sam@example.org",
        "details": "Flat 2, 1 High Street, Northtown",
        "consent": "on",
    }
    data.update(overrides)
    return with_guard(data)


def test_the_consultation_page_links_to_the_form(client, consultation):
    html = client.get(consultation.url).content.decode()
    assert f'href="{form_url(consultation)}"' in html
    assert "Ask for another format" in html


def test_the_form_is_a_govuk_form_without_a_csrf_token(client, consultation):
    response = client.get(form_url(consultation))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Ask for another format</h1>' in html
    assert 'type="radio" value="bsl"' in html and 'value="easy_read"' in html
    assert "csrfmiddlewaretoken" not in html
    assert f'name="{HONEYPOT_FIELD}"' in html
    # Never shared by the page cache: it is a sub-route.
    assert "private" in response["Cache-Control"]


def test_a_good_request_is_stored_and_emailed_to_the_team(
    client, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(consultation), good())
    assert response.status_code == 302
    assert response["Location"] == consultation.url + "other-formats/sent/"
    request = FormatRequest.objects.get()
    assert (request.page_id, request.format, request.email) == (
        consultation.pk,
        "large_print",
        "sam@example.org",
    )
    assert request.asked_in == "en-gb"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert sorted(email.to) == ["engage@northshire.example", "officer@northshire.example"]
    assert "Large print" in email.subject and consultation.title in email.subject
    assert "Flat 2, 1 High Street" in email.body
    assert f"http://testserver{consultation.url}" in email.body
    sent = client.get(response["Location"])
    assert sent.status_code == 200
    assert "Request sent" in sent.content.decode()


def test_the_name_is_optional_and_another_language_needs_its_name(client, consultation):
    response = client.post(form_url(consultation), good(name="", format="language"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_language">Enter the language you need</a>' in html
    assert not FormatRequest.objects.exists()

    response = client.post(
        form_url(consultation), good(name="", format="language", language="Polish")
    )
    assert response.status_code == 302
    assert FormatRequest.objects.get().language == "Polish"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "", "Enter your email address"),
        ("email", "not-an-address", "Enter an email address in the correct format"),
        ("format", "", "Select the format you need"),
        ("format", "telepathy", "Select the format you need from the list"),
        ("consent", "", "Tick the box to agree to how we use your request"),
        ("name", "x" * 101, "Your name must be 100 characters or fewer"),
        ("details", "x" * 1001, "Your message must be 1,000 characters or fewer"),
        ("details", "bad\x00byte", "Null characters are not allowed"),
        ("details", "bell\x07", "Remove the unusual characters from your answer"),
    ],
)
def test_bad_input_gets_a_clear_message_and_a_400(client, consultation, field, value, message):
    response = client.post(form_url(consultation), good(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FormatRequest.objects.exists()


def test_what_residents_type_is_escaped(client, consultation):
    hostile = '<script>alert("x")</script>'
    response = client.post(form_url(consultation), good(email="bad", name=hostile, details=hostile))
    html = response.content.decode()
    assert response.status_code == 400
    assert hostile not in html
    assert "&lt;script&gt;" in html


def test_the_welsh_page_has_a_welsh_form(client, consultation, home_page):
    translate_page(home_page, "cy", {})
    translate_page(consultation.get_parent(), "cy", {})
    welsh = translate_page(consultation, "cy", {})
    response = client.get(form_url(welsh))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gofyn am fformat arall" in html
    assert "Pa fformat sydd ei angen arnoch chi?" in html
    response = client.post(form_url(welsh), good(email=""))
    assert "Rhowch eich cyfeiriad e-bost" in response.content.decode()
    response = client.post(form_url(welsh), good(format="bsl"))
    assert response.status_code == 302 and response["Location"].startswith("/cy/")
    assert FormatRequest.objects.get().asked_in == "cy"


def test_the_honeypot_refuses_and_counts(client, consultation):
    response = client.post(form_url(consultation), good(**{HONEYPOT_FIELD: "http://spam"}))
    assert response.status_code in (400, 403)
    assert not FormatRequest.objects.exists()
    assert BlockedSubmission.objects.filter(form="format_request").exists()


def test_a_form_sent_too_fast_is_refused(client, consultation, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 30
    response = client.post(form_url(consultation), {**good(), **guard_fields(seconds_ago=1)})
    assert response.status_code >= 400
    assert not FormatRequest.objects.exists()


def test_a_form_without_its_start_time_is_refused(client, consultation):
    data = good()
    data.pop("form_started")
    response = client.post(form_url(consultation), data)
    assert response.status_code >= 400
    assert not FormatRequest.objects.exists()


def test_an_oversized_post_is_refused_unread(client, consultation, settings):
    settings.CONSULTATION_MAX_BODY_BYTES = 1000
    response = client.post(form_url(consultation), good(details="x" * 5000))
    assert response.status_code == 413
    assert not FormatRequest.objects.exists()


def test_the_rate_limit_applies(client, consultation, settings):
    settings.CONSULTATION_RATE_LIMIT = 2
    statuses = [client.post(form_url(consultation), good()).status_code for _ in range(3)]
    assert statuses[:2] == [302, 302]
    assert statuses[2] == 429
    assert FormatRequest.objects.count() == 2


def test_a_cross_site_post_is_refused_and_a_same_origin_one_needs_no_token(consultation):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(form_url(consultation), good(), HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not FormatRequest.objects.exists()
    response = browser.post(form_url(consultation), good(), HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302
    assert FormatRequest.objects.count() == 1


def test_other_methods_are_not_allowed(client, consultation):
    assert client.put(form_url(consultation)).status_code == 405


def test_requests_are_deleted_after_the_retention_period(consultation):
    old = FormatRequest.objects.create(page=consultation, email="a@example.org", format="audio")
    FormatRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=181)
    )
    recent = FormatRequest.objects.create(page=consultation, email="b@example.org", format="bsl")
    call_command("delete_old_format_requests")
    assert list(FormatRequest.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_easy_read_version_is_linked_from_the_consultation(client, consultation, home_page):
    easy_read = StandardPage(title="Easy Read: have your say", slug="easy-read")
    home_page.add_child(instance=easy_read)
    easy_read.save_revision().publish()
    consultation.easy_read_page = easy_read
    consultation.save_revision().publish()
    html = client.get(consultation.url).content.decode()
    assert f'<a class="govuk-link" href="{easy_read.url}">Read the Easy Read summary' in html
    # Unpublished, it is not linked.
    easy_read.unpublish()
    html = client.get(consultation.url).content.decode()
    assert "Read the Easy Read summary" not in html
