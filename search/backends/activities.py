"""Engagement activities in the database search: published ones only, with the same
partner, topic and area filters and facets as pages.

Activities are not pages, so they have their own candidates, filters and facet counts;
the database backend adds these to its page and document results.
"""

from collections import Counter

from consultation_blocks.models import (
    Area,
    EngagementActivity,
    belongs_to_partners_q,
    partner_slugs,
)

from ..catalogue import ACTIVITY_TYPE_KEY
from .base import Hit
from .ids import pk_among


def activity_candidates(scores):
    """Hits for the published activities among `scores` ({pk: score})."""
    if not scores:
        return []
    return [
        Hit(
            kind=ACTIVITY_TYPE_KEY,
            pk=row["pk"],
            score=scores[row["pk"]],
            title=row["title"],
            year=row["starts_on"].year,
        )
        for row in EngagementActivity.objects.published()
        .filter(pk_among(scores))
        .values("pk", "title", "starts_on")
    ]


def activities_matching_related(ids, related_filters):
    """The (kind, pk) pairs among activity ``ids`` that pass the partner, topic and
    area filters."""
    activities = EngagementActivity.objects.filter(pk_among(ids))
    if "partner" in related_filters:
        slugs = related_filters["partner"]
        activities = activities.filter(belongs_to_partners_q(EngagementActivity, slugs))
    if "tag" in related_filters:
        activities = activities.filter(tagged_items__tag__slug__in=related_filters["tag"])
    if "area" in related_filters:
        activities = activities.in_area(Area.objects.filter(slug__in=related_filters["area"]))
    return {(ACTIVITY_TYPE_KEY, pk) for pk in activities.values_list("pk", flat=True).distinct()}


def activity_facets(ids):
    """Counts per partner, topic and area slug among activity ``ids``: three queries."""
    activities = EngagementActivity.objects.filter(pk_among(ids)).order_by()
    partner_pairs = set(activities.values_list("pk", "lead_partner__slug"))
    partner_pairs |= set(
        activities.filter(partners__isnull=False).values_list("pk", "partners__slug")
    )
    tag_pairs = set(activities.values_list("pk", "tagged_items__tag__slug"))
    area_pairs = set(activities.values_list("pk", "areas__slug"))
    return {
        "partner": Counter(slug for _, slug in partner_pairs if slug),
        "tag": Counter(slug for _, slug in tag_pairs if slug),
        "area": Counter(slug for _, slug in area_pairs if slug),
    }


# Elasticsearch ---------------------------------------------------------------------


def activity_document(activity):
    """The Elasticsearch document for a published activity (the same fields as pages)."""
    partners = partner_slugs(activity)
    body = " ".join(
        filter(
            None,
            [
                activity.get_method_display(),
                activity.service,
                ", ".join(activity.audience_labels),
                activity.audience_note,
                activity.feedback_method,
                activity.contact_role,
                activity.what_we_heard,
            ],
        )
    )
    return {
        "kind": ACTIVITY_TYPE_KEY,
        "object_id": activity.pk,
        "title": activity.title,
        "summary": activity.description,
        "body": body,
        "url": "",
        "status": None,
        "status_boost": 1.0,
        "partners": sorted(partners),
        "tags": [tag.slug for tag in activity.tags.all()],
        "areas": [area.slug for area in activity.areas.all()],
        "year": activity.starts_on.year,
        "published_at": activity.updated_at.isoformat(),
        "suggest": {"input": [activity.title]},
    }


def activity_document_id(activity_id):
    return f"{ACTIVITY_TYPE_KEY}-{activity_id}"


def published_activities_for_index():
    return (
        EngagementActivity.objects.published()
        .select_related("lead_partner")
        .prefetch_related("partners", "areas", "tags")
        .order_by("pk")
    )
