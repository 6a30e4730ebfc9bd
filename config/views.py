"""Serving uploaded images in development (a web server does it in production)."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

from config.storage import MediaStorage


def serve_public_media(request, path):
    """Files under MEDIA_ROOT, except documents: a document left there from before
    documents moved to PRIVATE_MEDIA_ROOT still goes only through the document view."""
    if MediaStorage.is_private(path):
        raise Http404("Documents are served at /documents/.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
