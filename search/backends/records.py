"""Decisions and indicators in the site search: published (live) ones only, with the
same partner and area filters and facets as pages.

They are the partnership's records rather than pages, as engagement activities are
(``activities.py``), so each has its own candidates, filters, facet counts and
Elasticsearch document; the backends add these to their page results. What differs
between the two is said once, in ``RecordSearch``: its model, its catalogue key, the
year it belongs to and what its document holds. Both belong to one partner
(``belongs_to_partners_q``); a decision is about the wards it affects, or all of them;
neither has topics, so a topic filter leaves them out.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from consultation_blocks.models import (
    Area,
    Decision,
    Indicator,
    belongs_to_partners_q,
    partner_slugs,
)

from ..catalogue import DECISION_TYPE_KEY, INDICATOR_TYPE_KEY
from .base import Hit
from .ids import pk_among


def _decision_year(decision):
    day = decision.get("decided_on") or decision.get("due_on")
    return day.year if day else None


def _indicator_year(indicator):
    return indicator.get("target_year")


def _decision_body(decision):
    return " ".join(
        filter(
            None,
            [
                decision.reference,
                decision.decision_maker,
                decision.get_kind_display(),
                decision.get_status_display(),
                decision.outcome,
                ", ".join(decision.ward_names),
            ],
        )
    )


def _indicator_body(indicator):
    return " ".join(
        filter(
            None,
            [
                indicator.code,
                indicator.get_unit_display(),
                indicator.get_direction_display(),
                *(value["source"] for value in indicator.yearly_values),
            ],
        )
    )


@dataclass(frozen=True)
class RecordSearch:
    key: str
    model: type
    fields: tuple  # the columns a hit needs
    year_of: object  # from those columns
    summary_field: str
    body_of: object  # from a loaded record
    area_relation: str = ""  # the many-to-many to Area, if the record is about places
    everywhere_field: str = ""  # a flag meaning "about every area"
    prefetch: tuple = ()

    def live(self):
        return self.model.objects.filter(live=True)

    # The database backend ----------------------------------------------------------

    def candidates(self, scores):
        """Hits for the live records among `scores` ({pk: score})."""
        if not scores:
            return []
        return [
            Hit(
                kind=self.key,
                pk=row["pk"],
                score=scores[row["pk"]],
                title=row["title"],
                year=self.year_of(row),
            )
            for row in self.live().filter(pk_among(scores)).values("pk", "title", *self.fields)
        ]

    def matching_related(self, ids, related_filters):
        """The (kind, pk) pairs among ``ids`` that pass the partner, topic and area
        filters."""
        if "tag" in related_filters:
            return set()  # records have no topics
        records = self.model.objects.filter(pk_among(ids))
        if "partner" in related_filters:
            records = records.filter(belongs_to_partners_q(self.model, related_filters["partner"]))
        if "area" in related_filters:
            if not self.area_relation:
                return set()
            about = Q(
                **{f"{self.area_relation}__in": Area.objects.covering(related_filters["area"])}
            )
            if self.everywhere_field:
                about |= Q(**{self.everywhere_field: True})
            records = records.filter(about)
        return {(self.key, pk) for pk in records.values_list("pk", flat=True).distinct()}

    def facets(self, ids):
        """Counts per partner and area slug among ``ids``: two queries at most."""
        records = self.model.objects.filter(pk_among(ids)).order_by()
        partners = Counter(slug for slug in records.values_list("partner__slug", flat=True) if slug)
        areas = Counter()
        if self.area_relation:
            pairs = set(records.values_list("pk", f"{self.area_relation}__slug"))
            areas = Counter(slug for _, slug in pairs if slug)
        return {"partner": partners, "area": areas}

    # Elasticsearch -----------------------------------------------------------------

    def for_index(self):
        records = self.live().select_related("partner").order_by("pk")
        return records.prefetch_related(*self.prefetch) if self.prefetch else records

    def document_id(self, pk):
        return f"{self.key}-{pk}"

    def document(self, record):
        """The Elasticsearch document for a live record (the same fields as pages)."""
        areas = []
        if self.area_relation:
            areas = [area.slug for area in getattr(record, self.area_relation).all()]
        published = record.last_published_at or record.first_published_at or timezone.now()
        row = {name: getattr(record, name) for name in self.fields}
        return {
            "kind": self.key,
            "object_id": record.pk,
            "title": record.title,
            "summary": getattr(record, self.summary_field),
            "body": self.body_of(record),
            "url": "",
            "status": None,
            "status_boost": 1.0,
            "partners": partner_slugs(record),
            "tags": [],
            "areas": areas,
            "year": self.year_of(row),
            "published_at": published.isoformat(),
            "suggest": {"input": [record.title]},
        }


DECISIONS = RecordSearch(
    key=DECISION_TYPE_KEY,
    model=Decision,
    fields=("due_on", "decided_on"),
    year_of=_decision_year,
    summary_field="purpose",
    body_of=_decision_body,
    area_relation="wards",
    everywhere_field="all_wards",
    prefetch=("wards",),
)
INDICATORS = RecordSearch(
    key=INDICATOR_TYPE_KEY,
    model=Indicator,
    fields=("target_year",),
    year_of=_indicator_year,
    summary_field="description",
    body_of=_indicator_body,
    prefetch=("values",),
)
RECORD_SEARCHES = (DECISIONS, INDICATORS)
RECORDS_BY_KEY = {record.key: record for record in RECORD_SEARCHES}
RECORDS_BY_MODEL = {record.model: record for record in RECORD_SEARCHES}
