"""Panel-only surveys: residents answer through the personal link their panel
invitation carries; the page's ordinary survey routes refuse them. Staff invite the
panel from the consultation's admin screen."""

import dataclasses
import logging
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from ..forms.surveys import UPDATES_EMAIL_FIELD, SurveyForm
from ..models import ConsultationPage, ConsultationStatus, PanelMember
from ..permissions import can_view_responses
from ..services.panel_surveys import (
    InvitationAlreadyAnswered,
    find_invitation,
    invitation_counts,
    invite_panel,
)
from ..services.responses import AlreadyResponded, SurveyClosed, submit_response
from ..spam import guard_submission, retry_after_seconds
from ..surveys import surveys_in
from .survey_common import (
    ALREADY_RESPONDED,
    DATABASE_UNAVAILABLE,
    NOT_STORED,
    closed,
    posted_key,
    thanks_redirect,
)
from .survey_steps import SEND_ACTION, respond_in_steps

logger = logging.getLogger(__name__)


def refused(request, page):
    """A panel-only survey, asked for without a valid personal link."""
    return TemplateResponse(
        request, "consultation_blocks/panel_surveys/refused.html", {"page": page}, status=403
    )


def _answered(request, page, status):
    return TemplateResponse(
        request, "consultation_blocks/panel_surveys/answered.html", {"page": page}, status=status
    )


def _render(request, page, survey, form, *, status=200, submission_key=None):
    return TemplateResponse(
        request,
        "consultation_blocks/survey/respond.html",
        {
            "page": page,
            "survey": survey,
            "form": form,
            "submission_key": submission_key or uuid.uuid4(),
            "action_url": request.path,
        },
        status=status,
    )


def _moves_between_steps(request, page, token):
    """Continue, Back and Change on a survey in steps store nothing (as on the
    survey's own route)."""
    surveys = surveys_in(page.body)
    return bool(surveys and surveys[0].steps) and request.POST.get("action") != SEND_ACTION


@guard_submission("survey", moves_between_steps=_moves_between_steps)
def respond(request, page, token):
    """The personal link: the page's (first) survey, answered once per invitation.
    Saving for later is not offered: the link itself brings the member back."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    invitation = find_invitation(page, token)
    if invitation is None or not page.responses_page.panel_only:
        return refused(request, page)
    surveys = surveys_in(page.body)
    if not surveys:
        raise Http404("There is no survey on this page.")
    survey = dataclasses.replace(surveys[0], allow_save_and_resume=False)
    if request.method == "GET" and invitation.response_id is not None:
        return _answered(request, page, status=200)
    if not page.is_open:
        return closed(request, page, status=403 if request.method == "POST" else 200)
    if survey.steps:
        return respond_in_steps(
            request, page, survey, panel_invitation=invitation, action_url=request.path
        )
    if request.method == "GET":
        return _render(request, page, survey, SurveyForm(survey))

    form = SurveyForm(survey, request.POST)
    submission_key = posted_key(request, survey)
    if not form.is_valid():
        return _render(request, page, survey, form, status=400, submission_key=submission_key)
    try:
        submit_response(
            page=page,
            survey=survey,
            form=form,
            submission_key=submission_key,
            panel_invitation=invitation,
        )
    except InvitationAlreadyAnswered:
        return _answered(request, page, status=409)
    except SurveyClosed:
        return closed(request, page, status=403)
    except AlreadyResponded:
        form.add_error(UPDATES_EMAIL_FIELD, ALREADY_RESPONDED)
        return _render(request, page, survey, form, status=409, submission_key=submission_key)
    except DATABASE_UNAVAILABLE:
        logger.warning("A panel survey response could not be stored: the database is unavailable.")
        form.add_error(None, NOT_STORED)
        response = _render(request, page, survey, form, status=503, submission_key=submission_key)
        response["Retry-After"] = str(retry_after_seconds())
        return response
    form.forget_bound_fields()
    return thanks_redirect(request, page, survey)


# Staff ---------------------------------------------------------------------------------


def invite(request, page_id):
    """How many panel members were invited to a panel-only consultation and answered,
    and the button that invites the active members not yet invited."""
    page = get_object_or_404(ConsultationPage, pk=page_id).responses_page
    if not can_view_responses(request.user, page):
        raise PermissionDenied
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    problem = ""
    if not page.panel_only:
        problem = "This consultation is open to everyone. Make it panel-only to invite the panel."
    elif not page.live or page.status not in (
        ConsultationStatus.OPEN,
        ConsultationStatus.UPCOMING,
    ):
        problem = "Only a live consultation that is open or about to open can be sent."
    if request.method == "POST":
        if problem:
            messages.error(request, problem)
            return TemplateResponse(
                request,
                "consultation_blocks/admin/panel_surveys/invite.html",
                _context(page, problem),
                status=400,
            )
        sent, before = invite_panel(
            page=page, user=request.user, base_url=settings.WAGTAILADMIN_BASE_URL
        )
        messages.success(
            request,
            f"Invited {sent} panel member{'s' if sent != 1 else ''}."
            + (f" {before} had been invited before." if before else ""),
        )
        return HttpResponseRedirect(reverse("consultation_blocks_panel_survey", args=[page.pk]))
    return TemplateResponse(
        request, "consultation_blocks/admin/panel_surveys/invite.html", _context(page, problem)
    )


def _context(page, problem):
    counts = invitation_counts(page)
    return {
        "page": page,
        "problem": problem,
        "active_members": PanelMember.objects.active().count(),
        "invited": counts["invited"],
        "answered": counts["answered"],
    }
