"""A person sees, downloads and erases what the site holds about their email address,
through a link sent to that address (see ``services/subject_access.py``).

Asking always leads to the same page, whether or not the address is known. The link's
page lists what was found; downloads are GETs of the same link, erasing is a POST
from a confirmation page. Every export and erasure is logged without the address.
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ..forms.contacts import MyDataRequestForm
from ..models import SubjectAccessAction
from ..services import subject_access as service
from ..spam import blocked_reason, blocked_response, record_block

FORM_NAME = "my_data"
FORMATS = ("json", "csv")


def _invalid_link(request, error):
    return TemplateResponse(
        request,
        "consultation_blocks/my_data/invalid_link.html",
        {"message": str(error)},
        status=400,
    )


def ask(request):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        reason = blocked_reason(request, FORM_NAME)
        if reason is not None:
            record_block(FORM_NAME, reason)
            return blocked_response(
                request, reason, back_url=reverse("consultation_blocks:my_data_ask")
            )
        form = MyDataRequestForm(request.POST)
        if form.is_valid():
            service.request_access(
                email=form.cleaned_data["email"], base_url=settings.WAGTAILADMIN_BASE_URL
            )
            return HttpResponseRedirect(reverse("consultation_blocks:my_data_check_email"))
    else:
        form = MyDataRequestForm()
    return TemplateResponse(
        request,
        "consultation_blocks/my_data/ask.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def check_email(request):
    return TemplateResponse(
        request,
        "consultation_blocks/my_data/check_email.html",
        {"hours": service.link_lifetime().total_seconds() // 3600},
    )


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def my_data(request, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        access_request = service.request_from_link(token)
    except service.InvalidAccessLink as error:
        return _invalid_link(request, error)
    email = access_request.email
    if request.method == "POST":
        if request.POST.get("confirm") != "erase":
            return TemplateResponse(
                request, "consultation_blocks/my_data/erase.html", {"found": service.find(email)}
            )
        counts = service.erase(email=email)
        return TemplateResponse(
            request, "consultation_blocks/my_data/erased.html", {"erased": sum(counts.values())}
        )
    fmt = request.GET.get("format", "")
    if fmt:
        if fmt not in FORMATS:
            return _invalid_link(request, service.InvalidAccessLink("Choose JSON or CSV."))
        return download(*service.export(email=email, fmt=fmt))
    found = service.find(email)
    service.log(
        user=None, action=SubjectAccessAction.VIEW, email=email, counts=service.summary(found)
    )
    response = TemplateResponse(
        request,
        "consultation_blocks/my_data/show.html",
        {"found": service.for_display(found), "anything": any(records for _, records in found)},
    )
    response["Cache-Control"] = "no-store"
    return response
