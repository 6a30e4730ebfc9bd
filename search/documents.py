"""The Elasticsearch index, defined with elasticsearch-dsl: one document type for every
searchable item across partners (pages of every kind and uploaded documents).

Text is analysed as English (possessives, stop words, stemming); at search time a
synonym filter fed from the editors' SearchSynonym list widens the query, so "GP"
also finds "doctor". Facets are keyword fields; ``suggest`` powers search-as-you-type.
"""

from django.conf import settings
from elasticsearch_dsl import (
    Completion,
    Date,
    Document,
    Float,
    Integer,
    Keyword,
    Text,
    analyzer,
    token_filter,
)

ALIAS_SUFFIX = "items"

english_stop = token_filter("english_stop", type="stop", stopwords="_english_")
english_stemmer = token_filter("english_stemmer", type="stemmer", language="english")
english_possessive = token_filter(
    "english_possessive", type="stemmer", language="possessive_english"
)

english_text = analyzer(
    "english_text",
    tokenizer="standard",
    filter=[english_possessive, "lowercase", english_stop, english_stemmer],
)


def synonym_lines():
    """Synonym rules in Solr format, one per editor-defined group."""
    from .models import SearchSynonym

    return [
        ", ".join(synonym.term_list)
        for synonym in SearchSynonym.objects.all()
        if len(synonym.term_list) > 1
    ]


def search_analyzer(synonyms):
    """The query-time analyser: the index analyser plus the synonyms list."""
    synonym_filter = token_filter(
        "partnership_synonyms", type="synonym_graph", synonyms=synonyms or ["gp, doctor"]
    )
    return analyzer(
        "english_search",
        tokenizer="standard",
        filter=[english_possessive, "lowercase", synonym_filter, english_stop, english_stemmer],
    )


def alias_name():
    return f"{getattr(settings, 'ELASTICSEARCH_INDEX_PREFIX', 'engage')}-{ALIAS_SUFFIX}"


class SearchItem(Document):
    """One searchable thing. ``kind`` is a catalogue key; ids are "<kind>-<pk>"."""

    kind = Keyword()
    object_id = Integer()
    title = Text(analyzer=english_text, fields={"raw": Keyword()})
    summary = Text(analyzer=english_text)
    body = Text(analyzer=english_text)
    url = Keyword(index=False)
    status = Keyword()
    status_boost = Float()
    partners = Keyword(multi=True)
    tags = Keyword(multi=True)
    areas = Keyword(multi=True)
    year = Integer()
    published_at = Date()
    suggest = Completion(analyzer="simple")

    class Index:
        name = alias_name()
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def index_definition(index_name, synonyms):
    """The whole index body (settings and mapping) for a new concrete index, with the
    synonyms as they are now."""
    from elasticsearch_dsl import Index

    index = Index(index_name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.analyzer(english_text)
    index.analyzer(search_analyzer(synonyms))
    index.document(SearchItem)
    body = index.to_dict()
    # Text fields search with the synonyms analyser; they are indexed without it.
    for field in ("title", "summary", "body"):
        body["mappings"]["properties"][field]["search_analyzer"] = "english_search"
    return body
