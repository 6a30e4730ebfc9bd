"""Site search on Wagtail's database backend: SQLite FTS5 or PostgreSQL full text.

The full-text index finds and scores candidates; filters and facet counts are then
ordinary database queries over those candidates, a fixed number of them whatever the
number of matches.
"""

from collections import Counter, defaultdict

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, connections, transaction
from django.db.models import F, IntegerField
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText

from consultation_blocks.models import (
    Area,
    ConsultationStatus,
    EngagementActivity,
    active_language_q,
    belongs_to_partners_q,
    partner_relations,
)

from ..catalogue import (
    ACTIVITY_TYPE_KEY,
    CONSULTATION_TYPE_KEY,
    DOCUMENT_TYPE_KEY,
    PAGE_TYPES,
    page_type,
    status_boost,
)
from ..models import DocumentText
from ..text import word_forms
from .activities import activities_matching_related, activity_candidates, activity_facets
from .base import BackendResult, Hit
from .ids import pk_among
from .records import RECORD_SEARCHES

# How many of each kind of item a search ranks and shows at most: its results say so
# when more match ("the best 500"), and more words narrow them.
MAX_CANDIDATES = 500
# On PostgreSQL, how many of the pages a search matches are ranked (see
# `_postgres_page_scores`); ranking all of a common word's matches took over a second
# at 100,000 pages. A word on more pages than this (at 100,000 generated pages, any
# word of the benchmark's vocabulary) gets the best of the first this many found.
# Ranking 1,000 rather than 500 made such a search take half as long again.
RANKED_MATCHES = 500


def _has_field(model, name):
    """Whether pages of `model` have topics ("tagged_items") or areas ("areas"): a
    meeting has neither, so it matches no topic or area filter."""
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def full_text_query(terms):
    return And([Or([PlainText(form) for form in word_forms(term)]) for term in terms])


