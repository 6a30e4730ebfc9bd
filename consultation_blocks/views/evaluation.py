"""Learning from every exercise: the residents' "How was taking part?" form (offered
on a survey's thank-you page, on a network meeting's page once it has started and in
its registration emails, and at its own address),
the staff report of what residents said, and staff's evaluation of an activity.

The public form carries the same defences as every public form (spam.py) and no CSRF
token for anonymous visitors (config's cross-origin protection covers it). Staff views
check their permission and the partner rule themselves."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation

from ..forms.evaluation import ActivityEvaluationForm, TakingPartForm
from ..models import EngagementActivity
from ..models.activities import may_change_activity
from ..models.locales import in_default_language
from ..selectors.evaluation import (
    activity_evaluations,
    feedback_by_exercise,
    feedback_by_partner,
    improvement_comments,
    page_taking_feedback,
)
from ..services.evaluation import (
    existing_evaluation,
    record_taking_part,
    save_activity_evaluation,
)
from ..spam import guard_submission

FORM_NAME = "taking_part"
LANGUAGE_PARAMETER = "lang"
REPORT_PERMISSION = "consultation_blocks.view_engagementactivity"


def _public_page(page_id):
    page = page_taking_feedback(page_id)
    if page is None:
        raise Http404("There is no such consultation or meeting.")
    return page


def taking_part(request, page_id):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return _taking_part(request, _public_page(page_id))


@guard_submission(FORM_NAME)
def _taking_part(request, page):
    language = page.locale.language_code
    with translation.override(language):
        form = TakingPartForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            # Counted with the consultation's own feedback, whatever language it was given in.
            record_taking_part(page=in_default_language(page), form=form)
            thanks = reverse("consultation_blocks:taking_part_thanks")
            if language != settings.LANGUAGE_CODE:
                thanks += "?" + urlencode({LANGUAGE_PARAMETER: language})
            return HttpResponseRedirect(thanks)
        response = TemplateResponse(
            request,
            "consultation_blocks/evaluation/taking_part.html",
            {"page": page, "form": form},
            status=400 if form.errors else 200,
        ).render()
    response["Content-Language"] = language
    return response


def taking_part_thanks(request):
    """In the language of the page the feedback came from (these addresses have no
    language prefix of their own); an unknown language reads as the site's default."""
    language = request.GET.get(LANGUAGE_PARAMETER, "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        response = TemplateResponse(request, "consultation_blocks/evaluation/thanks.html", {})
        response.render()
    response["Content-Language"] = language
    return response


def report(request):
    if not request.user.has_perm(REPORT_PERMISSION):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "consultation_blocks/admin/evaluation/report.html",
        {
            "by_exercise": feedback_by_exercise(request.user),
            "by_partner": feedback_by_partner(request.user),
            "suggestions": improvement_comments(request.user),
            "evaluations": activity_evaluations(request.user),
        },
    )


def evaluate_activity(request, activity_id):
    activity = get_object_or_404(
        EngagementActivity.objects.select_related("lead_partner"), pk=activity_id
    )
    if not (
        request.user.has_perm("consultation_blocks.change_engagementactivity")
        and may_change_activity(request.user, activity)
    ):
        raise PermissionDenied
    instance = existing_evaluation(activity)
    form = ActivityEvaluationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        save_activity_evaluation(activity=activity, form=form, user=request.user)
        messages.success(request, f"Saved the evaluation of “{activity.title}”.")
        return HttpResponseRedirect(reverse("consultation_blocks_evaluation_report"))
    return TemplateResponse(
        request,
        "consultation_blocks/admin/evaluation/activity.html",
        {"activity": activity, "form": form},
        status=400 if form.errors else 200,
    )
