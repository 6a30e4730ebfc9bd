"""Residents answer a survey in steps: one step per page, Continue and Back, then a
check-your-answers page with Change buttons, then one response stored.

Every page is a POST to the survey's respond route carrying the answers so far, signed
(forms/survey_steps.py), so no JavaScript, cookie or per-visitor cached page is needed,
and the spam defences (spam.guard_submission, applied by views/surveys.respond) see each
post. A step page keeps the signed start time of the first showing of the survey, so
a short step is never mistaken for a bot's haste.
"""

import logging
import uuid

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from ..forms.survey_steps import (
    CHANGE_FIELD,
    CHECK_STEP,
    RETURNING_FIELD,
    STATE_FIELD,
    STEP_FIELD,
    BadState,
    Journey,
    SurveySteps,
    merged,
)
from ..forms.surveys import UPDATES_EMAIL_FIELD
from ..services.panel_surveys import InvitationAlreadyAnswered
from ..services.responses import AlreadyResponded, SurveyClosed, submit_response
from ..spam import HONEYPOT_FIELD, TIMESTAMP_FIELD, retry_after_seconds
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

logger = logging.getLogger(__name__)
BACK_ACTION = "back"
SEND_ACTION = "send"
BAD_STATE = _(
    "We could not read the answers you sent with this page: the page was changed "
    "after we sent it, or it belongs to another survey. Nothing has been stored."
)
BAD_STEP = _("There is no such step in this survey. Nothing has been stored.")


def respond_in_steps(request, page, survey, *, panel_invitation=None, action_url=""):
    """The survey's respond route for a survey in steps (open consultations only).

    Through a panel member's personal link, every step posts back to that link
    (``action_url``) and the response is recorded against ``panel_invitation``."""
    request.survey_steps_target = (panel_invitation, action_url)
    if request.method == "GET":
        # Its own page starts at the first step, with a key of its own.
        journey = Journey(page.pk, survey.id, str(uuid.uuid4()))
        steps = SurveySteps(survey, {})
        return _render_step(request, page, survey, steps, journey, steps.shown_pages()[0])

    token = request.POST.get(STATE_FIELD, "")
    if token:
        try:
            journey = Journey.loads(token, page=page, survey=survey)
        except BadState:
            return _refused(request, page, survey, BAD_STATE)
    else:
        # The first step, from the consultation page or the survey's own page.
        journey = Journey(page.pk, survey.id, str(posted_key(request, survey)))
    steps = SurveySteps(survey, journey.data)

    if request.POST.get(STEP_FIELD) == CHECK_STEP:
        return _from_check_page(request, page, survey, steps, journey)
    current = steps.page(request.POST.get(STEP_FIELD, "1"))
    if current is None:
        return _refused(request, page, survey, BAD_STEP)
    if not steps.can_open(current, journey.done):
        # Sent out of order (an old page, an edited number): the first step still to do.
        return _render_step(
            request, page, survey, steps, journey, steps.first_unfinished(journey.done)
        )

    journey.data = merged(journey.data, request.POST, current)
    steps = SurveySteps(survey, journey.data)
    action = request.POST.get("action", "")
    if action == SAVE_ACTION and survey.allow_save_and_resume:
        return _save_for_later(request, page, survey, steps, journey, current)
    if action == BACK_ACTION:
        # Back keeps what was typed on this step, checked or not.
        earlier = steps.before(current) or current
        return _render_step(request, page, survey, steps, journey, earlier)
    if steps.errors_on(current):
        journey.done.discard(current.number)
        return _render_step(
            request,
            page,
            survey,
            steps,
            journey,
            current,
            status=400,
            errors=True,
            returning=request.POST.get(RETURNING_FIELD) == "1",
        )
    journey.done.add(current.number)
    if request.POST.get(RETURNING_FIELD) == "1":
        following = steps.first_unfinished(journey.done)
    else:
        following = steps.after(current) or steps.first_unfinished(journey.done)
    if following is None:
        return _render_check(request, page, survey, steps, journey)
    return _render_step(request, page, survey, steps, journey, following)


def resume_in_steps(request, page, survey, saved, draft_token):
    """A saved draft of a survey in steps opens at its first step, answers filled in."""
    data = {name: values for name, values in (saved or {}).items() if isinstance(values, list)}
    journey = Journey(page.pk, survey.id, str(uuid.uuid4()), data=data, draft_token=draft_token)
    steps = SurveySteps(survey, data)
    return _render_step(
        request, page, survey, steps, journey, steps.shown_pages()[0], welcome_back=True
    )


