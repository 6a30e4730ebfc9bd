"""The public read API: live, public content only, with what partners' sites need."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.factories import ConsultationPageFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def consultations(client, **params):
    response = client.get(
        "/api/v2/pages/", {"type": "consultation_blocks.ConsultationPage", "fields": "*", **params}
    )
    assert response.status_code == 200
    return response.json()["items"]


def test_consultations_are_listed_with_status_dates_and_partners(client, consultation_index):
    council = PartnerFactory(name="Hillside Council", slug="hillside")
    page = ConsultationPageFactory(
        parent=consultation_index, title="Parks plan", lead_partner=council
    )
    page.save_revision().publish()
    page.tags.add("parks")
    page.save_revision().publish()
    [item] = consultations(client)
    assert item["title"] == "Parks plan"
    assert item["status"] == "open"
    assert item["lead_partner_name"] == "Hillside Council"
    assert item["tag_names"] == ["parks"]
    assert item["opens_at"] and item["closes_at"]
    assert item["published_outcome_summary"] == ""


def test_drafts_and_private_pages_are_not_in_the_api(client, consultation_index):
    draft = ConsultationPageFactory(parent=consultation_index, title="Draft", live=False)
    draft.save_revision()
    private = ConsultationPageFactory(parent=consultation_index, title="Private")
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert consultations(client) == []
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404


def test_an_outcome_waits_for_its_publication_date(client, consultation_index):
    import datetime

    from django.utils import timezone

    page = ConsultationPageFactory(
        parent=consultation_index,
        outcome_summary="The board agreed every recommendation.",
        outcome_published_at=timezone.now() + datetime.timedelta(days=5),
    )
    page.save_revision().publish()
    assert consultations(client)[0]["published_outcome_summary"] == ""
    page.outcome_published_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save_revision().publish()
    assert (
        consultations(client)[0]["published_outcome_summary"]
        == "The board agreed every recommendation."
    )


def test_documents_in_restricted_collections_are_hidden(client, db):
    Document = get_document_model()
    public = Document.objects.create(title="Public report", file=ContentFile(b"x", name="a.pdf"))
    board = Collection.get_first_root_node().add_child(name="Board")
    CollectionViewRestriction.objects.create(collection=board, restriction_type="login")
    Document.objects.create(
        title="Board papers", file=ContentFile(b"x", name="b.pdf"), collection=board
    )
    titles = [item["title"] for item in client.get("/api/v2/documents/").json()["items"]]
    assert titles == [public.title]


def test_images_endpoint_answers(client, db):
    assert client.get("/api/v2/images/").status_code == 200


def test_bad_api_parameters_are_a_400_not_a_500(client, db):
    assert client.get("/api/v2/pages/", {"type": "nope.Nope"}).status_code == 400
    assert client.get("/api/v2/pages/", {"limit": "abc"}).status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search=a%00b",
        "/api/v2/documents/?search=%00",
        "/api/v2/images/?search=%00",
        "/api/v2/pages/find/?html_path=%00",
        "/api/v2/pages/?type=consultation_blocks.ConsultationPage&title=%00",
    ],
)
def test_a_nul_character_is_refused_with_a_message(client, open_consultation, url):
    # PostgreSQL cannot compare text holding NUL: these were server errors there.
    response = client.get(url)
    assert response.status_code == 400
    assert "contains a character we cannot accept" in response.json()["message"]


@pytest.mark.parametrize("offset", ["99999999999999999999", "9223372036854775807", "1000001"])
def test_an_offset_beyond_any_listing_is_refused(client, open_consultation, offset):
    response = client.get("/api/v2/pages/", {"offset": offset})
    assert response.status_code == 400
    assert response.json() == {"message": "offset cannot be higher than 1000000"}


def test_the_largest_offset_allowed_gives_an_empty_page(client, open_consultation):
    response = client.get("/api/v2/pages/", {"offset": "1000000"})
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["meta"]["total_count"] >= 1


def _dated(consultation_index, title, **dates):
    page = ConsultationPageFactory(parent=consultation_index, title=title, **dates)
    page.save_revision().publish()
    return page


def test_consultations_filter_by_status(client, consultation_index):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    day = datetime.timedelta(days=1)
    _dated(consultation_index, "Open now")
    _dated(consultation_index, "Starts soon", opens_at=now + day, closes_at=now + 9 * day)
    _dated(consultation_index, "Just closed", opens_at=now - 9 * day, closes_at=now - day)
    _dated(
        consultation_index,
        "Decided",
        opens_at=now - 90 * day,
        closes_at=now - 60 * day,
        outcome_summary="We changed the plan.",
        outcome_published_at=now - day,
    )
    expected = {
        "open": ["Open now"],
        "upcoming": ["Starts soon"],
        "closed": ["Just closed"],
        "outcome": ["Decided"],
    }
    for status, titles in expected.items():
        items = consultations(client, status=status)
        assert [item["title"] for item in items] == titles
        assert {item["status"] for item in items} == {status}
    assert len(consultations(client)) == 4


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"type": "consultation_blocks.ConsultationPage", "status": "ajar"},
            "status must be one of",
        ),
        ({"status": "open"}, "status filters consultations"),
    ],
)
def test_a_bad_status_filter_is_a_400_with_a_message(client, open_consultation, params, message):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_the_status_filter_combines_with_search(client, consultation_index):
    _dated(consultation_index, "Library opening hours")
    response = client.get(
        "/api/v2/pages/",
        {"type": "consultation_blocks.ConsultationPage", "status": "open", "search": "library"},
    )
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Library opening hours"]


def test_a_consultation_carries_its_body(client, open_consultation):
    [item] = consultations(client)
    kinds = [block["type"] for block in item["body"]]
    assert kinds == [block.block_type for block in open_consultation.body]
    assert "survey" in kinds


def test_links_are_absolute_from_the_configured_address(client, open_consultation, settings):
    from django.core.management import call_command

    settings.WAGTAILADMIN_BASE_URL = "https://engage.example.org"
    settings.WAGTAILAPI_BASE_URL = settings.WAGTAILADMIN_BASE_URL
    call_command("set_site_address", verbosity=0)
    response = client.get(
        "/api/v2/pages/",
        {"type": "consultation_blocks.ConsultationPage"},
    )
    [item] = response.json()["items"]
    assert item["meta"]["html_url"] == f"https://engage.example.org{open_consultation.url}"
    assert item["meta"]["detail_url"].startswith("https://engage.example.org/api/v2/pages/")
