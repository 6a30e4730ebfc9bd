"""The public read API (Wagtail API v2) that partners' own sites use to list the
partnership's consultations. Wagtail's viewsets only return live, public pages."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents in collections without a view restriction."""

    def get_queryset(self):
        from wagtail.models import CollectionViewRestriction

        restricted = CollectionViewRestriction.objects.values_list("collection_id", flat=True)
        return super().get_queryset().exclude(collection_id__in=restricted)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
