"""Residents answer a survey: the form, saving a draft, resuming it, and the thank-you.

Each view takes the consultation page it was routed from (see ConsultationPage's
routes). Storage rules live in services/responses.py.
"""

import logging
import uuid

from django import forms
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse

from ..forms.evaluation import TakingPartForm
from ..forms.surveys import UPDATES_EMAIL_FIELD, SurveyForm
from ..selectors.responses import find_draft, find_survey
from ..services.responses import AlreadyResponded, SurveyClosed, submit_response
from ..spam import guard_submission, retry_after_seconds
from .panel_surveys import refused as panel_only_refused
from .survey_common import (
    ALREADY_RESPONDED,
    DATABASE_UNAVAILABLE,
    NOT_STORED,
    SAVE_ACTION,
    DraftEmailForm,
    closed,
    posted_key,
    save_draft_and_send_link,
    thanks_redirect,
)
from .survey_steps import SEND_ACTION, respond_in_steps, resume_in_steps

logger = logging.getLogger(__name__)


def _found_survey(request, page, survey_id):
    """``find_survey``, kept on the request: the spam guard asks for the survey before
    the view does, and finding it reads the survey's stored data."""
    found = request.__dict__.setdefault("_found_surveys", {})
    key = (page.pk, survey_id)
    if key not in found:
        found[key] = find_survey(page, survey_id)
    return found[key]


def _survey_or_404(request, page, survey_id):
    survey = _found_survey(request, page, survey_id)
    if survey is None:
        raise Http404("There is no such survey on this page.")
    return survey


def _render_form(request, page, survey, form, *, status=200, submission_key=None, draft_token=""):
    return TemplateResponse(
        request,
        "consultation_blocks/survey/respond.html",
        {
            "page": page,
            "survey": survey,
            "form": form,
            "submission_key": submission_key or uuid.uuid4(),
            "draft_token": draft_token,
        },
        status=status,
    )


def _moves_between_steps(request, page, survey_id):
    """Continue, Back and Change on a survey in steps store nothing (only its Send
    does, and Save for later): see ``spam.guard_submission``."""
    survey = _found_survey(request, page, survey_id)
    return bool(survey and survey.steps) and request.POST.get("action") not in (
        SEND_ACTION,
        SAVE_ACTION,
    )


@guard_submission("survey", moves_between_steps=_moves_between_steps)
def respond(request, page, survey_id):
    survey = _survey_or_404(request, page, survey_id)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if page.responses_page.panel_only:
        return panel_only_refused(request, page)
    if not page.is_open:
        return closed(request, page, status=403 if request.method == "POST" else 200)
    if survey.steps:
        return respond_in_steps(request, page, survey)
    if request.method == "GET":
        return _render_form(request, page, survey, SurveyForm(survey))

    form = SurveyForm(survey, request.POST)
    submission_key = posted_key(request, survey)
    draft_token = request.POST.get("draft_token", "")[:64]
    if request.POST.get("action") == SAVE_ACTION and survey.allow_save_and_resume:
        return _save_for_later(request, page, survey, form, draft_token)
    if not form.is_valid():
        return _render_form(
            request,
            page,
            survey,
            form,
            status=400,
            submission_key=submission_key,
            draft_token=draft_token,
        )
    try:
        submit_response(
            page=page,
            survey=survey,
            form=form,
            submission_key=submission_key,
            draft_token=draft_token,
        )
    except SurveyClosed:
        return closed(request, page, status=403)
    except AlreadyResponded:
        form.add_error(UPDATES_EMAIL_FIELD, ALREADY_RESPONDED)
        return _render_form(request, page, survey, form, status=409, submission_key=submission_key)
    except DATABASE_UNAVAILABLE:
        return _not_stored(request, page, survey, form, submission_key, draft_token)
    form.forget_bound_fields()
    return thanks_redirect(request, page, survey)


def _not_stored(request, page, survey, form, submission_key, draft_token):
    """The database went away while the answer was being stored (a restart, a failover).
    The response was written in one transaction, so nothing of it was kept: give the
    resident their answers back in the form, with the same submission key so that
    sending again can never store it twice, and tell their browser when to retry."""
    logger.warning("A survey response could not be stored: the database is unavailable.")
    form.add_error(None, NOT_STORED)
    response = _render_form(
        request,
        page,
        survey,
        form,
        status=503,
        submission_key=submission_key,
        draft_token=draft_token,
    )
    response["Retry-After"] = str(retry_after_seconds())
    return response


def _save_for_later(request, page, survey, form, draft_token):
    email_form = DraftEmailForm(request.POST)
    if not email_form.is_valid():
        form.add_error(None, email_form.errors["draft_email"][0])
        return _render_form(request, page, survey, form, status=400, draft_token=draft_token)
    email = email_form.cleaned_data["draft_email"]
    try:
        resume_url = save_draft_and_send_link(
            request, page, survey, data=form.draft_data(), email=email, token=draft_token
        )
    except SurveyClosed:
        return closed(request, page, status=403)
    except DATABASE_UNAVAILABLE:
        return _not_stored(request, page, survey, form, None, draft_token)
    return TemplateResponse(
        request,
        "consultation_blocks/survey/saved.html",
        {"page": page, "survey": survey, "resume_url": resume_url, "emailed_to": email},
    )


def thanks(request, page, survey_id):
    survey = _survey_or_404(request, page, survey_id)
    return TemplateResponse(
        request,
        "consultation_blocks/survey/thanks.html",
        {"page": page, "survey": survey, "taking_part_form": TakingPartForm()},
    )


def resume(request, page, token):
    if page.responses_page.panel_only:
        return panel_only_refused(request, page)
    draft = find_draft(page, token)
    if draft is None:
        return TemplateResponse(
            request, "consultation_blocks/survey/draft_missing.html", {"page": page}, status=404
        )
    survey = _survey_or_404(request, page, draft.survey_id)
    if not page.is_open:
        return closed(request, page, status=200)
    if survey.steps:
        return resume_in_steps(request, page, survey, draft.answers, token)
    form = SurveyForm(survey, initial=_initial_from_draft(SurveyForm(survey), draft.answers))
    return _render_form(request, page, survey, form, draft_token=token)


def _initial_from_draft(blank_form, saved):
    """Saved drafts keep the raw lists a browser sent; forms want single values for
    single-value fields."""
    initial = {}
    for name, values in (saved or {}).items():
        field = blank_form.fields.get(name)
        if field is None or not isinstance(values, list):
            continue
        initial[name] = values if isinstance(field, forms.MultipleChoiceField) else values[0]
    return initial
