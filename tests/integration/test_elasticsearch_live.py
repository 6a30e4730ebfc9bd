"""The search behaviour tests against a real Elasticsearch (or OpenSearch) server.

Runs only when ELASTICSEARCH_URL is set, e.g.
    docker run -p 9200:9200 -e discovery.type=single-node -e xpack.security.enabled=false \
        docker.elastic.co/elasticsearch/elasticsearch:8.15.0
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/pytest tests/integration
"""

import os
import uuid

import pytest

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("ELASTICSEARCH_URL"),
        reason="ELASTICSEARCH_URL is not set: no Elasticsearch server to test against",
    ),
]


@pytest.fixture
def live_index(settings, consultation_index):
    from search.backends import elastic

    settings.SITE_SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX_PREFIX = f"engage-test-{uuid.uuid4().hex[:8]}"
    elastic._default_client.cache_clear()
    client = elastic.get_client()
    yield client
    client.indices.delete(
        index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-items-*", ignore_unavailable=True
    )
    elastic._default_client.cache_clear()


def build(consultation_index, **pages):
    from search.backends import elastic
    from tests.factories import ConsultationPageFactory

    made = {}
    for key, fields in pages.items():
        page = ConsultationPageFactory(parent=consultation_index, body=[], **fields)
        page.save_revision().publish()
        made[key] = page
    elastic.rebuild()
    return made


def titles(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return [item.title for item in response.context["results"].items]


def test_stemming_facets_and_ranking(client, live_index, consultation_index):
    build(
        consultation_index,
        carers={"title": "Support for unpaid carers", "summary": "Respite for carers."},
        library={"title": "Library hours", "summary": "When should the library open?"},
    )
    assert titles(client, q="carer") == ["Support for unpaid carers"]
    assert titles(client, q="libraries") == ["Library hours"]
    assert titles(client, q="library", type="strategy") == []


def test_synonyms_widen_the_search(client, live_index, consultation_index):
    from search.models import SearchSynonym

    SearchSynonym.objects.create(terms="gp, doctor")
    build(consultation_index, gp={"title": "Opening hours at your GP", "summary": "Appointments."})
    assert titles(client, q="doctor") == ["Opening hours at your GP"]


def test_drafts_never_reach_the_index(client, live_index, consultation_index):
    from tests.factories import ConsultationPageFactory

    draft = ConsultationPageFactory(
        parent=consultation_index, title="Secret plans", live=False, body=[]
    )
    draft.save_revision()
    build(consultation_index)
    assert titles(client, q="secret plans") == []
