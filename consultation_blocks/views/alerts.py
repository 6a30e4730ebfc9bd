"""Email alerts for residents, without an account: subscribe, confirm, unsubscribe.

Confirming and unsubscribing each show a page with one button and act on the POST, so
a mail scanner that opens every link in an email can neither confirm an address
someone else typed in nor unsubscribe anyone. The unsubscribe POST also serves mail
programs' one-click unsubscribe (RFC 8058), which sends no CSRF token: the signed
link itself is the proof, so that view is exempt.
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from ..forms.alerts import AlertSubscribeForm
from ..models import CONSENT_WORDING, UNCONFIRMED_RETENTION_DAYS
from ..services import alerts as service
from ..spam import blocked_reason, blocked_response, record_block

FORM_NAME = "alerts"


def _invalid_link(request, error):
    return TemplateResponse(
        request,
        "consultation_blocks/alerts/invalid_link.html",
        {"message": str(error)},
        status=400,
    )


def subscribe(request):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        reason = blocked_reason(request, FORM_NAME)
        if reason is not None:
            record_block(FORM_NAME, reason)
            return blocked_response(
                request, reason, back_url=reverse("consultation_blocks:subscribe")
            )
        form = AlertSubscribeForm(request.POST)
        if form.is_valid():
            service.subscribe(
                email=form.cleaned_data["email"],
                frequency=form.cleaned_data["frequency"],
                kinds=form.cleaned_data["kinds"],
                topic=form.cleaned_data["topic"],
                area=form.cleaned_data["area"],
                partner=form.cleaned_data["partner"],
                base_url=settings.WAGTAILADMIN_BASE_URL,
            )
            # The same page whether or not the address was known, so the form never
            # tells anyone who subscribes.
            return HttpResponseRedirect(reverse("consultation_blocks:check_email"))
    else:
        # Links such as "alerts for this area" pre-fill the filters; other values are
        # dropped rather than shown as errors.
        initial = {
            name: request.GET[name]
            for name in ("topic", "area", "partner")
            if request.GET.get(name)
        }
        form = AlertSubscribeForm(initial=initial)
        for name, value in list(initial.items()):
            if value not in dict(form.fields[name].choices):
                form.initial.pop(name)
    return TemplateResponse(
        request,
        "consultation_blocks/alerts/subscribe.html",
        {"form": form, "consent_wording": CONSENT_WORDING},
        status=400 if form.errors else 200,
    )


def check_email(request):
    return TemplateResponse(
        request,
        "consultation_blocks/alerts/check_email.html",
        {"days": UNCONFIRMED_RETENTION_DAYS},
    )


def confirm(request, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        if request.method == "GET":
            subscription = service.subscription_from_confirm_link(token)
            template = "consultation_blocks/alerts/confirm.html"
        else:
            subscription = service.confirm_subscription(link=token)
            template = "consultation_blocks/alerts/confirmed.html"
    except service.InvalidAlertLink as error:
        return _invalid_link(request, error)
    return TemplateResponse(request, template, {"subscription": subscription})


@csrf_exempt
def unsubscribe(request, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        if request.method == "POST":
            service.unsubscribe(link=token)
            return TemplateResponse(request, "consultation_blocks/alerts/unsubscribed.html", {})
        subscription = service.subscription_from_unsubscribe_link(token)
    except service.InvalidAlertLink as error:
        return _invalid_link(request, error)
    if subscription is None:
        return TemplateResponse(request, "consultation_blocks/alerts/unsubscribed.html", {})
    return TemplateResponse(
        request, "consultation_blocks/alerts/unsubscribe.html", {"subscription": subscription}
    )
