"""Serving uploaded images in development (a web server does it in production), and
the page for a form refused as a cross-site request."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.static import serve

from config.middleware import REASON_CROSS_SITE
from config.storage import MediaStorage


def serve_public_media(request, path):
    """Files under MEDIA_ROOT, except documents: a document left there from before
    documents moved to PRIVATE_MEDIA_ROOT still goes only through the document view."""
    if MediaStorage.is_private(path):
        raise Http404("Documents are served at /documents/.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)


CROSS_SITE = (
    "This form was sent from another website, so we did not accept it: sites must "
    "not send forms for you. If you filled it in here, go back to the page, reload it "
    "and send it again."
)
EXPIRED = (
    "This form could not be checked, perhaps because it was open for a long time or "
    "you signed in or out meanwhile. Go back to the page, reload it and send it again."
)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a page in the site's own frame, saying what to do."""
    message = CROSS_SITE if reason == REASON_CROSS_SITE else EXPIRED
    return render(request, "request_refused.html", {"message": message}, status=403)
