"""Admin views for staff: the consultations report, survey results, exports, publishing
an answer, and typing in a response that came on paper, at an event or by phone.

Every view checks ``can_view_responses`` itself; the menu only hides links.
"""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import (
    FileResponse,
    Http404,
    HttpResponseForbidden,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from ..forms.surveys import UPDATES_EMAIL_FIELD, SurveyForm
from ..gunning import gunning_checklist
from ..models import ConsultationPage, ConsultationSettings, ResponseChannel, SurveyResponse
from ..models.pages import EngagementLevel
from ..models.teams import partners_whose_data_user_sees
from ..permissions import can_view_responses
from ..results.export import csv_chunks, export_rows, xlsx_file
from ..selectors.responses import find_survey
from ..selectors.results import equality_results, free_text_answers, survey_results
from ..services.comments import propose_quote
from ..services.responses import AlreadyResponded, submit_response
from ..surveys import surveys_in

EXPORT_FORMATS = {"csv", "xlsx"}


def staff_page_and_survey(request, page_id, survey_id):
    """The consultation and one of its surveys, for staff who may see its responses
    (PermissionDenied otherwise): shared by the results and themes views."""
    page = get_object_or_404(ConsultationPage, pk=page_id)
    if not can_view_responses(request.user, page):
        raise PermissionDenied
    # Results follow the latest draft, so a question added before publishing shows up.
    latest = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    survey = find_survey(latest, survey_id) or find_survey(page, survey_id)
    if survey is None:
        raise Http404("There is no such survey on this page.")
    return page, survey


def _channel(request):
    channel = request.GET.get("channel", "")
    return channel if channel in ResponseChannel.values else ""


def consultation_results(request, page_id):
    """The first survey's results; a page's surveys are listed there. A translation's
    results are those of the page in the default language, which every language's
    responses are stored against."""
    page = get_object_or_404(ConsultationPage, pk=page_id).responses_page
    if not can_view_responses(request.user, page):
        raise PermissionDenied
    surveys = surveys_in(page.body)
    if not surveys:
        return TemplateResponse(
            request, "consultation_blocks/admin/results/no_survey.html", {"page": page}
        )
    return HttpResponseRedirect(
        reverse("consultation_blocks_results", args=[page.pk, surveys[0].id])
    )


def results(request, page_id, survey_id):
    page, survey = staff_page_and_survey(request, page_id, survey_id)
    channel = _channel(request)
    summary = survey_results(page, survey, channel)
    free_text_question = survey.questions_by_id.get(request.GET.get("question", ""))
    if free_text_question is None or not free_text_question.is_free_text:
        free_text_question = next((q for q in survey.questions if q.is_free_text), None)
    search = request.GET.get("q", "").strip()[:200]
    answers_page = None
    if free_text_question is not None:
        answers_page = free_text_answers(
            page,
            survey,
            free_text_question,
            search=search,
            channel=channel,
            page_number=request.GET.get("p", 1),
        )
    channel_counts = dict(
        SurveyResponse.objects.filter(page=page, survey_id=survey.id)
        .values_list("channel")
        .annotate(Count("pk"))
    )
    return TemplateResponse(
        request,
        "consultation_blocks/admin/results/results.html",
        {
            "page": page,
            "survey": survey,
            "surveys": surveys_in(page.body),
            "summary": summary,
            "equality": equality_results(page, survey),
            "channel": channel,
            "channels": [
                (value, label, channel_counts.get(value, 0))
                for value, label in ResponseChannel.choices
            ],
            "free_text_questions": [q for q in survey.questions if q.is_free_text],
            "free_text_question": free_text_question,
            "answers_page": answers_page,
            "search": search,
            "can_add_response": page.permissions_for_user(request.user).can_edit(),
        },
    )


def export(request, page_id, survey_id, file_format):
    if file_format not in EXPORT_FORMATS:
        raise Http404("Export as CSV or XLSX.")
    # A download link answers a refusal with 403 rather than the admin's redirect to the
    # dashboard, so a script or a saved link fails plainly.
    if not can_view_responses(request.user, get_object_or_404(ConsultationPage, pk=page_id)):
        return HttpResponseForbidden("You do not have permission to export these responses.")
    page, survey = staff_page_and_survey(request, page_id, survey_id)
    rows = export_rows(page, survey, _channel(request))
    filename = f"{page.slug}-responses-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(
        xlsx_file(rows),
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_POST
def publish_answer(request, page_id, survey_id):
    """Send one free-text answer to the moderation queue to be shown on the page."""
    page, survey = staff_page_and_survey(request, page_id, survey_id)
    question = survey.questions_by_id.get(request.POST.get("question", ""))
    response = SurveyResponse.objects.filter(
        pk=request.POST.get("response")
        if str(request.POST.get("response", "")).isdigit()
        else None,
        page=page,
        survey_id=survey.id,
    ).first()
    if question is None or not question.is_free_text or response is None:
        messages.error(request, "That answer could not be found.")
        return HttpResponseRedirect(
            reverse("consultation_blocks_results", args=[page.pk, survey.id])
        )
    text = str(response.answers.get(question.id) or "").strip()
    if not text:
        messages.error(request, "That answer is empty.")
    else:
        propose_quote(
            page=page, response=response, question_id=question.id, text=text, user=request.user
        )
        messages.success(
            request, "The answer is waiting for a moderator to approve it for publication."
        )
    return HttpResponseRedirect(
        reverse("consultation_blocks_results", args=[page.pk, survey.id])
        + f"?question={question.id}"
    )


class ReportFilterForm(forms.Form):
    level = forms.ChoiceField(
        label="Level", required=False, choices=[("", "Any level"), *EngagementLevel.choices]
    )


def consultation_report(request):
    """Every consultation this user can see results for, with what needs attention."""
    settings = ConsultationSettings.for_request(request)
    today = timezone.localdate()
    pages = (
        ConsultationPage.objects.filter(
            partners_whose_data_user_sees(request.user).consultations_q()
        )
        .annotate(response_count=Count("survey_responses"))
        .select_related("lead_partner")
        .order_by("-latest_revision_created_at", "-pk")
    )
    # An unknown level is ignored, as on the public index: the form says which it kept.
    filter_form = ReportFilterForm(request.GET or None)
    if filter_form.is_bound and filter_form.is_valid() and filter_form.cleaned_data["level"]:
        pages = pages.filter(level=filter_form.cleaned_data["level"])
    rows = []
    for page in pages:
        if not can_view_responses(request.user, page):
            continue
        # The Gunning principles govern formal consultation only; ongoing engagement
        # has no proposal or closing date to check.
        checklist = (
            gunning_checklist(page, minimum_days=settings.minimum_consultation_days)
            if page.is_formal
            else []
        )
        due_on = page.outcome_due_on(settings.outcome_due_weeks)
        rows.append(
            {
                "page": page,
                "status": page.status_label,
                "responses": page.response_count,
                "checklist_applies": page.is_formal,
                "checks_passed": sum(item.passed for item in checklist),
                "checks_total": len(checklist),
                "missing": [item.label for item in checklist if not item.passed],
                "outcome_overdue": bool(
                    due_on and due_on < today and not page.show_outcome and page.live
                ),
                "due_on": due_on,
                "surveys": surveys_in(page.body),
            }
        )
    return TemplateResponse(
        request,
        "consultation_blocks/admin/results/report.html",
        {"rows": rows, "today": today, "filter_form": filter_form},
    )


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(
        label="How did this response reach us?",
        choices=[c for c in ResponseChannel.choices if c[0] != ResponseChannel.ONLINE],
    )


def add_response(request, page_id, survey_id):
    """Staff type in a response from paper, an event, the phone or a letter, through
    the same form and checks residents use online."""
    page, survey = staff_page_and_survey(request, page_id, survey_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    form = SurveyForm(survey, request.POST or None)
    channel_form = ChannelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and channel_form.is_valid():
            try:
                result = submit_response(
                    page=page,
                    survey=survey,
                    form=form,
                    submission_key=request.POST.get("submission_key", ""),
                    channel=channel_form.cleaned_data["channel"],
                    entered_by=request.user,
                )
            except AlreadyResponded:
                form.add_error(
                    UPDATES_EMAIL_FIELD, "A response has already been sent using this email address"
                )
            else:
                log(
                    instance=page,
                    action="consultation_blocks.response.entered",
                    user=request.user,
                    data={"response": result.response.pk, "channel": result.response.channel},
                )
                messages.success(
                    request, f"Response {result.response.pk} saved. You can enter another."
                )
                return HttpResponseRedirect(
                    reverse("consultation_blocks_add_response", args=[page.pk, survey.id])
                )
        status = 400
    return TemplateResponse(
        request,
        "consultation_blocks/admin/results/add_response.html",
        {
            "page": page,
            "survey": survey,
            "form": form,
            "channel_form": channel_form,
            "submission_key": uuid.uuid4(),
        },
        status=status,
    )
