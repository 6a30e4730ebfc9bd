"""Site search on Wagtail's database backend: SQLite FTS5 or PostgreSQL full text.

The full-text index finds and scores candidates; filters and facet counts are then
ordinary database queries over those candidates, a fixed number of them whatever the
number of matches.
"""

from collections import Counter, defaultdict
from contextlib import contextmanager

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connection, connections, transaction
from django.db.models import CharField, F, IntegerField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, ExtractYear
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
# On PostgreSQL, how many of the pages a search matches are ranked, and as many of
# the other records (see `_postgres_matches`); ranking all of a common word's matches
# took over a second at 100,000 pages. A word on more pages than this (at 100,000
# generated pages, any word of the benchmark's vocabulary) gets the best of the first
# this many found.
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
        shown = _shown_pages()
        with _without_parallel_workers(shown.db):
            scores, more_records = _scores(text_query, {Page: shown, **searched})
            page_candidates, more_pages = self._page_candidates(scores[Page], shown)
            candidates = (
                page_candidates
                + self._document_candidates(scores, searched)
                + activity_candidates(scores[EngagementActivity])
                + [
                    hit
                    for record in RECORD_SEARCHES
                    for hit in record.candidates(scores[record.model])
                ]
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

    def _page_candidates(self, scores, shown):
        """The hits for the best (at most MAX_CANDIDATES) of the `shown` pages among
        those scored `scores` ({pk: score}), and whether more of them are shown.

        Which are shown is looked up by key, rather than joined in the full-text scan,
        which PostgreSQL would do by reading every shown page first when it expects
        many matches. Pages in other languages are not results (a translation is not a
        second result)."""
        rows = shown.filter(pk_among(scores)).filter(active_language_q()).order_by()
        rows = {row[0]: row for row in _page_hit_rows(rows)}
        ranked = _best_first({pk: scores[pk] for pk in rows})
        best = ranked[:MAX_CANDIDATES]
        return _page_hits(scores, [rows[pk] for pk in best]), len(ranked) > MAX_CANDIDATES

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
            pairs = {name: set() for name in ("partner", "tag", "area")}
            for name, pk, slug in _page_facet_rows(searchable.model, ids):
                if slug:
                    pairs[name].add((pk, slug))
            for name, found in pairs.items():
                facets[name].update(slug for _, slug in found)
        if ids_by_kind.get(ACTIVITY_TYPE_KEY):
            for name, counter in activity_facets(ids_by_kind[ACTIVITY_TYPE_KEY]).items():
                facets[name].update(counter)
        for record in RECORD_SEARCHES:
            if ids_by_kind.get(record.key):
                for name, counter in record.facets(ids_by_kind[record.key]).items():
                    facets[name].update(counter)
        return {name: dict(counter) for name, counter in facets.items()}


def _page_facet_rows(model, ids):
    """(facet, page pk, slug) for the partners, topics and areas of the `model` pages
    `ids`, in one query; a page with none of one has a row with no slug."""
    # Unordered: the pages' default order (their tree path) would join and sort the
    # page table for counts that do not need it.
    found = model.objects.filter(pk_among(ids)).order_by()
    parts = [
        found.filter(**{f"{relation}__isnull": False})
        .annotate(facet=Value("partner", output_field=CharField()))
        .values_list("facet", "pk", f"{relation}__slug")
        for relation in partner_relations(model)
    ]
    for name, relation in (("tag", "tagged_items__tag__slug"), ("area", "areas__slug")):
        if _has_field(model, relation.split("__")[0]):
            parts.append(
                found.annotate(facet=Value(name, output_field=CharField())).values_list(
                    "facet", "pk", relation
                )
            )
    if not parts:  # a meeting belongs to no partner, topic or area
        return []
    return _plain_rows(parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0])


# What a page's hit is made from, read for every matched page in one query
# (`_page_hit_rows`), in this order. A hit needs the year only: the database works it
# out, rather than every matched page's date being read and parsed. (In Europe/London
# a year always turns in GMT, so its local year is its UTC year, as the Elasticsearch
# documents have it.)
PAGE_HIT_FIELDS = ("pk", "content_type_id", "title", "published_year")


def _page_hit_rows(pages):
    """(pk, content type id, title, year first published) of `pages`."""
    rows = _plain_rows(
        pages.annotate(published_year=ExtractYear("first_published_at")).values_list(
            *PAGE_HIT_FIELDS
        )
    )
    # The year as an integer: PostgreSQL's EXTRACT gives a decimal.
    return [(pk, type_id, title, year and int(year)) for pk, type_id, title, year in rows]


