"""Decisions and indicators in the one site search: live ones only, with the type,
partner and area facets, on the database backend and (as data, through a recording
transport) on Elasticsearch."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation_blocks.models import (
    Decision,
    DecisionIndexPage,
    Indicator,
    IndicatorDashboardPage,
    IndicatorValue,
)
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def titles(response):
    return sorted(item.title for item in response.context["results"].items)


def facet(response, name):
    for facet_name, _, values in response.context["results"].facets:
        if facet_name == name:
            return {value.value: value.count for value in values}
    return {}


def make_decision(partner, reference, *, live=True, wards=(), **fields):
    values = {
        "title": f"Decision {reference}",
        "decision_maker": "Cabinet",
        "kind": "key",
        "status": "planned",
        "due_on": datetime.date(2030, 1, 30),
        "live": live,
    }
    values.update(fields)
    decision = Decision.objects.create(reference=reference, partner=partner, **values)
    if wards:
        decision.wards.set(wards)
    return decision


def make_indicator(partner, code, *, live=True, **fields):
    indicator = Indicator(
        code=code,
        title=fields.pop("title", f"Indicator {code}"),
        partner=partner,
        unit="percent",
        direction="up",
        live=live,
        **fields,
    )
    indicator.values = [IndicatorValue(year=2017, value=Decimal("35"), source="Residents' survey")]
    indicator.save()
    return indicator


@pytest.fixture
def places(home_page):
    decisions = DecisionIndexPage(title="Decisions", slug="decisions")
    home_page.add_child(instance=decisions)
    decisions.save_revision().publish()
    dashboard = IndicatorDashboardPage(title="Dashboard", slug="dashboard")
    home_page.add_child(instance=dashboard)
    dashboard.save_revision().publish()
    return {"decisions": decisions, "dashboard": dashboard}


@pytest.fixture
def records(places, partner_a, partner_b):
    glossop = AreaFactory(name="Glossop", slug="glossop")
    return {
        "glossop": glossop,
        "library": make_decision(
            partner_a,
            "TH-1",
            title="Library opening hours decision",
            purpose="Whether libraries open on Sundays.",
            wards=[glossop],
        ),
        "hospital": make_decision(
            partner_b,
            "SV-1",
            title="Hospital library closure",
            purpose="Whether the hospital library closes.",
            all_wards=True,
        ),
        "draft": make_decision(partner_a, "TH-2", title="Library draft decision", live=False),
        "influence": make_indicator(
            partner_a,
            "ni-4",
            title="Residents who feel they can influence library decisions",
            description="From the residents' survey.",
        ),
        "draft_indicator": make_indicator(partner_b, "ni-5", title="Library visits", live=False),
    }


def test_live_decisions_and_indicators_are_found_with_a_type_facet(client, records, places):
    response = search(client, q="library")
    assert titles(response) == [
        "Hospital library closure",
        "Library opening hours decision",
        "Residents who feel they can influence library decisions",
    ]
    assert facet(response, "type") == {"decision": 2, "indicator": 1}
    items = {item.title: item for item in response.context["results"].items}
    decision = items["Library opening hours decision"]
    assert decision.type_label == "Decision"
    assert decision.url == "/decisions/TH-1/"
    assert "Cabinet" in decision.meta and "30 January 2030" in decision.meta
    indicator = items["Residents who feel they can influence library decisions"]
    assert indicator.url == "/dashboard/#indicator-ni-4"
    # The result links lead to real public pages.
    assert client.get(decision.url).status_code == 200
    html = response.content.decode()
    assert "Decisions" in html and "Indicators" in html


def test_the_partner_and_area_facets_and_filters(client, records):
    response = search(client, q="library")
    assert facet(response, "partner") == {"northshire": 2, "southvale-nhs": 1}
    assert facet(response, "area") == {"glossop": 1}

    assert titles(search(client, q="library", partner="southvale-nhs")) == [
        "Hospital library closure"
    ]
    # A decision about all wards is about Glossop too; indicators are about no place.
    assert titles(search(client, q="library", area="glossop")) == [
        "Hospital library closure",
        "Library opening hours decision",
    ]
    assert titles(search(client, q="library", type="indicator")) == [
        "Residents who feel they can influence library decisions"
    ]
    # Records have no topics: a topic filter leaves them out.
    assert titles(search(client, q="library", tag="carers")) == []


def test_drafts_are_never_found_nor_named(client, records):
    response = search(client, q="draft")
    assert titles(response) == []
    assert "Library draft decision" not in response.content.decode()
    assert titles(search(client, q="visits")) == []


def test_a_decision_unpublished_leaves_the_results(client, records):
    records["library"].save_revision().publish()
    Decision.objects.get(pk=records["library"].pk).unpublish()
    assert "Library opening hours decision" not in titles(search(client, q="library"))


def test_bad_filter_values_are_refused_plainly(client, records):
    response = client.get("/search/", {"q": "library", "type": "decision'--"})
    assert response.status_code in (200, 400)
    assert response.status_code != 500


def test_search_with_records_takes_the_same_queries_for_few_and_many(client, records, partner_a):
    search(client, q="library")
    with CaptureQueriesContext(connection) as few:
        search(client, q="library")
    for n in range(12):
        make_decision(partner_a, f"MORE-{n}", title=f"Library decision {n}")
        make_indicator(partner_a, f"more-{n}", title=f"Library indicator {n}")
    with CaptureQueriesContext(connection) as many:
        response = search(client, q="library")
    assert response.context["results"].total == 3 + 24
    assert len(many) == len(few)


def full_text_queries(captured):
    marker = "@@" if connection.vendor == "postgresql" else " MATCH "
    return [query for query in captured if marker in query["sql"]]


def test_postgresql_scores_pages_records_documents_and_activities_in_one_query(client, records):
    with CaptureQueriesContext(connection) as captured:
        response = search(client, q="library")
    assert response.context["results"].total == 3
    # Pages and everything else in one statement; SQLite's index is searched a model at
    # a time (pages, documents, documents' text, activities, decisions and indicators).
    expected = 1 if connection.vendor == "postgresql" else 6
    assert len(full_text_queries(captured)) == expected


# Elasticsearch ------------------------------------------------------------------------


def test_the_elasticsearch_documents_of_a_decision_and_an_indicator(records):
    from search.backends.records import DECISIONS, INDICATORS

    decision = DECISIONS.for_index().get(pk=records["library"].pk)
    document = DECISIONS.document(decision)
    assert document["kind"] == "decision"
    assert document["title"] == "Library opening hours decision"
    assert document["summary"] == "Whether libraries open on Sundays."
    assert document["partners"] == ["northshire"]
    assert document["areas"] == ["glossop"]
    assert document["year"] == 2030
    assert "TH-1" in document["body"] and "Cabinet" in document["body"]

    indicator = INDICATORS.for_index().get(pk=records["influence"].pk)
    document = INDICATORS.document(indicator)
    assert document["kind"] == "indicator"
    assert document["partners"] == ["northshire"]
    assert document["areas"] == [] and document["tags"] == []
    assert "Residents' survey" in document["body"]


def test_the_search_body_filters_by_the_new_types(records):
    from search.backends.elastic import build_search_body
    from search.query import SearchQuery

    query = SearchQuery(text="library", filters={"type": ["decision"], "partner": ["northshire"]})
    body = build_search_body(query, per_page=10)
    filters = body["query"]["function_score"]["query"]["bool"]["filter"]
    assert {"terms": {"kind": ["decision"]}} in filters
    assert {"terms": {"partners": ["northshire"]}} in filters


def test_publishing_and_unpublishing_records_update_the_index(
    records, partner_a, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from search.backends import elastic
    from tests.elastic_support import recording_client, requests_of

    es = recording_client()
    settings.SITE_SEARCH_BACKEND = "elasticsearch"
    monkeypatch.setattr(elastic, "get_client", lambda: es)
    decision = make_decision(partner_a, "ES-1", title="Park lighting", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        decision.save_revision().publish()
    indexed = [r for r in requests_of(es) if r["method"] == "PUT"]
    assert indexed[-1]["path"] == f"/engage-items/_doc/decision-{decision.pk}"
    assert indexed[-1]["body"]["title"] == "Park lighting"

    with django_capture_on_commit_callbacks(execute=True):
        Decision.objects.get(pk=decision.pk).unpublish()
    deleted = [r for r in requests_of(es) if r["method"] == "DELETE"]
    assert deleted[-1]["path"] == f"/engage-items/_doc/decision-{decision.pk}"

    indicator_id = records["influence"].pk
    with django_capture_on_commit_callbacks(execute=True):
        records["influence"].delete()
    deleted = [r for r in requests_of(es) if r["method"] == "DELETE"]
    assert deleted[-1]["path"] == f"/engage-items/_doc/indicator-{indicator_id}"


def test_the_rebuild_holds_live_records_only(records):
    from search.backends import elastic
    from tests.elastic_support import recording_client

    ids = [item_id for item_id, _ in elastic.searchable_items()]
    assert f"decision-{records['library'].pk}" in ids
    assert f"indicator-{records['influence'].pk}" in ids
    assert f"decision-{records['draft'].pk}" not in ids
    assert f"indicator-{records['draft_indicator'].pk}" not in ids
    assert elastic.count_items() == len(ids)
    result = elastic.rebuild(client=recording_client(), batch_size=50)
    assert result["indexed"] == len(ids)
