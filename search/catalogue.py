"""What the site search covers: the one list of searchable content types, and how a
consultation's status weighs in the ranking.

Both backends, the facets, the index rebuild and the tests read this list, so adding a
page type to search means adding it here and nowhere else. Statuses and their labels
are the plugin's own (``ConsultationStatus``).
"""

from dataclasses import dataclass

from django.apps import apps

from consultation_blocks.models import ConsultationStatus


@dataclass(frozen=True)
class SearchableType:
    key: str  # in URLs: ?type=consultation
    label: str  # the facet's label, for many
    singular: str  # the label on one result
    model_path: str  # "app_label.ModelName"; documents are handled apart

    @property
    def model(self):
        return apps.get_model(self.model_path)


# Consultations are the one type with a status and a lead partner.
CONSULTATION_TYPE_KEY = "consultation"
PAGE_TYPES = (
    SearchableType(
        CONSULTATION_TYPE_KEY,
        "Consultations",
        "Consultation",
        "consultation_blocks.ConsultationPage",
    ),
    SearchableType("strategy", "Strategies", "Strategy", "consultation_blocks.StrategyPage"),
    SearchableType("page", "Information pages", "Information", "home.StandardPage"),
    SearchableType(
        "network_body", "Network bodies", "Network body", "consultation_blocks.NetworkBodyPage"
    ),
    SearchableType("meeting", "Meetings", "Meeting", "consultation_blocks.MeetingPage"),
)
DOCUMENT_TYPE_KEY = "document"
DOCUMENT_TYPE_LABEL = "Documents"
# Engagement activities in the forward plan (published ones); not pages, so apart.
ACTIVITY_TYPE_KEY = "activity"
ACTIVITY_TYPE_LABEL = "Planned engagement"
# Decisions and indicators (live ones), the partnership's records; not pages either.
DECISION_TYPE_KEY = "decision"
INDICATOR_TYPE_KEY = "indicator"

TYPE_LABELS = (
    {t.key: t.label for t in PAGE_TYPES}
    | {DOCUMENT_TYPE_KEY: DOCUMENT_TYPE_LABEL}
    | {ACTIVITY_TYPE_KEY: ACTIVITY_TYPE_LABEL}
    | {DECISION_TYPE_KEY: "Decisions", INDICATOR_TYPE_KEY: "Indicators"}
)
SINGULAR_LABELS = (
    {t.key: t.singular for t in PAGE_TYPES}
    | {DOCUMENT_TYPE_KEY: "Document"}
    | {ACTIVITY_TYPE_KEY: "Engagement activity"}
    | {DECISION_TYPE_KEY: "Decision", INDICATOR_TYPE_KEY: "Indicator"}
)
STATUS_LABELS = dict(ConsultationStatus.choices)
STATUS_COLOURS = {status.value: status.tag_colour for status in ConsultationStatus}

# Open consultations rank above finished ones of about the same relevance: full-text
# scores differ slightly with document length, so a tie-break alone would rarely apply.
# Both backends multiply a hit's score by this (the database one as it sorts, the
# Elasticsearch one from the value stored with each indexed item).
STATUS_BOOST = {
    ConsultationStatus.OPEN: 1.1,
    ConsultationStatus.UPCOMING: 1.0,
    ConsultationStatus.CLOSED: 0.95,
    ConsultationStatus.OUTCOME: 0.9,
}


def status_boost(status):
    """The factor for an item with `status`; 1.0 for anything that has none."""
    return STATUS_BOOST.get(status, 1.0)


def page_type_for_model(model):
    for searchable in PAGE_TYPES:
        if searchable.model is model:
            return searchable
    return None


def page_type(key):
    """The searchable page type with `key` (a KeyError for any other)."""
    for searchable in PAGE_TYPES:
        if searchable.key == key:
            return searchable
    raise KeyError(key)
