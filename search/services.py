"""The one entry point for site search: ``run_search(query)``.

The view calls this and nothing else; which backend answers (database or
Elasticsearch) is a setting. This module turns a backend's hits into what templates
show: loaded objects, snippets, facets with labels and links, a suggestion, promoted
results.
"""

import bisect
import difflib
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.paginator import Paginator
from django.db import connections, router, transaction
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Page

from consultation_blocks.models import (
    ConsultationStatus,
    DecisionIndexPage,
    EngagementActivity,
    IndicatorDashboardPage,
    stream_text,
)

from .backends.records import RECORD_SEARCHES
from .catalogue import (
    ACTIVITY_TYPE_KEY,
    CONSULTATION_TYPE_KEY,
    DECISION_TYPE_KEY,
    DOCUMENT_TYPE_KEY,
    INDICATOR_TYPE_KEY,
    PAGE_TYPES,
    SINGULAR_LABELS,
    STATUS_COLOURS,
    STATUS_LABELS,
    TYPE_LABELS,
)
from .text import highlight

RESULTS_PER_PAGE = 10
VOCABULARY_CACHE_KEY = "search:vocabulary"
FACET_ORDER = ("type", "status", "partner", "tag", "area", "year")
FACET_LABELS = {
    "type": "Type of content",
    "status": "Consultation status",
    "partner": "Partner",
    "tag": "Topic",
    "area": "Area",
    "year": "Year",
}
BACKENDS = {
    "database": "search.backends.database.DatabaseSearchBackend",
    "elasticsearch": "search.backends.elastic.ElasticsearchBackend",
}


@cache
def _backend_class(name):
    return import_string(BACKENDS[name])


def backend_name():
    configured = getattr(settings, "SITE_SEARCH_BACKEND", "")
    if configured in BACKENDS:
        return configured
    return "elasticsearch" if getattr(settings, "ELASTICSEARCH_URL", "") else "database"


def get_backend(name=None):
    return _backend_class(name or backend_name())()


@dataclass
class ResultItem:
    kind: str
    type_label: str
    title: str
    url: str
    snippet: str
    status: str | None = None
    status_label: str = ""
    status_colour: str = ""
    meta: str = ""


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class SearchResults:
    query: object
    total: int = 0
    # More items match than the search ranked: `total` counts the closest of them.
    more: bool = False
    items: list = field(default_factory=list)
    facets: list = field(default_factory=list)  # (name, label, [FacetValue])
    page_obj: object = None
    suggestion: str = ""
    suggestion_url: str = ""
    promoted: list = field(default_factory=list)
    active_filters: list = field(default_factory=list)  # (label, remove url)


