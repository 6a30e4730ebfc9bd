"""The public read API (Wagtail API v2) that partners' own sites use to list the
partnership's consultations, decisions and indicators. Wagtail's viewsets only return
live, public pages."""

from django.db.models import Prefetch
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from consultation_blocks.models import ConsultationPage, Decision, Indicator

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


class PublicPagesAPIViewSet(PagesAPIViewSet):
    pagination_class = BoundedPagination


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    pagination_class = BoundedPagination


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents in collections without a view restriction."""

    pagination_class = BoundedPagination

    def get_queryset(self):
        from wagtail.models import CollectionViewRestriction

        restricted = CollectionViewRestriction.objects.values_list("collection_id", flat=True)
        return super().get_queryset().exclude(collection_id__in=restricted)


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
api_router.register_endpoint("decisions", DecisionsAPIViewSet)
api_router.register_endpoint("indicators", IndicatorsAPIViewSet)
