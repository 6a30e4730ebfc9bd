"""Site search on the database backend (SQLite here, PostgreSQL in CI): relevance,
facets and filters, word forms, highlighting, what is never shown, and odd input."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from consultation_blocks.models import Comment, CommentState, ConsultationStatus, SurveyResponse
from search.catalogue import STATUS_BOOST, STATUS_LABELS, status_boost
from search.models import DocumentText
from tests.factories import (
    AreaFactory,
    ConsultationPageFactory,
    PartnerFactory,
    StrategyIndexPageFactory,
    StrategyPageFactory,
    comments_block,
)

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def titles(response):
    return [item.title for item in response.context["results"].items]


def facet(response, name):
    for facet_name, _, values in response.context["results"].facets:
        if facet_name == name:
            return {value.value: value.count for value in values}
    return {}


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def corpus(consultation_index, home_page):
    council = PartnerFactory(name="Hillside Council", slug="hillside")
    nhs = PartnerFactory(name="Valley NHS Trust", slug="valley-nhs")
    borough = AreaFactory(name="Hillside", slug="hillside-borough")
    ward = AreaFactory(name="North ward", slug="north-ward", kind="ward", parent=borough)
    now = timezone.now()
    pages = {}
    # The same consultation twice, open and closed: only the status tells them apart.
    library = {
        "parent": consultation_index,
        "title": "Library opening hours",
        "summary": "Tell us when libraries should open.",
        "lead_partner": council,
        "body": [],
    }
    pages["libraries_open"] = ConsultationPageFactory(
        **library, opens_at=now - datetime.timedelta(days=3)
    )
    pages["libraries_closed"] = ConsultationPageFactory(
        **library,
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
    )
    pages["carers"] = ConsultationPageFactory(
        parent=consultation_index,
        title="Support for unpaid carers",
        summary="Respite breaks and advice for people who look after someone.",
        lead_partner=nhs,
        body=[
            {
                "type": "accordion",
                "value": {
                    "heading": "Questions",
                    "items": [
                        {
                            "type": "item",
                            "id": "c6d2a3f0-2f7e-4c8e-9b1a-1a2b3c4d5e6f",
                            "value": {
                                "question": "Who counts?",
                                "answer": "<p>Anyone caring for a neighbour</p>",
                            },
                        }
                    ],
                },
            }
        ],
    )
    strategy_index = StrategyIndexPageFactory(parent=home_page)
    pages["strategy"] = StrategyPageFactory(
        parent=strategy_index,
        title="Carers strategy",
        summary="How partners will back carers over five years.",
    )
    for page in pages.values():
        publish(page)
    pages["carers"].areas.add(ward)
    pages["carers"].tags.add("carers")
    pages["carers"].save_revision().publish()
    pages["libraries_open"].areas.add(borough)
    pages["libraries_open"].save_revision().publish()
    return {"pages": pages, "council": council, "nhs": nhs, "ward": ward, "borough": borough}


def test_title_matches_rank_above_body_matches(client, corpus):
    response = search(client, q="carers")
    found = titles(response)
    labels = {item.title: item.type_label for item in response.context["results"].items}
    assert labels == {"Carers strategy": "Strategy", "Support for unpaid carers": "Consultation"}
    assert found[:2] in (
        ["Carers strategy", "Support for unpaid carers"],
        ["Support for unpaid carers", "Carers strategy"],
    )
    assert "Library opening hours" not in found


def test_open_consultations_rank_above_closed_ones_for_equal_relevance(client, corpus):
    response = search(client, q="library opening")
    items = response.context["results"].items
    assert [item.title for item in items] == ["Library opening hours", "Library opening hours"]
    assert [item.status for item in items] == ["open", "closed"]
    # Shown in the same colours as on the consultations' own pages.
    tags = BeautifulSoup(response.content, "html.parser").select(".app-status-tag")
    assert [tag["class"][-1] for tag in tags] == ["govuk-tag--green", "govuk-tag--grey"]


def test_every_status_has_one_label_and_one_boost_for_both_backends():
    # Both backends read the catalogue's boost; its labels are the plugin's own.
    assert set(STATUS_BOOST) == set(ConsultationStatus)
    assert STATUS_LABELS == {status.value: status.label for status in ConsultationStatus}
    assert status_boost(None) == 1.0
    assert status_boost(ConsultationStatus.OPEN) > status_boost(ConsultationStatus.CLOSED)


def test_plurals_and_singulars_find_each_other(client, corpus):
    assert "Support for unpaid carers" in titles(search(client, q="carer"))
    assert "Library opening hours" in titles(search(client, q="libraries"))
    assert "Library opening hours" in titles(search(client, q="library"))


def test_text_inside_blocks_is_searched_and_highlighted(client, corpus):
    response = search(client, q="neighbour")
    assert titles(response) == ["Support for unpaid carers"]
    snippet = str(response.context["results"].items[0].snippet)
    assert "<mark>neighbour</mark>" in snippet


def test_facets_count_and_filters_combine(client, corpus):
    response = search(client, q="carers")
    assert facet(response, "type") == {"consultation": 1, "strategy": 1}
    assert facet(response, "partner") == {"valley-nhs": 1}
    assert facet(response, "tag") == {"carers": 1}

    only_consultations = search(client, q="carers", type="consultation")
    assert titles(only_consultations) == ["Support for unpaid carers"]
    both = search(client, q="carers", type="consultation", partner="hillside")
    assert titles(both) == []
    assert "remove a filter" in both.content.decode()


def test_status_year_and_tag_filters(client, corpus):
    assert titles(search(client, q="library", status="closed")) == ["Library opening hours"]
    assert (
        search(client, q="library", status="closed").context["results"].items[0].status == "closed"
    )
    this_year = str(timezone.now().year)
    assert len(titles(search(client, q="library", year=this_year))) >= 1
    assert titles(search(client, q="library", year="1999")) == []
    assert titles(search(client, q="carers", tag="carers")) == ["Support for unpaid carers"]


def test_a_page_counts_in_the_year_first_published_and_a_consultation_in_its_opening_year(
    client, corpus
):
    from wagtail.models import Page

    # Just before midnight on New Year's Eve, which in London is GMT.
    Page.objects.filter(pk=corpus["pages"]["strategy"].pk).update(
        first_published_at=datetime.datetime(2023, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )
    type(corpus["pages"]["carers"]).objects.filter(pk=corpus["pages"]["carers"].pk).update(
        opens_at=datetime.datetime(2022, 3, 1, 9, 0, tzinfo=datetime.UTC)
    )

    response = search(client, q="carers")

    assert facet(response, "year") == {"2023": 1, "2022": 1}
    assert titles(search(client, q="carers", year="2023")) == ["Carers strategy"]
    assert titles(search(client, q="carers", year="2022")) == ["Support for unpaid carers"]


def test_an_area_filter_for_a_ward_includes_its_authority(client, corpus):
    ward_results = titles(search(client, q="library carers", area="north-ward"))
    assert ward_results == []  # no page has both words
    assert titles(search(client, q="carers", area="north-ward")) == ["Support for unpaid carers"]
    # A page about the whole borough matches a search filtered to one of its wards.
    assert "Library opening hours" in titles(search(client, q="library", area="north-ward"))


def test_filters_survive_in_links_and_without_javascript(client, corpus):
    html = search(client, q="carers", type="consultation").content.decode()
    assert 'href="?q=carers&amp;type=consultation&amp;partner=valley-nhs"' in html
    assert 'href="?q=carers"' in html  # removing the filter


def test_drafts_and_pages_in_moderation_are_never_shown(client, corpus, consultation_index):
    draft = ConsultationPageFactory(
        parent=consultation_index, title="Secret draft about carers", live=False
    )
    draft.save_revision()
    live = corpus["pages"]["carers"]
    live.title = "Renamed in moderation"
    live.save_revision()  # not published: the live title stays
    found = titles(search(client, q="carers"))
    assert "Secret draft about carers" not in found
    assert "Renamed in moderation" not in found


def test_private_pages_are_never_shown(client, corpus):
    PageViewRestriction.objects.create(
        page=corpus["pages"]["strategy"], restriction_type="password", password="x"
    )
    assert "Carers strategy" not in titles(search(client, q="carers"))


def test_comments_and_responses_are_never_shown(client, consultation_index):
    page = publish(
        ConsultationPageFactory(parent=consultation_index, title="Parks", body=[comments_block()])
    )
    for state in (
        CommentState.PENDING,
        CommentState.REJECTED,
        CommentState.SPAM,
        CommentState.APPROVED,
    ):
        Comment.objects.create(
            page=page, name="A", email="a@example.org", body=f"zebracrossing {state}", state=state
        )
    SurveyResponse.objects.create(
        page=page, survey_id="x", answers={"q": "zebracrossing in my answer"}
    )
    response = search(client, q="zebracrossing")
    assert response.context["results"].total == 0
    assert "zebracrossing" not in "".join(
        str(item.snippet) for item in response.context["results"].items
    )


def test_documents_are_found_by_title_and_by_their_text(client, db):
    Document = get_document_model()
    document = Document.objects.create(
        title="Annual engagement report", file=ContentFile(b"x", name="report.pdf")
    )
    DocumentText.objects.create(document=document, text="We met the Glossop tenants forum twice.")
    from wagtail.search.backends import get_search_backend

    get_search_backend().add(DocumentText.objects.get(document=document))
    assert titles(search(client, q="annual report")) == ["Annual engagement report"]
    by_text = search(client, q="tenants forum")
    assert titles(by_text) == ["Annual engagement report"]
    assert facet(by_text, "type") == {"document": 1}

    private = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    document.collection = private
    document.save()
    assert titles(search(client, q="annual report")) == []
    assert titles(search(client, q="tenants forum")) == []


def test_pagination_and_result_count(client, consultation_index):
    for number in range(12):
        publish(
            ConsultationPageFactory(parent=consultation_index, title=f"Allotments plan {number}")
        )
    first = search(client, q="allotments")
    assert first.context["results"].total == 12
    assert len(titles(first)) == 10
    assert "12 results" in first.content.decode()
    second = search(client, q="allotments", page="2")
    assert len(titles(second)) == 2
    assert set(titles(first)).isdisjoint(titles(second))
    beyond = search(client, q="allotments", page="99")
    assert len(titles(beyond)) == 2  # the last page


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": "\x00\x01<script>alert(1)</script>"},
        {"q": '"unbalanced (quote AND OR NOT * ^ ~'},
        {
            "q": "carers",
            "type": "spaceship",
            "status": "'; drop table",
            "year": "abc",
            "page": "abc",
        },
        {"q": "carers", "page": "-1"},
        {"q": "carers", "partner": "x" * 500},
        {"q": "   "},
        {"q": "the"},
    ],
)
def test_odd_input_gives_a_clean_page(client, corpus, params):
    response = search(client, **params)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert len(response.context["query"].text) <= 200


def test_a_misspelling_gets_a_suggestion(client, corpus):
    response = search(client, q="libary")
    assert response.context["results"].suggestion == "library"
    assert (
        'Did you mean <a class="govuk-link" href="?q=library">library</a>'
        in response.content.decode()
    )


def test_empty_results_offer_topics_and_open_consultations(client, corpus):
    html = search(client, q="nothingmatchesthis").content.decode()
    assert "No results" in html
    assert "Popular topics" in html and ">carers<" in html
    assert "Open consultations" in html and "Library opening hours" in html


def test_queries_are_logged_and_promotions_come_first(client, corpus):
    SearchPromotion.objects.create(
        query=Query.get("carers"),
        page=corpus["pages"]["strategy"],
        sort_order=0,
        description="Our plan for carers",
    )
    html = search(client, q="Carers").content.decode()
    assert Query.get("carers").daily_hits.get().hits == 1
    assert html.index("Recommended") < html.index("Support for unpaid carers")
    assert "Our plan for carers" in html


def test_the_search_box_is_on_every_page(client, corpus):
    html = client.get(corpus["pages"]["carers"].url).content.decode()
    assert 'action="/search/"' in html


def test_search_renders_in_a_bounded_number_of_queries(
    client, consultation_index, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    publish(ConsultationPageFactory(parent=consultation_index, title="Bus routes 0"))
    with CaptureQueriesContext(connection) as few:
        search(client, q="bus routes")
    for number in range(1, 9):
        publish(ConsultationPageFactory(parent=consultation_index, title=f"Bus routes {number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        search(client, q="bus routes")


def test_the_demo_content_answers_the_partnerships_questions(client, seeded):
    expectations = {
        "engagement strategy": "Tameside and Glossop Engagement Strategy",
        "Gunning": "Tameside and Glossop Engagement Strategy",
        "carers": "Tameside and Glossop Engagement Strategy",
        "Glossop": "Tameside and Glossop Engagement Strategy",
    }
    for text, expected in expectations.items():
        response = search(client, q=text)
        assert expected in titles(response), text
        assert response.context["results"].facets, text
    assert "Tower Hamlets Community Engagement Strategy" in titles(
        search(client, q="engagement strategy")
    )


def test_group_membership_does_not_change_public_results(client, corpus, django_user_model):
    user = django_user_model.objects.create_user("staff", password="x")
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    assert "Carers strategy" in titles(search(client, q="carers"))


def test_titles_are_suggested_as_you_type(client, corpus):
    assert client.get("/search/suggest/", {"q": "lib"}).json() == {
        "suggestions": ["Library opening hours"]
    }
    assert client.get("/search/suggest/", {"q": "unpaid"}).json() == {
        "suggestions": ["Support for unpaid carers"]
    }
    assert client.get("/search/suggest/", {"q": "x"}).json() == {"suggestions": []}
    assert client.get("/search/suggest/", {"q": "\x00" * 5000}).status_code == 200