def run_search(query, *, request=None, per_page=RESULTS_PER_PAGE, backend=None, log_query=True):
    """`query`'s results. With the `request`, pages' addresses are worked out from the
    sites it has already read (Wagtail keeps them on the request), not from the cache
    once per result."""
    results = SearchResults(query=query)
    if query.is_empty:
        return results
    backend = backend or get_backend()
    outcome = backend.search(query, per_page=per_page)
    last_page = max(1, -(-outcome.total // per_page))
    if query.page > last_page:  # a page past the end shows the last one
        query.page = last_page
        outcome = backend.search(query, per_page=per_page)
    results.total = outcome.total
    results.more = outcome.more
    # Paginator over the count only; the backend already returned this page's hits.
    paginator = Paginator(range(outcome.total), per_page)
    results.page_obj = paginator.get_page(query.page)
    results.items = _load_items(outcome.hits, query, request)
    labels = _facet_labels(outcome.facets)
    results.facets = _facet_values(outcome.facets, labels, query)
    results.active_filters = [
        (labels.get(name, {}).get(value, value), query.url_with(name, value, remove=True))
        for name, value in query.active_filters
    ]
    results.suggestion = outcome.suggestion or suggest(query)
    if results.suggestion:
        from .query import SearchQuery

        results.suggestion_url = SearchQuery(
            text=results.suggestion, filters=query.filters
        ).url_with()
    if query.page == 1 and not query.filters:
        results.promoted = list(
            SearchPromotion.objects.filter(query__query_string=query.text.lower())
            .select_related("page")
            .order_by("sort_order")
        )
    if log_query:
        count_search(query.text)
    return results


def count_search(text):
    """Count a search for `text` in Wagtail's popular searches report: its reads and
    writes in one transaction. On PostgreSQL the commit does not wait for the disk: a
    count lost in a crash costs nothing, a resident's search waiting on a flush costs
    them time."""
    using = router.db_for_write(Query)
    with transaction.atomic(using=using):
        if connections[using].vendor == "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        Query.get(text).add_hit()


def _load_items(hits, query, request):
    """Load just this page's objects, a query per content type."""
    by_kind = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit.pk)
    objects = {}
    for searchable in PAGE_TYPES:
        if searchable.key in by_kind:
            queryset = searchable.model.objects.filter(pk__in=by_kind[searchable.key])
            if searchable.key == CONSULTATION_TYPE_KEY:
                queryset = queryset.select_related("lead_partner")
            for page in queryset:
                objects[(searchable.key, page.pk)] = page
    if ACTIVITY_TYPE_KEY in by_kind:
        activities = EngagementActivity.objects.published().filter(
            pk__in=by_kind[ACTIVITY_TYPE_KEY]
        )
        for activity in activities.select_related("lead_partner", "consultation"):
            objects[(ACTIVITY_TYPE_KEY, activity.pk)] = activity
    for search in RECORD_SEARCHES:
        if search.key in by_kind:
            records = search.live().filter(pk__in=by_kind[search.key]).select_related("partner")
            for record in records:
                objects[(search.key, record.pk)] = record
    homes = _record_homes(by_kind)
    if DOCUMENT_TYPE_KEY in by_kind:
        documents = get_document_model().objects.filter(pk__in=by_kind[DOCUMENT_TYPE_KEY])
        for document in documents.select_related("extracted_text"):
            objects[(DOCUMENT_TYPE_KEY, document.pk)] = document
    items = []
    for hit in hits:
        obj = objects.get((hit.kind, hit.pk))
        if obj is None:  # deleted since it was indexed
            continue
        items.append(_item(hit, obj, query, homes, request))
    return items


def _record_homes(by_kind):
    """The public pages decisions and indicators are shown on (the decisions page, the
    dashboard): a query for each kind on this page of results, none otherwise."""
    homes = {}
    for key, model in (
        (DECISION_TYPE_KEY, DecisionIndexPage),
        (INDICATOR_TYPE_KEY, IndicatorDashboardPage),
    ):
        if key in by_kind:
            homes[key] = model.objects.live().public().first()
    return homes


def _decision_item(hit, decision, query, home, request):
    url = ""
    if home is not None:
        url = home.get_url(request) + home.reverse_subpage("decision", args=[decision.reference])
    when = (
        f"decided {format_date(decision.decided_on, 'j F Y')}"
        if decision.decided_on
        else f"due {format_date(decision.due_on, 'j F Y')}"
        if decision.due_on
        else ""
    )
    meta = ", ".join(
        filter(
            None,
            [
                decision.get_status_display(),
                decision.decision_maker,
                decision.partner.name,
                when,
                decision.reference,
            ],
        )
    )
    return ResultItem(
        kind=hit.kind,
        type_label=SINGULAR_LABELS[DECISION_TYPE_KEY],
        title=decision.title,
        url=url,
        snippet=_backend_snippet(hit) or highlight(decision.purpose, query.terms),
        meta=meta,
    )


def _indicator_item(hit, indicator, query, home, request):
    url = f"{home.get_url(request)}#indicator-{indicator.code}" if home is not None else ""
    return ResultItem(
        kind=hit.kind,
        type_label=SINGULAR_LABELS[INDICATOR_TYPE_KEY],
        title=indicator.title,
        url=url,
        snippet=_backend_snippet(hit) or highlight(indicator.description, query.terms),
        meta=f"{indicator.partner.name}, {indicator.get_unit_display().lower()}",
    )


def _activity_item(hit, activity, query, request):
    """An activity links to its consultation once that is live, otherwise to its lead
    partner's month in the forward plan."""
    consultation = activity.consultation
    if consultation is not None and consultation.live:
        url = consultation.get_url(request)
    else:
        url = (
            reverse("consultation_blocks:forward_plan_list")
            + "?"
            + urlencode(
                {
                    "partner": activity.lead_partner.slug,
                    "month": activity.starts_on.strftime("%Y-%m"),
                }
            )
        )
    return ResultItem(
        kind=hit.kind,
        type_label=SINGULAR_LABELS[ACTIVITY_TYPE_KEY],
        title=activity.title,
        url=url,
        snippet=_backend_snippet(hit) or highlight(activity.description, query.terms),
        meta=f"{activity.get_method_display()}, {activity.lead_partner.name}, "
        f"{activity.date_range_text}",
    )


def _item(hit, obj, query, homes, request):
    if hit.kind == ACTIVITY_TYPE_KEY:
        return _activity_item(hit, obj, query, request)
    if hit.kind == DECISION_TYPE_KEY:
        return _decision_item(hit, obj, query, homes.get(hit.kind), request)
    if hit.kind == INDICATOR_TYPE_KEY:
        return _indicator_item(hit, obj, query, homes.get(hit.kind), request)
    if hit.kind == DOCUMENT_TYPE_KEY:
        extracted = getattr(obj, "extracted_text", None) if hasattr(obj, "extracted_text") else None
        text = extracted.text if extracted else ""
        extension = obj.file_extension.upper() if obj.file else ""
        return ResultItem(
            kind=hit.kind,
            type_label=SINGULAR_LABELS[DOCUMENT_TYPE_KEY],
            title=obj.title,
            url=obj.url,
            snippet=_backend_snippet(hit) or highlight(text, query.terms),
            meta=extension,
        )
    text = " ".join(
        filter(
            None,
            [
                getattr(obj, "summary", ""),
                obj.search_description,
                stream_text(getattr(obj, "body", None)),
            ],
        )
    )
    if getattr(obj, "outcome_summary", "") and obj.show_outcome:
        text += " " + obj.outcome_summary
    status = hit.status
    meta = ""
    if hit.kind == CONSULTATION_TYPE_KEY and obj.lead_partner_id:
        meta = obj.lead_partner.name
    return ResultItem(
        kind=hit.kind,
        type_label=SINGULAR_LABELS.get(hit.kind, "Page"),
        title=obj.title,
        url=obj.get_url(request),
        snippet=_backend_snippet(hit) or highlight(text, query.terms),
        status=status,
        status_label=STATUS_LABELS.get(status, "") if status else "",
        status_colour=STATUS_COLOURS.get(status, "") if status else "",
        meta=meta,
    )


def _backend_snippet(hit):
    # Elasticsearch escapes the text itself (encoder "html") and only adds <mark> tags.
    return mark_safe(hit.highlight) if hit.highlight else ""


def _facet_labels(facets):
    from taggit.models import Tag

    from consultation_blocks.models import Area, Partner

    labels = {"type": dict(TYPE_LABELS), "status": dict(STATUS_LABELS), "year": {}}
    for name, model in (("partner", Partner), ("tag", Tag), ("area", Area)):
        slugs = list(facets.get(name, {}))
        # No names to look up when no result has one (nor a query to build).
        labels[name] = (
            dict(model.objects.filter(slug__in=slugs).values_list("slug", "name")) if slugs else {}
        )
    return labels


def _facet_values(facets, labels, query):
    blocks = []
    for name in FACET_ORDER:
        counts = facets.get(name) or {}
        selected = set(query.values(name))
        values = [
            FacetValue(
                value=value,
                label=labels.get(name, {}).get(value, value),
                count=count,
                selected=value in selected,
                url=query.url_with(name, value, remove=value in selected),
            )
            for value, count in counts.items()
            if count
        ]
        # Selected values stay visible so they can be removed, even with no results left.
        values += [
            FacetValue(
                value,
                labels.get(name, {}).get(value, value),
                0,
                True,
                query.url_with(name, value, remove=True),
            )
            for value in selected
            if value not in counts
        ]
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, v.label.lower()))
        if values:
            blocks.append((name, FACET_LABELS[name], values[:15]))
    return blocks