class DatabaseSearchBackend:
    name = "database"

    def search(self, query, *, per_page):
        if query.is_empty:
            return BackendResult(total=0, hits=[], facets={})
        text_query = full_text_query(query.terms)
        searched = _searched_besides_pages()
        scores, more_records = _scores(text_query, searched)
        page_candidates, more_pages = self._page_candidates(text_query)
        candidates = (
            page_candidates
            + self._document_candidates(scores, searched)
            + activity_candidates(scores[EngagementActivity])
            + [hit for record in RECORD_SEARCHES for hit in record.candidates(scores[record.model])]
        )
        candidates = self._apply_filters(candidates, query)
        candidates.sort(key=lambda hit: (-hit.score * status_boost(hit.status), hit.title))
        facets = self._facets(candidates)
        start = (query.page - 1) * per_page
        return BackendResult(
            total=len(candidates),
            hits=candidates[start : start + per_page],
            facets=facets,
            more=more_pages or more_records,
        )

    # Candidates ------------------------------------------------------------------

    def _page_candidates(self, text_query):
        """The hits for the best matching pages, and whether more pages match."""
        shown = Page.objects.live().public().type(*(t.model for t in PAGE_TYPES))
        if connection.vendor == "postgresql":
            scores, rows, more = _postgres_page_scores(shown, text_query)
        else:
            matches = shown.search(text_query, order_by_relevance=True).annotate_score("_score")
            matches, more = _at_most(matches, MAX_CANDIDATES)
            scores = {page.pk: float(page._score or 0) for page in matches}
            # Pages in the language shown: a translation is not a second result.
            rows = (
                Page.objects.filter(pk_among(scores))
                .filter(active_language_q())
                .order_by()
                .values(*PAGE_HIT_FIELDS)
            )
        return _page_hits(scores, rows), more

    def _document_candidates(self, scores, searched):
        Document = get_document_model()
        document_scores = dict(scores[Document])
        text_scores = scores[DocumentText]
        if text_scores:
            found_in = DocumentText.objects.filter(pk_among(text_scores)).values_list(
                "pk", "document"
            )
            for text_pk, document_id in found_in:
                # Matching the file's text counts for less than matching its title.
                score = text_scores[text_pk] * 0.5
                document_scores[document_id] = max(document_scores.get(document_id, 0), score)
        if not document_scores:
            return []
        return [
            Hit(
                kind=DOCUMENT_TYPE_KEY,
                pk=row["pk"],
                score=document_scores[row["pk"]],
                title=row["title"],
                year=row["created_at"].year if row["created_at"] else None,
            )
            for row in searched[Document]
            .filter(pk_among(document_scores))
            .values("pk", "title", "created_at")
        ]

    # Filters ---------------------------------------------------------------------

    def _apply_filters(self, hits, query):
        types = set(query.values("type"))
        statuses = set(query.values("status"))
        years = {int(y) for y in query.values("year")}
        if types:
            hits = [hit for hit in hits if hit.kind in types]
        if statuses:
            hits = [hit for hit in hits if hit.status in statuses]
        if years:
            hits = [hit for hit in hits if hit.year in years]
        related_filters = {
            name: query.values(name) for name in ("partner", "tag", "area") if query.values(name)
        }
        if related_filters:
            allowed = self._pages_matching_related(hits, related_filters)
            hits = [hit for hit in hits if (hit.kind, hit.pk) in allowed]
        return hits

    def _pages_matching_related(self, hits, related_filters):
        ids_by_kind = defaultdict(list)
        for hit in hits:
            ids_by_kind[hit.kind].append(hit.pk)
        allowed = set()
        if ids_by_kind.get(ACTIVITY_TYPE_KEY):
            allowed |= activities_matching_related(ids_by_kind[ACTIVITY_TYPE_KEY], related_filters)
        for record in RECORD_SEARCHES:
            if ids_by_kind.get(record.key):
                allowed |= record.matching_related(ids_by_kind[record.key], related_filters)
        for searchable in PAGE_TYPES:
            if not ids_by_kind.get(searchable.key):
                continue
            queryset = searchable.model.objects.filter(pk_among(ids_by_kind[searchable.key]))
            if "partner" in related_filters:
                queryset = queryset.filter(
                    belongs_to_partners_q(searchable.model, related_filters["partner"])
                )
            if "tag" in related_filters:
                queryset = (
                    queryset.filter(tagged_items__tag__slug__in=related_filters["tag"])
                    if _has_field(searchable.model, "tagged_items")
                    else queryset.none()
                )
            if "area" in related_filters:
                queryset = (
                    queryset.filter(areas__in=Area.objects.covering(related_filters["area"]))
                    if _has_field(searchable.model, "areas")
                    else queryset.none()
                )
            allowed |= {
                (searchable.key, pk) for pk in queryset.values_list("pk", flat=True).distinct()
            }
        return allowed

    # Facets ----------------------------------------------------------------------

    def _facets(self, hits):
        facets = {
            "type": Counter(hit.kind for hit in hits),
            "status": Counter(hit.status for hit in hits if hit.status),
            "year": Counter(str(hit.year) for hit in hits if hit.year),
            "partner": Counter(),
            "tag": Counter(),
            "area": Counter(),
        }
        ids_by_kind = defaultdict(list)
        for hit in hits:
            ids_by_kind[hit.kind].append(hit.pk)
        for searchable in PAGE_TYPES:
            ids = ids_by_kind.get(searchable.key)
            if not ids:
                continue
            model = searchable.model
            # Unordered: the pages' default order (their tree path) would join and sort
            # the page table for counts that do not need it.
            found = model.objects.filter(pk_among(ids)).order_by()
            partner_pairs = set()
            for relation in partner_relations(model):
                partner_pairs |= set(
                    found.filter(**{f"{relation}__isnull": False}).values_list(
                        "pk", f"{relation}__slug"
                    )
                )
            facets["partner"].update(slug for _, slug in partner_pairs)
            if _has_field(model, "tagged_items"):
                tag_pairs = set(found.values_list("pk", "tagged_items__tag__slug"))
                facets["tag"].update(slug for _, slug in tag_pairs if slug)
            if _has_field(model, "areas"):
                area_pairs = set(found.values_list("pk", "areas__slug"))
                facets["area"].update(slug for _, slug in area_pairs if slug)
        if ids_by_kind.get(ACTIVITY_TYPE_KEY):
            for name, counter in activity_facets(ids_by_kind[ACTIVITY_TYPE_KEY]).items():
                facets[name].update(counter)
        for record in RECORD_SEARCHES:
            if ids_by_kind.get(record.key):
                for name, counter in record.facets(ids_by_kind[record.key]).items():
                    facets[name].update(counter)
        return {name: dict(counter) for name, counter in facets.items()}


