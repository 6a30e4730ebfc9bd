"""Site search on Elasticsearch 8, through elasticsearch-dsl.

Query bodies are built as plain dicts by ``build_search_body`` (tested as data); the
client is created by ``get_client`` so tests can give it a recording transport.
"""

from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import streaming_bulk
from elasticsearch_dsl import Q, Search

from consultation_blocks.models import Area, partner_slugs, stream_text

from ..catalogue import CONSULTATION_TYPE_KEY, DOCUMENT_TYPE_KEY, PAGE_TYPES, status_boost
from ..documents import alias_name, index_definition, synonym_lines
from .activities import activity_document, activity_document_id, published_activities_for_index
from .base import BackendResult, Hit
from .records import RECORD_SEARCHES, RECORDS_BY_KEY

TEXT_FIELDS = ["title^3", "summary^2", "tags^2", "partners", "body"]
FACET_FIELDS = {
    "type": "kind",
    "status": "status",
    "partner": "partners",
    "tag": "tags",
    "area": "areas",
    "year": "year",
}
FACET_SIZE = 20


@cache
def _default_client():
    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=10)


def get_client():
    return _default_client()


def expand_areas(slugs):
    """The area slugs indexed content must carry to be about the places `slugs` name
    (see ``Area.objects.covering``). The slugs asked for stay in, known or not, so a
    filter on an unknown area finds nothing rather than everything."""
    covering = Area.objects.covering(slugs).values_list("slug", flat=True)
    return sorted(set(slugs) | set(covering))


def build_search_body(query, *, per_page, area_slugs=None):
    """The search request body for a parsed query: full text with boosts, filters,
    facet aggregations, highlighting, a spelling suggestion and the page wanted."""
    text_query = Q(
        "multi_match",
        query=" ".join(query.terms),
        fields=TEXT_FIELDS,
        type="best_fields",
        operator="and",
    )
    filters = []
    for name, field in FACET_FIELDS.items():
        values = query.values(name)
        if name == "area" and values:
            values = area_slugs if area_slugs is not None else values
        if values:
            filters.append(Q("terms", **{field: [int(v) if name == "year" else v for v in values]}))
    scored = Q(
        "function_score",
        query=Q("bool", must=[text_query], filter=filters),
        functions=[{"field_value_factor": {"field": "status_boost", "missing": 1.0}}],
        boost_mode="multiply",
    )
    search = Search().query(scored)
    for name, field in FACET_FIELDS.items():
        search.aggs.bucket(name, "terms", field=field, size=FACET_SIZE)
    search = search.highlight_options(
        encoder="html",
        pre_tags=["<mark>"],
        post_tags=["</mark>"],
        fragment_size=200,
        number_of_fragments=1,
    ).highlight("summary", "body")
    search = search.suggest(
        "did_you_mean", " ".join(query.terms), term={"field": "title", "suggest_mode": "popular"}
    )
    start = (query.page - 1) * per_page
    search = search.extra(from_=start, size=per_page, track_total_hits=True)
    search = search.source(["kind", "object_id", "title", "status", "year"])
    return search.to_dict()


