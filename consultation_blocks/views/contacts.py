"""Asking to be contacted, without an account: sign up, confirm, stay on the list when
reminded, and leave it in one click.

As with alerts, confirming, staying and leaving each show a page with one button and
act on the POST, so a mail scanner opening every link changes nothing. The leave POST
also serves mail programs' one-click unsubscribe (RFC 8058), which sends no CSRF token:
the signed link is the proof, so that view is exempt.
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from ..forms.contacts import ContactSignUpForm
from ..models import CONTACT_CONSENT_WORDING, UNCONFIRMED_RETENTION_DAYS, Organisation
from ..services import contacts as service
from ..spam import blocked_reason, blocked_response, record_block

FORM_NAME = "contacts"


def _invalid_link(request, error):
    return TemplateResponse(
        request,
        "consultation_blocks/contacts/invalid_link.html",
        {"message": str(error)},
        status=400,
    )


def sign_up(request):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        reason = blocked_reason(request, FORM_NAME)
        if reason is not None:
            record_block(FORM_NAME, reason)
            return blocked_response(
                request, reason, back_url=reverse("consultation_blocks:contact_sign_up")
            )
        form = ContactSignUpForm(request.POST)
        if form.is_valid():
            service.sign_up(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                preferred_method=form.cleaned_data["preferred_method"],
                topics=form.selected_tags(),
                areas=form.selected_areas(),
                groups=form.cleaned_data["groups"],
                base_url=settings.WAGTAILADMIN_BASE_URL,
            )
            # The same page whether or not the address was known.
            return HttpResponseRedirect(reverse("consultation_blocks:contact_check_email"))
    else:
        form = ContactSignUpForm()
    return TemplateResponse(
        request,
        "consultation_blocks/contacts/sign_up.html",
        {"form": form, "consent_wording": CONTACT_CONSENT_WORDING},
        status=400 if form.errors else 200,
    )


def check_email(request):
    return TemplateResponse(
        request,
        "consultation_blocks/contacts/check_email.html",
        {"days": UNCONFIRMED_RETENTION_DAYS},
    )


def confirm(request, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        if request.method == "GET":
            contact = service.contact_from_confirm_link(token)
            template = "consultation_blocks/contacts/confirm.html"
        else:
            contact = service.confirm(link=token)
            template = "consultation_blocks/contacts/confirmed.html"
    except service.InvalidContactLink as error:
        return _invalid_link(request, error)
    return TemplateResponse(request, template, {"contact": contact})


def keep(request, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        if request.method == "GET":
            contact = service.contact_from_keep_link(token)
            template = "consultation_blocks/contacts/keep.html"
        else:
            contact = service.keep(link=token)
            template = "consultation_blocks/contacts/kept.html"
    except service.InvalidContactLink as error:
        return _invalid_link(request, error)
    return TemplateResponse(request, template, {"contact": contact})


@csrf_exempt
def unsubscribe(request, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        if request.method == "POST":
            service.unsubscribe(link=token)
            return TemplateResponse(request, "consultation_blocks/contacts/unsubscribed.html", {})
        entry = service.entry_from_unsubscribe_link(token)
    except service.InvalidContactLink as error:
        return _invalid_link(request, error)
    if entry is None:
        return TemplateResponse(request, "consultation_blocks/contacts/unsubscribed.html", {})
    return TemplateResponse(
        request,
        "consultation_blocks/contacts/unsubscribe.html",
        {"is_organisation": isinstance(entry, Organisation)},
    )
