"""A search request, read from the query string and made safe.

Anything odd (very long text, control characters, unknown filter values, a page number
that is not a number) is dropped or clamped here, so the backends only ever see clean
values and a visitor never sees an error page for a strange URL.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from .catalogue import STATUS_LABELS, TYPE_LABELS

MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FILTER = 10
MAX_PAGE = 1000
SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
WORD = re.compile(r"[\w'’-]+", re.UNICODE)
FILTER_NAMES = ("type", "status", "partner", "tag", "area", "year")
# Words too common to help; dropped from the terms each result must contain.
STOP_WORDS = frozenset(
    "a an and are as at be by for from how in is it of on or our the to was we what when "
    "where which who why will with you your".split()
)


@dataclass
class SearchQuery:
    text: str = ""
    filters: dict = field(default_factory=dict)  # name -> list of clean values
    page: int = 1

    @property
    def terms(self):
        """The words to match, lower case, without stop words (unless that leaves none)."""
        words = [w.strip("'’-").lower() for w in WORD.findall(self.text)]
        words = [w for w in words if w]
        meaningful = [w for w in words if w not in STOP_WORDS]
        return (meaningful or words)[:12]

    @property
    def is_empty(self):
        return not self.terms

    def values(self, name):
        return self.filters.get(name, [])

    def url_with(self, name=None, value=None, *, remove=False, page=None):
        """The query string after adding or removing one filter value; filters change
        which results exist, so the page number resets."""
        params = [("q", self.text)] if self.text else []
        for filter_name in FILTER_NAMES:
            values = list(self.values(filter_name))
            if filter_name == name:
                if remove:
                    values = [v for v in values if v != str(value)]
                elif str(value) not in values:
                    values.append(str(value))
            params += [(filter_name, v) for v in values]
        if page and page > 1:
            params.append(("page", page))
        return "?" + urlencode(params)

    @property
    def active_filters(self):
        return [(name, value) for name in FILTER_NAMES for value in self.values(name)]


def _clean_text(raw):
    text = CONTROL.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _clean_values(name, raw_values):
    clean = []
    for raw in raw_values[: MAX_VALUES_PER_FILTER * 3]:
        value = (raw or "").strip().lower()
        if name == "type" and value in TYPE_LABELS:
            clean.append(value)
        elif name == "status" and value in STATUS_LABELS:
            clean.append(value)
        elif name == "year" and value.isdigit() and 1990 <= int(value) <= 2100:
            clean.append(value)
        elif name in ("partner", "tag", "area") and SLUG.match(value):
            clean.append(value)
    return list(dict.fromkeys(clean))[:MAX_VALUES_PER_FILTER]


def parse(query_dict):
    """A SearchQuery from request.GET (or any mapping with getlist)."""
    filters = {}
    for name in FILTER_NAMES:
        values = _clean_values(name, query_dict.getlist(name))
        if values:
            filters[name] = values
    page_text = (query_dict.get("page") or "1").strip()
    page = int(page_text) if page_text.isdigit() and len(page_text) < 6 else 1
    return SearchQuery(
        text=_clean_text(query_dict.get("q", "")),
        filters=filters,
        page=min(max(page, 1), MAX_PAGE),
    )
