"""The public read API (Wagtail API v2) that partners' own sites use to list the
partnership's consultations, decisions and indicators. Wagtail's viewsets only return
live, public pages."""

from django.db.models import Prefetch
from django.utils import timezone
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from consultation_blocks.models import (
    ConsultationPage,
    ConsultationStatus,
    Decision,
    EngagementActivity,
    Indicator,
)

API_PREFIX = "api/v2/"
# Far beyond any listing this site will have, and far below the 64-bit OFFSET
# PostgreSQL accepts: a larger offset is a mistake or a probe, and gets a 400.
MAX_OFFSET = 1_000_000


class BoundedPagination(WagtailPagination):
    """Wagtail's offset and limit, with the offset bounded so the database never sees
    a number it cannot hold."""

    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # Wagtail's own check below words the error
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class ConsultationStatusFilter(BaseFilterBackend):
    """`?status=open` (or upcoming, closed, outcome): a consultation's status follows
    from its dates, so it is filtered by the same rule the site uses, not by a column."""

    def filter_queryset(self, request, queryset, view):
        status = request.GET.get("status")
        if status is None:
            return queryset
        if not issubclass(queryset.model, ConsultationPage):
            raise BadRequestError(
                "status filters consultations: add type=consultation_blocks.ConsultationPage"
            )
        if status not in ConsultationStatus.values:
            raise BadRequestError(f"status must be one of: {', '.join(ConsultationStatus.values)}")
        return queryset.filter(ConsultationStatus(status).q(timezone.now()))


class PublicPagesAPIViewSet(PagesAPIViewSet):
    pagination_class = BoundedPagination
    # Before Wagtail's search filter, which must stay last: search results cannot be
    # filtered further.
    filter_backends = [
        *PagesAPIViewSet.filter_backends[:-1],
        ConsultationStatusFilter,
        PagesAPIViewSet.filter_backends[-1],
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["status"])


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    pagination_class = BoundedPagination


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents in collections without a view restriction."""

    pagination_class = BoundedPagination

    def get_queryset(self):
        from wagtail.models import CollectionViewRestriction

        restricted = CollectionViewRestriction.objects.values_list("collection_id", flat=True)
        return super().get_queryset().exclude(collection_id__in=restricted)


class PublishedActivitiesAPIViewSet(BaseAPIViewSet):
    """The partnership's forward plan of engagement activities: only those shown to
    residents, read-only like every endpoint here."""

    model = EngagementActivity
    pagination_class = BoundedPagination
    # ?stage=open, ?method=survey, ?order=starts_on and ?search=carers, as for pages.
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "title",
        "method",
        "stage",
        "starts_on",
        "ends_on",
        "lead_partner_name",
    ]

    def get_queryset(self):
        return EngagementActivity.objects.published().for_listing().order_by("starts_on", "pk")


class DecisionsAPIViewSet(BaseAPIViewSet):
    """Decision records, read-only; only live consultations are named."""

    pagination_class = BoundedPagination
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]
    name = "decisions"
    body_fields = [*BaseAPIViewSet.body_fields, "reference", "title"]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "reference",
        "title",
        "partner_name",
        "kind",
        "status",
        "due_on",
        "decided_on",
    ]

    model = Decision

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(live=True)
            .select_related("partner")
            .prefetch_related(
                "wards",
                Prefetch("consultations", queryset=ConsultationPage.objects.live().public()),
            )
        )


class IndicatorsAPIViewSet(BaseAPIViewSet):
    """Indicators with their yearly values, read-only."""

    pagination_class = BoundedPagination
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]
    name = "indicators"
    body_fields = [*BaseAPIViewSet.body_fields, "code", "title"]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "code",
        "title",
        "unit",
        "direction",
        "yearly_values",
    ]

    model = Indicator

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(live=True)
            .select_related("partner")
            .prefetch_related("values")
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("activities", PublishedActivitiesAPIViewSet)
api_router.register_endpoint("decisions", DecisionsAPIViewSet)
api_router.register_endpoint("indicators", IndicatorsAPIViewSet)
