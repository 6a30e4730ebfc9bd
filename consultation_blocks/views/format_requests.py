"""Residents ask for a consultation in another format (large print, audio, Easy Read,
British Sign Language, another language). A sub-route of the consultation page, so it
is served in the page's language and never from the page cache."""

from django.conf import settings
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import translation

from ..forms.format_requests import FormatRequestForm
from ..models import FORMAT_REQUEST_CONSENT
from ..services.format_requests import request_format as store_request
from ..spam import guard_submission

FORM_NAME = "format_request"


@guard_submission(FORM_NAME)
def request_format(request, page):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        form = FormatRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            store_request(
                page=page,
                name=data["name"],
                email=data["email"],
                format=data["format"],
                language=data["language"],
                details=data["details"],
                asked_in=translation.get_language() or "",
                base_url=settings.WAGTAILADMIN_BASE_URL,
            )
            return HttpResponseRedirect(page.url + page.reverse_subpage("other_formats_sent"))
    else:
        form = FormatRequestForm()
    return TemplateResponse(
        request,
        "consultation_blocks/format_requests/request.html",
        {"page": page, "form": form, "consent_wording": FORMAT_REQUEST_CONSENT},
        status=400 if form.errors else 200,
    )


def request_sent(request, page):
    return TemplateResponse(
        request, "consultation_blocks/format_requests/sent.html", {"page": page}
    )