def parse_response(response):
    hits = []
    for raw in response["hits"]["hits"]:
        source = raw.get("_source", {})
        fragments = raw.get("highlight", {})
        highlight = (fragments.get("body") or fragments.get("summary") or [""])[0]
        hits.append(
            Hit(
                kind=source.get("kind", ""),
                pk=int(source.get("object_id", 0)),
                score=float(raw.get("_score") or 0),
                title=source.get("title", ""),
                status=source.get("status"),
                year=source.get("year"),
                highlight=highlight,  # ES escaped the text (encoder=html) and added <mark>
            )
        )
    facets = {
        name: {str(bucket["key"]): bucket["doc_count"] for bucket in aggregation.get("buckets", [])}
        for name, aggregation in (response.get("aggregations") or {}).items()
    }
    suggestion = ""
    entries = (response.get("suggest") or {}).get("did_you_mean", [])
    if any(entry.get("options") for entry in entries):
        suggestion = " ".join(
            entry["options"][0]["text"] if entry.get("options") else entry["text"]
            for entry in entries
        )
    total = response["hits"]["total"]
    return BackendResult(
        total=total["value"] if isinstance(total, dict) else int(total),
        hits=hits,
        facets=facets,
        suggestion=escape(suggestion) if suggestion else "",
    )


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, client=None):
        self.client = client or get_client()

    def search(self, query, *, per_page):
        if query.is_empty:
            return BackendResult(total=0, hits=[], facets={})
        area_slugs = expand_areas(query.values("area")) if query.values("area") else None
        body = build_search_body(query, per_page=per_page, area_slugs=area_slugs)
        response = self.client.search(index=alias_name(), body=body)
        return parse_response(response.body if hasattr(response, "body") else response)


# Documents sent to the index -----------------------------------------------------


def _page_status(page):
    return page.status if hasattr(page, "status_at") else None


def page_document(page, kind):
    """The index document for a live, public page."""
    status = _page_status(page)
    published = page.first_published_at or timezone.now()
    year_source = getattr(page, "opens_at", None) or published
    body = stream_text(getattr(page, "body", None))
    if hasattr(page, "published_outcome_text"):
        body = f"{body} {page.published_outcome_text()}".strip()
    return {
        "kind": kind,
        "object_id": page.pk,
        "title": page.title,
        "summary": getattr(page, "summary", "") or page.search_description,
        "body": body,
        "url": page.url,
        "status": status,
        "status_boost": status_boost(status),
        "partners": partner_slugs(page),
        "tags": [tag.slug for tag in page.tags.all()] if hasattr(page, "tags") else [],
        "areas": [area.slug for area in page.areas.all()] if hasattr(page, "areas") else [],
        "year": year_source.year,
        "published_at": published.isoformat(),
        "suggest": {"input": [page.title]},
    }


def document_document(document):
    extracted = (
        getattr(document, "extracted_text", None) if hasattr(document, "extracted_text") else None
    )
    created = document.created_at or timezone.now()
    return {
        "kind": DOCUMENT_TYPE_KEY,
        "object_id": document.pk,
        "title": document.title,
        "summary": "",
        "body": extracted.text if extracted else "",
        "url": document.url,
        "status": None,
        "status_boost": status_boost(None),
        "partners": [],
        "tags": [tag.slug for tag in document.tags.all()],
        "areas": [],
        "year": created.year,
        "published_at": created.isoformat(),
        "suggest": {"input": [document.title]},
    }


def _kind_for(page):
    from ..catalogue import page_type_for_model

    searchable = page_type_for_model(type(page))
    return searchable.key if searchable else None


def index_page(page, client=None):
    kind = _kind_for(page)
    if kind is None:
        return
    (client or get_client()).index(
        index=alias_name(), id=f"{kind}-{page.pk}", document=page_document(page, kind)
    )


def remove_page(page_id, client=None):
    client = client or get_client()
    for searchable in PAGE_TYPES:
        try:
            client.delete(index=alias_name(), id=f"{searchable.key}-{page_id}")
        except NotFoundError:
            continue


def index_activity(activity_id, client=None):
    """Add, refresh or remove one engagement activity: only published ones are found."""
    client = client or get_client()
    activity = published_activities_for_index().filter(pk=activity_id).first()
    if activity is None:
        try:
            client.delete(index=alias_name(), id=activity_document_id(activity_id))
        except NotFoundError:
            pass
        return
    client.index(
        index=alias_name(),
        id=activity_document_id(activity_id),
        document=activity_document(activity),
    )