def _from_check_page(request, page, survey, steps, journey):
    first_to_do = steps.first_unfinished(journey.done)
    if first_to_do is not None:
        return _render_step(request, page, survey, steps, journey, first_to_do)
    change = request.POST.get(CHANGE_FIELD)
    if change is not None:
        target = steps.page(change)
        if target is None or not steps.is_shown(target):
            return _refused(request, page, survey, BAD_STEP)
        return _render_step(request, page, survey, steps, journey, target, returning=True)
    if request.POST.get("action") != SEND_ACTION:
        return _render_check(request, page, survey, steps, journey)
    return _send(request, page, survey, steps, journey)


def _send(request, page, survey, steps, journey):
    if not steps.form.is_valid():
        # The survey changed under the resident, or a step was skipped by hand.
        wrong = steps.first_page_with_errors() or steps.shown_pages()[0]
        journey.done.discard(wrong.number)
        return _render_step(
            request, page, survey, steps, journey, wrong, status=400, errors=True, returning=True
        )
    try:
        submit_response(
            page=page,
            survey=survey,
            form=steps.form,
            submission_key=journey.submission_key,
            draft_token=journey.draft_token,
            panel_invitation=_target(request)[0],
        )
    except InvitationAlreadyAnswered:
        return TemplateResponse(
            request, "consultation_blocks/panel_surveys/answered.html", {"page": page}, status=409
        )
    except SurveyClosed:
        return closed(request, page, status=403)
    except AlreadyResponded:
        about_you = steps.pages[-1]
        steps.all_errors[UPDATES_EMAIL_FIELD] = steps.form.error_class([ALREADY_RESPONDED])
        return _render_step(
            request,
            page,
            survey,
            steps,
            journey,
            about_you,
            status=409,
            errors=True,
            returning=True,
        )
    except DATABASE_UNAVAILABLE:
        logger.warning("A survey response could not be stored: the database is unavailable.")
        response = _render_check(request, page, survey, steps, journey, status=503, problem=True)
        response["Retry-After"] = str(retry_after_seconds())
        return response
    steps.form.forget_bound_fields()
    return thanks_redirect(request, page, survey)


def _save_for_later(request, page, survey, steps, journey, current):
    email_form = DraftEmailForm(request.POST)
    if not email_form.is_valid():
        steps.all_errors["__all__"] = steps.form.error_class([email_form.errors["draft_email"][0]])
        return _render_step(
            request, page, survey, steps, journey, current, status=400, errors=True, no_fields=True
        )
    email = email_form.cleaned_data["draft_email"]
    try:
        resume_url = save_draft_and_send_link(
            request,
            page,
            survey,
            data=steps.form.draft_data(),
            email=email,
            token=journey.draft_token,
        )
    except SurveyClosed:
        return closed(request, page, status=403)
    except DATABASE_UNAVAILABLE:
        steps.all_errors["__all__"] = steps.form.error_class([NOT_STORED])
        return _render_step(
            request, page, survey, steps, journey, current, status=503, errors=True, no_fields=True
        )
    return TemplateResponse(
        request,
        "consultation_blocks/survey/saved.html",
        {"page": page, "survey": survey, "resume_url": resume_url, "emailed_to": email},
    )


def _target(request):
    """(panel invitation or None, the address forms post to or "") of this journey."""
    return getattr(request, "survey_steps_target", (None, ""))


def _guard_context(request):
    """The start time of the survey's first showing, carried from step to step."""
    return {
        "guard_token": request.POST.get(TIMESTAMP_FIELD, "") if request.method == "POST" else "",
        "honeypot_field": HONEYPOT_FIELD,
        "timestamp_field": TIMESTAMP_FIELD,
        "action_url": _target(request)[1],
    }


def _render_step(
    request,
    page,
    survey,
    steps,
    journey,
    current,
    *,
    status=200,
    errors=False,
    returning=False,
    welcome_back=False,
    no_fields=False,
):
    steps.show(current, errors=errors, only_general=no_fields)
    context = {
        "page": page,
        "survey": survey,
        "welcome_back": welcome_back,
        **_guard_context(request),
        **steps.step_context(current, state=journey.dumps(), returning=returning),
    }
    return TemplateResponse(
        request, "consultation_blocks/survey/respond_step.html", context, status=status
    )


def _render_check(request, page, survey, steps, journey, *, status=200, problem=False):
    steps.show(steps.pages[0], errors=False)
    if problem:
        steps.form._errors["__all__"] = steps.form.error_class([NOT_STORED])
    return TemplateResponse(
        request,
        "consultation_blocks/survey/check_answers.html",
        {
            "page": page,
            "survey": survey,
            "form": steps.form,
            "sections": steps.summary(),
            "state": journey.dumps(),
            **_guard_context(request),
        },
        status=status,
    )


def _refused(request, page, survey, message):
    return TemplateResponse(
        request,
        "consultation_blocks/survey/step_refused.html",
        {"page": page, "survey": survey, "message": message},
        status=400,
    )
