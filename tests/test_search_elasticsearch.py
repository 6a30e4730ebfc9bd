"""The Elasticsearch path without a server: the index definition and query bodies as
data, and the indexer and backend through a recording transport."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from search.backends import elastic
from search.documents import index_definition
from search.models import SearchSynonym
from search.query import parse
from tests.elastic_support import recording_client, requests_of
from tests.factories import AreaFactory, ConsultationPageFactory, PartnerFactory


def query(text):
    return parse(QueryDict(text))


def test_the_index_analyses_english_and_searches_with_synonyms():
    body = index_definition("engage-items-1", ["gp, doctor", "carer, caregiver"])
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["english_text"]["filter"] == [
        "english_possessive",
        "lowercase",
        "english_stop",
        "english_stemmer",
    ]
    assert analysis["filter"]["english_stemmer"] == {"type": "stemmer", "language": "english"}
    assert analysis["filter"]["english_stop"] == {"type": "stop", "stopwords": "_english_"}
    assert analysis["filter"]["partnership_synonyms"] == {
        "type": "synonym_graph",
        "synonyms": ["gp, doctor", "carer, caregiver"],
    }
    properties = body["mappings"]["properties"]
    for field in ("title", "summary", "body"):
        assert properties[field]["analyzer"] == "english_text"
        assert properties[field]["search_analyzer"] == "english_search"
    for facet in ("kind", "status", "partners", "tags", "areas"):
        assert properties[facet] == {"type": "keyword"}
    assert properties["year"] == {"type": "integer"}
    assert properties["suggest"] == {"type": "completion", "analyzer": "simple"}
    assert properties["url"] == {"type": "keyword", "index": False}


@pytest.mark.django_db
def test_editors_synonyms_feed_the_analyser():
    from search.documents import synonym_lines

    SearchSynonym.objects.create(terms="GP, doctor, surgery")
    SearchSynonym.objects.create(terms="lonely")  # one word is not a synonym rule
    assert synonym_lines() == ["gp, doctor, surgery"]


def test_a_plain_query_body():
    body = elastic.build_search_body(query("q=Consultations+for+carers"), per_page=10)
    scored = body["query"]["function_score"]
    assert scored["query"]["bool"]["must"] == [
        {
            "multi_match": {
                "query": "consultations carers",
                "fields": ["title^3", "summary^2", "tags^2", "partners", "body"],
                "type": "best_fields",
                "operator": "and",
            }
        }
    ]
    assert "filter" not in scored["query"]["bool"] or scored["query"]["bool"]["filter"] == []
    assert scored["functions"] == [
        {"field_value_factor": {"field": "status_boost", "missing": 1.0}}
    ]
    assert scored["boost_mode"] == "multiply"
    assert body["aggs"] == {
        "type": {"terms": {"field": "kind", "size": 20}},
        "status": {"terms": {"field": "status", "size": 20}},
        "partner": {"terms": {"field": "partners", "size": 20}},
        "tag": {"terms": {"field": "tags", "size": 20}},
        "area": {"terms": {"field": "areas", "size": 20}},
        "year": {"terms": {"field": "year", "size": 20}},
    }
    assert body["highlight"] == {
        "encoder": "html",
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "fragment_size": 200,
        "number_of_fragments": 1,
        "fields": {"summary": {}, "body": {}},
    }
    assert body["suggest"] == {
        "did_you_mean": {
            "text": "consultations carers",
            "term": {"field": "title", "suggest_mode": "popular"},
        }
    }
    assert (body["from"], body["size"], body["track_total_hits"]) == (0, 10, True)


@pytest.mark.parametrize(
    "text, expected_filters, expected_from",
    [
        ("q=parks&type=consultation", [{"terms": {"kind": ["consultation"]}}], 0),
        ("q=parks&status=open&status=upcoming", [{"terms": {"status": ["open", "upcoming"]}}], 0),
        (
            "q=parks&partner=hillside&tag=parks",
            [{"terms": {"partners": ["hillside"]}}, {"terms": {"tags": ["parks"]}}],
            0,
        ),
        ("q=parks&year=2024&page=3", [{"terms": {"year": [2024]}}], 20),
        (
            "q=parks&type=document&status=closed&partner=a&tag=b&area=c&year=2020&page=2",
            [
                {"terms": {"kind": ["document"]}},
                {"terms": {"status": ["closed"]}},
                {"terms": {"partners": ["a"]}},
                {"terms": {"tags": ["b"]}},
                {"terms": {"areas": ["c"]}},
                {"terms": {"year": [2020]}},
            ],
            10,
        ),
        ("q=parks&type=spaceship&page=abc", [], 0),
    ],
)
def test_filters_and_pages_in_the_query_body(text, expected_filters, expected_from):
    body = elastic.build_search_body(query(text), per_page=10)
    assert body["query"]["function_score"]["query"]["bool"].get("filter", []) == expected_filters
    assert body["from"] == expected_from


def test_an_area_filter_uses_the_expanded_areas():
    body = elastic.build_search_body(
        query("q=parks&area=north-ward"), per_page=10, area_slugs=["hillside", "north-ward"]
    )
    assert body["query"]["function_score"]["query"]["bool"]["filter"] == [
        {"terms": {"areas": ["hillside", "north-ward"]}}
    ]


@pytest.mark.django_db
def test_a_ward_expands_to_its_authority():
    borough = AreaFactory(name="Hillside", slug="hillside")
    AreaFactory(name="North", slug="north-ward", kind="ward", parent=borough)
    assert elastic.expand_areas(["north-ward"]) == ["hillside", "north-ward"]
    assert elastic.expand_areas(["hillside"]) == ["hillside"]
    # An unknown area stays in, so its filter finds nothing rather than everything.
    assert elastic.expand_areas(["nowhere"]) == ["nowhere"]


SEARCH_RESPONSE = {
    "took": 3,
    "hits": {
        "total": {"value": 1, "relation": "eq"},
        "hits": [],
    },
    "aggregations": {
        "type": {"buckets": [{"key": "consultation", "doc_count": 1}]},
        "status": {"buckets": [{"key": "open", "doc_count": 1}]},
        "partner": {"buckets": []},
        "tag": {"buckets": []},
        "area": {"buckets": []},
        "year": {"buckets": [{"key": 2026, "doc_count": 1}]},
    },
    "suggest": {
        "did_you_mean": [
            {
                "text": "parcs",
                "offset": 0,
                "length": 5,
                "options": [{"text": "parks", "score": 0.8, "freq": 3}],
            }
        ]
    },
}


@pytest.mark.django_db
def test_the_view_shows_what_elasticsearch_returns(
    client, consultation_index, settings, monkeypatch
):
    page = ConsultationPageFactory(parent=consultation_index, title="Parks and open spaces")
    page.save_revision().publish()
    response_body = {
        **SEARCH_RESPONSE,
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_id": f"consultation-{page.pk}",
                    "_score": 4.2,
                    "_source": {
                        "kind": "consultation",
                        "object_id": page.pk,
                        "title": page.title,
                        "status": "open",
                        "year": 2026,
                    },
                    "highlight": {"body": ["Better <mark>parks</mark> &lt;for&gt; everyone"]},
                }
            ],
        },
    }
    es = recording_client({("POST", "/engage-items/_search"): (200, response_body)})
    settings.SITE_SEARCH_BACKEND = "elasticsearch"
    monkeypatch.setattr(elastic, "get_client", lambda: es)

    html = client.get("/search/", {"q": "parcs", "type": "consultation"}).content.decode()
    assert "Parks and open spaces" in html
    assert "Better <mark>parks</mark> &lt;for&gt; everyone" in html
    assert "Did you mean" in html and ">parks</a>" in html
    sent = requests_of(es)[-1]
    assert sent["path"] == "/engage-items/_search"
    assert sent["body"]["query"]["function_score"]["query"]["bool"]["filter"] == [
        {"terms": {"kind": ["consultation"]}}
    ]


@pytest.mark.django_db(transaction=False)
def test_publishing_and_unpublishing_update_the_index(
    consultation_index, settings, monkeypatch, django_capture_on_commit_callbacks
):
    es = recording_client()
    settings.SITE_SEARCH_BACKEND = "elasticsearch"
    monkeypatch.setattr(elastic, "get_client", lambda: es)
    partner = PartnerFactory(name="Hillside Council", slug="hillside")
    page = ConsultationPageFactory(
        parent=consultation_index, title="Bus routes", lead_partner=partner
    )

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    indexed = [r for r in requests_of(es) if r["method"] == "PUT"]
    assert indexed[-1]["path"] == f"/engage-items/_doc/consultation-{page.pk}"
    document = indexed[-1]["body"]
    assert document["title"] == "Bus routes"
    assert document["status"] == "open" and document["status_boost"] == 1.1
    assert document["partners"] == ["hillside"]
    assert "What is your postcode?" in document["body"]  # survey questions are searchable

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    deleted = [r for r in requests_of(es) if r["method"] == "DELETE"]
    assert f"/engage-items/_doc/consultation-{page.pk}" in [r["path"] for r in deleted]


@pytest.mark.django_db
def test_an_outcome_reaches_the_index_only_once_published(consultation_index):
    page = ConsultationPageFactory(
        parent=consultation_index,
        outcome_summary="We kept the library open on Sundays.",
        outcome_published_at=timezone.now() + datetime.timedelta(days=3),
    )
    assert "Sundays" not in elastic.page_document(page, "consultation")["body"]
    page.outcome_published_at = timezone.now() - datetime.timedelta(seconds=1)
    assert "Sundays" in elastic.page_document(page, "consultation")["body"]


@pytest.mark.django_db
def test_rebuild_fills_a_new_index_then_swaps_the_alias(consultation_index):
    for number in range(3):
        ConsultationPageFactory(
            parent=consultation_index, title=f"Page {number}"
        ).save_revision().publish()
    es = recording_client(
        {
            ("HEAD", "/_alias/engage-items"): (200, {}),
            ("GET", "/_alias/engage-items"): (
                200,
                {"engage-items-20250101000000": {"aliases": {"engage-items": {}}}},
            ),
        }
    )
    now = datetime.datetime(2026, 11, 23, 6, 0, tzinfo=datetime.UTC)
    result = elastic.rebuild(client=es, batch_size=2, now=now)
    assert result == {
        "index": "engage-items-20261123060000",
        "indexed": 3,
        "replaced": ["engage-items-20250101000000"],
    }
    calls = [(r["method"], r["path"]) for r in requests_of(es)]
    assert calls[0] == ("PUT", "/engage-items-20261123060000")
    assert calls.count(("PUT", "/_bulk")) == 2  # 3 items in batches of 2
    update = next(r for r in requests_of(es) if r["path"] == "/_aliases")
    assert update["body"]["actions"] == [
        {"remove": {"index": "engage-items-20250101000000", "alias": "engage-items"}},
        {"add": {"index": "engage-items-20261123060000", "alias": "engage-items"}},
    ]
    assert calls[-1] == ("DELETE", "/engage-items-20250101000000")
    # The alias moves only after every item is in the new index.
    assert calls.index(("POST", "/_aliases")) > max(
        i for i, call in enumerate(calls) if call[1] == "/_bulk"
    )


@pytest.mark.django_db
def test_the_rebuild_command_uses_the_database_index_without_elasticsearch(settings, capsys):
    from django.core.management import call_command

    settings.SITE_SEARCH_BACKEND = "database"
    call_command("rebuild_search_index", "--no-progress")
    assert "database search backend" in capsys.readouterr().out


def test_suggestions_use_the_completion_field():
    es = recording_client(
        {
            ("POST", "/engage-items/_search"): (
                200,
                {"suggest": {"titles": [{"options": [{"text": "Parks plan"}]}]}},
            )
        }
    )
    assert elastic.suggest_titles("par", limit=5, client=es) == ["Parks plan"]
    sent = requests_of(es)[-1]["body"]
    assert sent["suggest"] == {
        "titles": {
            "prefix": "par",
            "completion": {"field": "suggest", "size": 5, "skip_duplicates": True},
        }
    }
