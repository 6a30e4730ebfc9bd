"""What the site search covers: the one list of searchable content types.

Both backends, the facets, the index rebuild and the tests read this list, so adding a
page type to search means adding it here and nowhere else.
"""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class SearchableType:
    key: str  # in URLs: ?type=consultation
    label: str  # the facet's label, for many
    singular: str  # the label on one result
    model_path: str  # "app_label.ModelName"; documents are handled apart

    @property
    def model(self):
        return apps.get_model(self.model_path)


PAGE_TYPES = (
    SearchableType(
        "consultation", "Consultations", "Consultation", "consultation_blocks.ConsultationPage"
    ),
    SearchableType("strategy", "Strategies", "Strategy", "consultation_blocks.StrategyPage"),
    SearchableType("page", "Information pages", "Information", "home.StandardPage"),
)
DOCUMENT_TYPE_KEY = "document"
DOCUMENT_TYPE_LABEL = "Documents"
# Engagement activities in the forward plan (published ones); not pages, so apart.
ACTIVITY_TYPE_KEY = "activity"
ACTIVITY_TYPE_LABEL = "Planned engagement"

TYPE_LABELS = (
    {t.key: t.label for t in PAGE_TYPES}
    | {DOCUMENT_TYPE_KEY: DOCUMENT_TYPE_LABEL}
    | {ACTIVITY_TYPE_KEY: ACTIVITY_TYPE_LABEL}
)
SINGULAR_LABELS = (
    {t.key: t.singular for t in PAGE_TYPES}
    | {DOCUMENT_TYPE_KEY: "Document"}
    | {ACTIVITY_TYPE_KEY: "Engagement activity"}
)
STATUS_LABELS = {
    "open": "Open",
    "upcoming": "Upcoming",
    "closed": "Closed – under review",
    "outcome": "Outcome published",
}


def page_type_for_model(model):
    for searchable in PAGE_TYPES:
        if searchable.model is model:
            return searchable
    return None