# What a page's hit is made from, read for every matched page in one query.
PAGE_HIT_FIELDS = ("pk", "content_type_id", "title", "first_published_at")


def _page_hits(scores, rows):
    """Hits for matched page `rows` (PAGE_HIT_FIELDS) scored `scores`. A page's type
    comes from its content type, looked up once per type; consultations, the one type
    with a status, are given theirs (as of now, worked out by the database) and their
    opening date in one more query."""
    rows = list(rows)
    keys = _page_type_keys({row["content_type_id"] for row in rows})
    rows = [row for row in rows if row["content_type_id"] in keys]
    consultations = {}
    consultation_ids = [
        row["pk"] for row in rows if keys[row["content_type_id"]] == CONSULTATION_TYPE_KEY
    ]
    if consultation_ids:
        model = page_type(CONSULTATION_TYPE_KEY).model
        consultations = {
            row["pk"]: row
            for row in model.objects.filter(pk_among(consultation_ids))
            .annotate(current_status=ConsultationStatus.annotation(timezone.now()))
            .values("pk", "opens_at", "current_status")
        }
    hits = []
    for row in rows:
        status, year_source = None, row["first_published_at"]
        consultation = consultations.get(row["pk"])
        if consultation is not None:
            status = consultation["current_status"]
            year_source = consultation["opens_at"] or year_source
        hits.append(
            Hit(
                kind=keys[row["content_type_id"]],
                pk=row["pk"],
                score=scores[row["pk"]],
                title=row["title"],
                status=status,
                year=year_source.year if year_source else None,
            )
        )
    return hits


def _page_type_keys(content_type_ids):
    """{content type id: the key of the searchable type its pages are}: the first in
    the catalogue whose model they are, or subclass."""
    searchable = [(t.key, t.model) for t in PAGE_TYPES]
    keys = {}
    for content_type_id in content_type_ids:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        for key, type_model in searchable:
            if model is not None and issubclass(model, type_model):
                keys[content_type_id] = key
                break
    return keys


def _searched_besides_pages():
    """{model: the queryset of its records search shows} for everything searched
    besides pages. A document's text (DocumentText) is shown as its document, so all
    of it is searched and the document's own visibility applies."""
    Document = get_document_model()
    restricted = CollectionViewRestriction.objects.values_list("collection_id", flat=True)
    searched = {
        Document: Document.objects.exclude(collection_id__in=restricted),
        DocumentText: DocumentText.objects.all(),
        EngagementActivity: EngagementActivity.objects.published(),
    }
    for record in RECORD_SEARCHES:
        searched[record.model] = record.live()
    return searched


def _at_most(queryset, limit):
    """The first `limit` items of `queryset`, and whether it has more: one more is read
    to tell."""
    found = list(queryset[: limit + 1])
    return found[:limit], len(found) > limit


