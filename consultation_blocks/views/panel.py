"""Joining the citizens' panel without an account: join, confirm, the member's own page
(change the profile, leave), a fresh link to that page, staying on when reminded, and
leaving in one click.

As with contacts and alerts, confirming, staying and leaving each show a page with one
button and act on the POST, so a mail scanner opening every link changes nothing. The
leave POST also serves mail programs' one-click unsubscribe (RFC 8058), which sends no
CSRF token: the signed link is the proof, so that view is exempt. Joining and asking
for a link lead to the same page whether or not the address is on the panel.
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from ..forms.panel import PanelJoinForm, PanelLinkForm, PanelProfileForm
from ..models import PANEL_CONSENT_WORDING, UNCONFIRMED_RETENTION_DAYS
from ..services import panel as service
from ..spam import blocked_reason, blocked_response, record_block

FORM_NAME = "panel"


def _invalid_link(request, error):
    return TemplateResponse(
        request,
        "consultation_blocks/panel/invalid_link.html",
        {"message": str(error)},
        status=400,
    )


def _blocked(request, back_url):
    """The spam defences' refusal of this POST, or None."""
    reason = blocked_reason(request, FORM_NAME)
    if reason is None:
        return None
    record_block(FORM_NAME, reason)
    return blocked_response(request, reason, back_url=back_url)


def join(request):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        refused = _blocked(request, reverse("consultation_blocks:panel_join"))
        if refused is not None:
            return refused
        form = PanelJoinForm(request.POST)
        if form.is_valid():
            service.join(
                email=form.cleaned_data["email"],
                **form.profile(),
                base_url=settings.WAGTAILADMIN_BASE_URL,
            )
            # The same page whether or not the address was known.
            return HttpResponseRedirect(reverse("consultation_blocks:panel_check_email"))
    else:
        form = PanelJoinForm()
    return TemplateResponse(
        request,
        "consultation_blocks/panel/join.html",
        {"form": form, "consent_wording": PANEL_CONSENT_WORDING},
        status=400 if form.errors else 200,
    )


def check_email(request):
    return TemplateResponse(
        request,
        "consultation_blocks/panel/check_email.html",
        {"days": UNCONFIRMED_RETENTION_DAYS, "asked_for_link": "link" in request.GET},
    )


def confirm(request, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        if request.method == "GET":
            member = service.member_from_confirm_link(token)
            template = "consultation_blocks/panel/confirm.html"
        else:
            member = service.confirm(link=token)
            template = "consultation_blocks/panel/confirmed.html"
    except service.InvalidPanelLink as error:
        return _invalid_link(request, error)
    return TemplateResponse(
        request, template, {"member": member, "member_url": service.member_url(member)}
    )


def ask_for_link(request):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        refused = _blocked(request, reverse("consultation_blocks:panel_ask_for_link"))
        if refused is not None:
            return refused
        form = PanelLinkForm(request.POST)
        if form.is_valid():
            service.send_member_link(
                email=form.cleaned_data["email"], base_url=settings.WAGTAILADMIN_BASE_URL
            )
            return HttpResponseRedirect(reverse("consultation_blocks:panel_check_email") + "?link")
    else:
        form = PanelLinkForm()
    return TemplateResponse(
        request,
        "consultation_blocks/panel/ask_for_link.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def member_page(request, token):
    """The member's own page: what we hold, a form to change it, and a way to leave."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        member = service.member_from_page_link(token)
    except service.InvalidPanelLink as error:
        return _invalid_link(request, error)
    saved = "saved" in request.GET
    if request.method == "POST":
        refused = _blocked(request, request.path)
        if refused is not None:
            return refused
        form = PanelProfileForm(request.POST)
        if form.is_valid():
            service.update_profile(member=member, **form.profile())
            return HttpResponseRedirect(request.path + "?saved")
        saved = False
    else:
        form = PanelProfileForm.for_member(member)
    return TemplateResponse(
        request,
        "consultation_blocks/panel/member.html",
        {
            "member": member,
            "form": form,
            "saved": saved,
            "leave_url": service.leave_url(member),
        },
        status=400 if form.errors else 200,
    )


def keep(request, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        if request.method == "GET":
            member = service.member_from_keep_link(token)
            template = "consultation_blocks/panel/keep.html"
        else:
            member = service.keep(link=token)
            template = "consultation_blocks/panel/kept.html"
    except service.InvalidPanelLink as error:
        return _invalid_link(request, error)
    return TemplateResponse(request, template, {"member": member})


@csrf_exempt
def leave(request, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        if request.method == "POST":
            service.leave_by_link(link=token)
            return TemplateResponse(request, "consultation_blocks/panel/left.html", {})
        member = service.member_from_leave_link(token)
    except service.InvalidPanelLink as error:
        return _invalid_link(request, error)
    if member is None:
        return TemplateResponse(request, "consultation_blocks/panel/left.html", {})
    return TemplateResponse(request, "consultation_blocks/panel/leave.html", {})