def index_record(kind, record_id, client=None):
    """Add, refresh or remove one decision or indicator (``kind`` is its catalogue
    key): only live ones are found, so a record unpublished or deleted goes."""
    client = client or get_client()
    search = RECORDS_BY_KEY[kind]
    record = search.for_index().filter(pk=record_id).first()
    if record is None:
        try:
            client.delete(index=alias_name(), id=search.document_id(record_id))
        except NotFoundError:
            pass
        return
    client.index(
        index=alias_name(), id=search.document_id(record_id), document=search.document(record)
    )


def index_document(document, client=None):
    (client or get_client()).index(
        index=alias_name(),
        id=f"{DOCUMENT_TYPE_KEY}-{document.pk}",
        document=document_document(document),
    )


# Rebuilding ------------------------------------------------------------------------


def searchable_items():
    """Every live, public page of a searchable type and every public document, as
    (id, document) pairs, read in batches."""
    from wagtail.documents import get_document_model
    from wagtail.models import CollectionViewRestriction

    for searchable in PAGE_TYPES:
        pages = searchable.model.objects.live().public().order_by("pk")
        if searchable.key == CONSULTATION_TYPE_KEY:
            pages = pages.select_related("lead_partner")
        # Meetings have no partners, areas or topics of their own.
        relations = [
            name for name in ("partners", "areas", "tags") if hasattr(searchable.model, name)
        ]
        pages = pages.prefetch_related(*relations)
        for page in pages.iterator(chunk_size=200):
            yield f"{searchable.key}-{page.pk}", page_document(page, searchable.key)
    restricted = CollectionViewRestriction.objects.values_list("collection_id", flat=True)
    documents = (
        get_document_model()
        .objects.exclude(collection_id__in=restricted)
        .select_related("extracted_text")
        .prefetch_related("tags")
        .order_by("pk")
    )
    for document in documents.iterator(chunk_size=200):
        yield f"{DOCUMENT_TYPE_KEY}-{document.pk}", document_document(document)
    for activity in published_activities_for_index().iterator(chunk_size=200):
        yield activity_document_id(activity.pk), activity_document(activity)
    for search in RECORD_SEARCHES:
        for record in search.for_index().iterator(chunk_size=200):
            yield search.document_id(record.pk), search.document(record)


def count_items():
    from wagtail.documents import get_document_model

    return (
        sum(t.model.objects.live().public().count() for t in PAGE_TYPES)
        + get_document_model().objects.count()
        + published_activities_for_index().count()
        + sum(search.live().count() for search in RECORD_SEARCHES)
    )


def rebuild(*, client=None, batch_size=500, progress=None, now=None):
    """Build a fresh index beside the live one, fill it in bulk, then move the alias
    in one step so searches never see a half-built index; old indices are removed."""
    client = client or get_client()
    alias = alias_name()
    new_index = f"{alias}-{(now or timezone.now()):%Y%m%d%H%M%S}"
    client.indices.create(index=new_index, body=index_definition(new_index, synonym_lines()))
    actions = (
        {"_index": new_index, "_id": item_id, "_source": source}
        for item_id, source in searchable_items()
    )
    indexed = 0
    for ok, _ in streaming_bulk(client, actions, chunk_size=batch_size, raise_on_error=True):
        indexed += int(ok)
        if progress is not None:
            progress.update(1)
    client.indices.refresh(index=new_index)
    old_indices = []
    if client.indices.exists_alias(name=alias):
        old_indices = list(client.indices.get_alias(name=alias).body)
    actions = [{"remove": {"index": name, "alias": alias}} for name in old_indices]
    actions.append({"add": {"index": new_index, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    for name in old_indices:
        client.indices.delete(index=name)
    return {"index": new_index, "indexed": indexed, "replaced": old_indices}


def suggest_titles(prefix, *, limit, client=None):
    body = {
        "suggest": {
            "titles": {
                "prefix": prefix,
                "completion": {"field": "suggest", "size": limit, "skip_duplicates": True},
            }
        }
    }
    response = (client or get_client()).search(index=alias_name(), body=body)
    data = response.body if hasattr(response, "body") else response
    return [option["text"] for option in data["suggest"]["titles"][0]["options"]]
