"""Serving uploaded images in development (a web server does it in production), and
the page for a server error, and the page for a form refused as a cross-site request."""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import patch_cache_control
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
    the end of the request and a fresh one is opened by the next (CONN_HEALTH_CHECKS).

    A form's own view gives its form back when it cannot store what was sent (see
    views/surveys.py). When the database went before that view was reached (finding
    the page itself failed), the form cannot be drawn, so the page carries what was
    sent as it came, with a button that sends it to the same address again: nothing
    typed is lost, and a survey's submission key still stores it only once."""
    if not isinstance(sys.exception(), DATABASE_UNAVAILABLE):
        return defaults.server_error(request)
    context = {"resend": _what_was_sent(request)}
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    if context["resend"]:
        # It holds what a resident typed: no shared cache may keep it.
        patch_cache_control(response, private=True, no_store=True)
    return response


def _what_was_sent(request):
    """The posted fields as (name, value) pairs and the address they went to, or None
    for anything but a form post that can be read back. Files cannot be sent again
    this way; the page says so."""
    if request.method != "POST":
        return None
    try:
        fields = [(name, value) for name, values in request.POST.lists() for value in values]
        had_files = bool(request.FILES)
    except (RequestDataTooBig, TooManyFieldsSent, ValueError, OSError):
        return None
    if not fields:
        return None
    # One leading slash: "//host/…" would send the answers to another site.
    action = "/" + request.get_full_path().lstrip("/")
    return {"action": action, "fields": fields, "had_files": had_files}


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