def _scores(text_query, searched):
    """{model: {pk: score}}: the best (at most MAX_CANDIDATES) of each model's records
    in `searched` matching `text_query`, and whether more match. On PostgreSQL, one
    query scores all of them, and the records shown are picked from those by
    `searched` afterwards; on SQLite, each model's queryset is searched in turn."""
    if connection.vendor == "postgresql":
        return _postgres_scores(text_query, searched)
    backend = get_search_backend()
    scores, more = {}, False
    for model, queryset in searched.items():
        matches = backend.search(text_query, queryset, order_by_relevance=True)
        found, more_found = _at_most(matches.annotate_score("_score"), MAX_CANDIDATES)
        scores[model] = {match.pk: float(match._score or 0) for match in found}
        more = more or more_found
    return scores, more


def _postgres_scores(text_query, searched):
    content_types = ContentType.objects.get_for_models(*searched)
    model_of = {content_type.pk: model for model, content_type in content_types.items()}
    scores = {model: {} for model in searched}
    found, more = _postgres_matches(next(iter(searched.values())), text_query, model_of)
    for content_type_id, pk, score in found:
        scores[model_of[content_type_id]][pk] = score
    more = more or any(len(found) > MAX_CANDIDATES for found in scores.values())
    return {
        model: {pk: found[pk] for pk in _best_first(found)[:MAX_CANDIDATES]}
        for model, found in scores.items()
    }, more


def _best_first(scores):
    """The keys of `scores` ({pk: score}), best score first; among equal scores, the
    newest (highest pk) first, so that the order never depends on how rows were read."""
    return sorted(scores, key=lambda pk: (-scores[pk], -pk))


def _postgres_matches(queryset, text_query, content_type_ids):
    """(content type id, object pk, score) of up to RANKED_MATCHES index entries of
    `content_type_ids` matching `text_query`, ranked as Wagtail ranks `queryset`'s
    (see `_postgres_page_scores`), and whether more entries match."""
    from django.contrib.postgres.search import SearchVectorField
    from wagtail.search.models import IndexEntry

    backend = get_search_backend()
    compiler = backend.query_compiler_class(queryset, text_query)
    config = compiler.get_config(backend)
    words = _distinct_forms(text_query, config, using=IndexEntry.objects.db)
    # As Wagtail ranks: the title's rank scaled by its length against the average
    # title's, plus the body's.
    score = _rank(compiler, F("title"), words, config) * F("title_norm") + (
        _rank(compiler, F("body"), words, config) * 1.0
    )
    # The same matches as `text_query`'s: a form whose lexeme another form has already
    # matches nothing more.
    matching = And([Or([form for form, _ in forms]) for forms, _ in words])
    found = (
        IndexEntry.objects.annotate(
            vector=CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
        )
        .filter(
            vector=compiler.build_tsquery(matching, config=config),
            content_type_id__in=list(content_type_ids),
        )
        .annotate(object_pk=Cast("object_id", IntegerField()), score=score)
        .order_by()
        .values_list("content_type_id", "object_pk", "score")
    )
    with transaction.atomic(using=found.db), connections[found.db].cursor() as cursor:
        # Parallel workers cost more to start than this bounded scan takes, and take
        # cores from the requests running beside it.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        found, more = _at_most(found, RANKED_MATCHES)
    return [(content_type_id, pk, float(score or 0)) for content_type_id, pk, score in found], more


def _distinct_forms(text_query, config, *, using):
    """For each word of `text_query` (an And of Ors of PlainText, as `full_text_query`
    builds it): ([(a PlainText, how many of the word's forms share its lexeme)], how
    many forms the word has). The stemming configuration gives several forms of a word
    one lexeme ("library" and "libraries" are both 'librari'), and PostgreSQL says which
    in one query."""
    forms = sorted(
        {form.query_string for term in text_query.subqueries for form in term.subqueries}
    )
    # Quoted as Wagtail quotes a PlainText's word for to_tsquery (see its Lexeme).
    quoted = ["'" + form.replace("'", "''").replace("\\", "\\\\") + "'" for form in forms]
    to_tsquery = "to_tsquery(%s::regconfig, quoted)" if config else "to_tsquery(quoted)"
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT {to_tsquery}::text FROM unnest(%s::text[]) WITH ORDINALITY AS q(quoted, n) "
            "ORDER BY n",
            [config, quoted] if config else [quoted],
        )
        lexeme_of = dict(zip(forms, (row[0] for row in cursor.fetchall()), strict=True))
    words = []
    for term in text_query.subqueries:
        counts = Counter(lexeme_of[form.query_string] for form in term.subqueries)
        first = {}
        for form in term.subqueries:
            first.setdefault(lexeme_of[form.query_string], form)
        words.append(
            ([(first[lexeme], count) for lexeme, count in counts.items()], len(term.subqueries))
        )
    return words


