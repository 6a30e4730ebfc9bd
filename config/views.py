"""Serving uploaded images in development (a web server does it in production), and
the page for a server error, and the page for a form refused as a cross-site request."""

import sys

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.static import serve

from config.middleware import REASON_CROSS_SITE
from config.storage import MediaStorage
from consultation_blocks.views.surveys import DATABASE_UNAVAILABLE


def serve_public_media(request, path):
    """Files under MEDIA_ROOT, except documents: a document left there from before
    documents moved to PRIVATE_MEDIA_ROOT still goes only through the document view."""
    if MediaStorage.is_private(path):
        raise Http404("Documents are served at /documents/.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def server_error(request):
    """Django's 500 page, except when the database could not be reached (a restart, a
    failover): that passes by itself, so the visitor gets 503 with Retry-After. The page
    is rendered without the request's context, whose processors would query the
    database again. Django has already logged the error; the connection is closed at
    the end of the request and a fresh one is opened by the next (CONN_HEALTH_CHECKS)."""
    if not isinstance(sys.exception(), DATABASE_UNAVAILABLE):
        return defaults.server_error(request)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    return response


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