SUGGESTION_LIMIT = 8


def suggest_as_you_type(prefix):
    """Up to a few titles for a search box's suggestions."""
    from .query import _clean_text

    prefix = _clean_text(prefix)[:50]
    if len(prefix) < 2:
        return []
    module = (
        "search.backends.elastic"
        if backend_name() == "elasticsearch"
        else "search.backends.database"
    )
    return import_string(f"{module}.suggest_titles")(prefix, limit=SUGGESTION_LIMIT)


def vocabulary():
    """Words from live page titles and tags, for "did you mean"."""
    words = django_cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        from taggit.models import Tag

        from .query import WORD

        texts = list(Page.objects.live().public().values_list("title", flat=True)[:5000])
        texts += list(Tag.objects.values_list("name", flat=True)[:5000])
        words = sorted({w.lower() for text in texts for w in WORD.findall(text) if len(w) > 2})
        django_cache.set(VOCABULARY_CACHE_KEY, words, 600)
    return words


def suggest(query):
    """A corrected query when some words are unknown and close to known ones."""
    known = vocabulary()
    corrected = []
    changed = False
    for term in query.terms:
        # The vocabulary is sorted: a lookup, not a set of thousands of words built for
        # each search.
        at = bisect.bisect_left(known, term)
        if (at < len(known) and known[at] == term) or len(term) < 4:
            corrected.append(term)
            continue
        close = difflib.get_close_matches(term, known, n=1, cutoff=0.8)
        if close:
            corrected.append(close[0])
            changed = True
        else:
            corrected.append(term)
    return " ".join(corrected) if changed else ""


def empty_page_context():
    """What to offer when a search finds nothing, or before anyone searches."""
    from django.db.models import Count
    from django.utils import timezone
    from taggit.models import Tag

    from consultation_blocks.selectors import live_consultations

    open_consultations = list(
        live_consultations()
        .filter(ConsultationStatus.OPEN.q(timezone.now()))
        .order_by("closes_at")[:5]
    )
    popular = list(
        Tag.objects.annotate(uses=Count("consultation_blocks_consultationpagetag_items"))
        .filter(uses__gt=0)
        .order_by("-uses", "name")[:10]
    )
    return {"open_consultations": open_consultations, "popular_tags": popular}