def _rank(compiler, vector, words, config):
    """Wagtail's rank of `vector` (`build_tsrank`: one plus each word's rank, multiplied,
    less one; a word's rank the mean of its forms' ranks) for `words` from
    `_distinct_forms`, with one ts_rank per lexeme rather than per form: forms with one
    lexeme rank alike, so that rank counts as many times as the word has such forms
    ("library opening hours" has seven forms and three lexemes)."""
    product = None
    for forms, form_count in words:
        total = None
        for form, count in forms:
            rank = compiler.build_tsrank(vector, form, config=config)
            rank = rank * count if count > 1 else rank
            total = rank if total is None else total + rank
        factor = 1 + total / form_count
        product = factor if product is None else product * factor
    return product - 1


def _postgres_page_scores(shown, text_query):
    """{page pk: score} and the rows (PAGE_HIT_FIELDS) of the best-ranked `shown`
    pages matching `text_query`, and whether more match, on PostgreSQL: Wagtail's own ranking (the same
    tsquery, the same score, the same order), worked out for a bounded number of
    matches.

    Wagtail's search ranks every match before keeping the best: for a word on nearly
    every page, a rank over each page's whole body, seconds at 100,000 pages. Here the
    page index entries matching `(title || body) @@ query` (what the
    `search_indexentry_title_body_gin` index is built on) are taken as the index finds
    them, up to RANKED_MATCHES of them, ranked as they are read; the shown ones among
    them are then sorted. A search matching fewer entries than that gets exactly the
    results and order it got before; one matching more gets the best of the first
    RANKED_MATCHES found, not of all: pages with every word still, among more than
    anyone reads.
    """
    found, more = _postgres_matches(shown, text_query, _page_content_type_ids())
    scores = {page_id: score for _, page_id, score in found}
    # Which of them are shown: looked up by key, a page at a time, rather than joined
    # in the scan above, which PostgreSQL would do by reading every shown page first
    # when it expects many matches. Pages in other languages are not results (a
    # translation is not a second result).
    rows = shown.filter(pk_among(scores)).filter(active_language_q()).order_by()
    rows = {row["pk"]: row for row in rows.values(*PAGE_HIT_FIELDS)}
    ranked = _best_first({pk: scores[pk] for pk in rows})
    best = ranked[:MAX_CANDIDATES]
    more = more or len(ranked) > MAX_CANDIDATES
    return {pk: scores[pk] for pk in best}, [rows[pk] for pk in best], more


def _page_content_type_ids():
    """The content types of the searchable page types and their subclasses."""
    types = tuple(t.model for t in PAGE_TYPES)
    return [
        ct.pk
        for ct in ContentType.objects.get_for_models(
            *(model for model in apps.get_models() if issubclass(model, types))
        ).values()
    ]


def suggest_titles(prefix, *, limit):
    """Titles starting with (or containing a word starting with) what has been typed."""
    models = tuple(t.model for t in PAGE_TYPES)
    titles = (
        Page.objects.live().public().type(*models).order_by("title").values_list("title", flat=True)
    )
    found = list(titles.filter(title__istartswith=prefix)[: limit * 2])
    found += list(titles.filter(title__icontains=f" {prefix}")[: limit * 2])
    return list(dict.fromkeys(found))[:limit]