def _page_hits(scores, rows):
    """Hits for matched page `rows` (from `_page_hit_rows`) scored `scores`. A page's
    type comes from its content type, looked up once per type; consultations, the one
    type with a status, are given theirs (as of now, worked out by the database) and
    their opening date in one more query."""
    keys = _page_type_keys({type_id for _, type_id, _, _ in rows})
    rows = [row for row in rows if row[1] in keys]
    consultations = {}
    consultation_ids = [pk for pk, type_id, _, _ in rows if keys[type_id] == CONSULTATION_TYPE_KEY]
    if consultation_ids:
        model = page_type(CONSULTATION_TYPE_KEY).model
        consultations = {
            row["pk"]: row
            for row in model.objects.filter(pk_among(consultation_ids))
            .annotate(
                current_status=ConsultationStatus.annotation(timezone.now()),
                opens_year=ExtractYear("opens_at"),
            )
            .values("pk", "opens_year", "current_status")
        }
    hits = []
    for pk, type_id, title, year in rows:
        status = None
        consultation = consultations.get(pk)
        if consultation is not None:
            status = consultation["current_status"]
            year = consultation["opens_year"] or year
        hits.append(
            Hit(kind=keys[type_id], pk=pk, score=scores[pk], title=title, status=status, year=year)
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


def _plain_rows(queryset):
    """`queryset`'s rows (a values_list of integers and text) as tuples, read straight
    from the cursor: Django's per-row conversion is for values that need one, and at
    the hundreds of rows a search reads it cost more than the query."""
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # a filter that matches nothing, such as no ids at all
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@contextmanager
def _without_parallel_workers(using):
    """On PostgreSQL, the queries inside run in one transaction that starts no parallel
    workers. A search's queries are bounded, a millisecond or so each: starting workers
    cost several times that (the planner counts on them for a query over a few hundred
    ids), and takes cores from the requests running beside it."""
    if connections[using].vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def _shown_pages():
    """The pages search shows: live, public pages of the searchable types."""
    return Page.objects.live().public().type(*(t.model for t in PAGE_TYPES))


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
    """{model: {pk: score}} of the records matching `text_query` for each model in
    `searched` ({model: queryset}, pages as Page), and whether more match than are
    scored.

    On SQLite, each model's queryset is searched in turn for its best MAX_CANDIDATES.
    On PostgreSQL, one statement scores the matching index entries (see
    `_postgres_matches`), and the records shown are picked from those afterwards: by
    `searched` for records, by `DatabaseSearchBackend._page_candidates` for pages,
    whose Page scores are therefore all those found, not the best MAX_CANDIDATES."""
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
    records = [model for model in searched if model is not Page]
    model_of = {
        content_type.pk: model
        for model, content_type in ContentType.objects.get_for_models(*records).items()
    }
    (pages, more_pages), (found, more) = _postgres_matches(
        text_query, [_page_content_type_ids(), list(model_of)]
    )
    scores = {model: {} for model in records}
    for content_type_id, pk, score in found:
        scores[model_of[content_type_id]][pk] = score
    more = more or any(len(found) > MAX_CANDIDATES for found in scores.values())
    scores = {
        model: {pk: found[pk] for pk in _best_first(found)[:MAX_CANDIDATES]}
        for model, found in scores.items()
    }
    scores[Page] = {pk: score for _, pk, score in pages}
    return scores, more or more_pages


def _best_first(scores):
    """The keys of `scores` ({pk: score}), best score first; among equal scores, the
    newest (highest pk) first, so that the order never depends on how rows were read."""
    return sorted(scores, key=lambda pk: (-scores[pk], -pk))


def _postgres_matches(text_query, groups):
    """For each of `groups` (lists of content type ids): [(content type id, object
    pk, score)] of up to RANKED_MATCHES index entries of those types matching
    `text_query`, and whether more entries match. One statement reads them all.

    Wagtail's search ranks every match before keeping the best: for a word on nearly
    every page, a rank over each page's whole body, seconds at 100,000 pages. Here the
    index entries matching `(title || body) @@ query` (what the
    `search_indexentry_title_body_gin` index is built on) are taken as the index finds
    them, up to RANKED_MATCHES of each group, and ranked as they are read, with
    Wagtail's score (see `_rank`); the caller sorts those it shows. A search matching
    fewer entries than that gets exactly the results and order Wagtail's would; one
    matching more gets the best of the first RANKED_MATCHES found, not of all: entries
    with every word still, among more than anyone reads.
    """
    from django.contrib.postgres.search import SearchVectorField
    from wagtail.search.models import IndexEntry

    backend = get_search_backend()
    # Wagtail's compiler for pages; its tsquery and rank are the same for any model.
    compiler = backend.query_compiler_class(Page.objects.none(), text_query)
    config = compiler.get_config(backend)
    using = IndexEntry.objects.db
    words = _distinct_forms(text_query, config, using=using)
    # As Wagtail ranks: the title's rank scaled by its length against the average
    # title's, plus the body's.
    score = _rank(compiler, F("title"), words, config) * F("title_norm") + (
        _rank(compiler, F("body"), words, config) * 1.0
    )
    # The same matches as `text_query`'s: a form whose lexeme another form has already
    # matches nothing more.
    matching = And([Or([form for form, _ in forms]) for forms, _ in words])
    entries = (
        IndexEntry.objects.annotate(
            vector=CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
        )
        .filter(vector=compiler.build_tsquery(matching, config=config))
        .annotate(object_pk=Cast("object_id", IntegerField()), score=score)
        .order_by()
        .values_list("content_type_id", "object_pk", "score")
    )
    # Compiled once, read once per group: PostgreSQL folds the group's condition into
    # the scan as if it were written inside.
    sql, entry_params = entries.query.get_compiler(using=using).as_sql()
    statements, params = [], []
    for content_type_ids in groups:
        if not content_type_ids:
            continue
        statements.append(
            f"(SELECT * FROM ({sql}) AS entry WHERE entry.content_type_id = ANY(%s::int[]) "
            "LIMIT %s)"
        )
        params += [*entry_params, list(content_type_ids), RANKED_MATCHES + 1]
    if not statements:
        return [([], False) for _ in groups]
    with connections[using].cursor() as cursor:
        # Read as the database sends them: ids and a float need no conversion.
        cursor.execute(" UNION ALL ".join(statements), params)
        rows = cursor.fetchall()
    group_of = {
        content_type_id: number
        for number, content_type_ids in enumerate(groups)
        for content_type_id in content_type_ids
    }
    found = [[] for _ in groups]
    for content_type_id, pk, score in rows:
        found[group_of[content_type_id]].append((content_type_id, pk, float(score or 0)))
    return [(group[:RANKED_MATCHES], len(group) > RANKED_MATCHES) for group in found]


def _distinct_forms(text_query, config, *, using):
    """For each word of `text_query` (an And of Ors of PlainText, as `full_text_query`
    builds it): ([(a PlainText, how many of the word's forms share its lexeme)], how
    many forms the word has). The stemming configuration gives several forms of a word
    one lexeme ("library" and "libraries" are both 'librari'), and PostgreSQL says which
    (`_lexemes`)."""
    forms = {form.query_string for term in text_query.subqueries for form in term.subqueries}
    lexeme_of = _lexemes(forms, config, using=using)
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


# {(database alias, configuration, word form): its lexeme}. A form's lexeme depends
# only on the database's text search configuration, which does not change under a
# running site; people search for the same words again and again.
_LEXEME_CACHE = {}
LEXEME_CACHE_SIZE = 20_000


def _lexemes(forms, config, *, using):
    """{form: its tsquery lexeme as text} for the word `forms`, asking PostgreSQL only
    for those it has not been asked about before."""
    known, unknown = {}, []
    for form in sorted(forms):
        lexeme = _LEXEME_CACHE.get((using, config, form))
        if lexeme is None:
            unknown.append(form)
        else:
            known[form] = lexeme
    if unknown:
        # Quoted as Wagtail quotes a PlainText's word for to_tsquery (see its Lexeme).
        quoted = ["'" + form.replace("'", "''").replace("\\", "\\\\") + "'" for form in unknown]
        to_tsquery = "to_tsquery(%s::regconfig, quoted)" if config else "to_tsquery(quoted)"
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"SELECT {to_tsquery}::text FROM unnest(%s::text[]) WITH ORDINALITY "
                "AS q(quoted, n) ORDER BY n",
                [config, quoted] if config else [quoted],
            )
            found = [row[0] for row in cursor.fetchall()]
        if len(_LEXEME_CACHE) + len(unknown) > LEXEME_CACHE_SIZE:
            _LEXEME_CACHE.clear()
        for form, lexeme in zip(unknown, found, strict=True):
            known[form] = _LEXEME_CACHE[using, config, form] = lexeme
    return known


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
