"""The themes screen of a survey's written answers (staff only): find themes, rename,
merge, code answers by hand, and download the coding.

Every view checks the right to see the page's responses (through the results views'
lookup), and every theme and answer it acts on must belong to that page's question.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from ..forms.themes import AssignThemeForm, DiscoverThemesForm, MergeThemesForm, RenameThemeForm
from ..models import AnswerTheme, SurveyResponse
from ..results.export import csv_chunks, neutralise
from ..selectors.themes import NO_THEME, coded_answers, coding_rows, themes_for
from ..services.themes import (
    ThemeError,
    assign_answer,
    discover_themes,
    merge_themes,
    rename_theme,
)
from .results import staff_page_and_survey


def _question(request, page_id, survey_id, question_id):
    page, survey = staff_page_and_survey(request, page_id, survey_id)
    question = survey.questions_by_id.get(question_id)
    if question is None or not question.is_free_text:
        raise Http404("There is no such written-answer question in this survey.")
    return page, survey, question


def _back(page, survey, question, query=""):
    url = reverse("consultation_blocks_themes", args=[page.pk, survey.id, question.id])
    return HttpResponseRedirect(url + query)


def themes(request, page_id, survey_id, question_id):
    page, survey, question = _question(request, page_id, survey_id, question_id)
    question_themes = themes_for(page, survey.id, question.id)
    theme_filter = request.GET.get("theme", "")
    valid_filters = {NO_THEME, *(str(theme.pk) for theme in question_themes)}
    if theme_filter not in valid_filters:
        theme_filter = ""
    answers_page = coded_answers(
        page, survey.id, question.id, theme=theme_filter, page_number=request.GET.get("p", 1)
    )
    labels = {theme.pk: theme.label for theme in question_themes}
    for answer in answers_page.object_list:
        answer["theme_label"] = labels.get(answer["theme_id"], "")
    return TemplateResponse(
        request,
        "consultation_blocks/admin/results/themes.html",
        {
            "page": page,
            "survey": survey,
            "question": question,
            "free_text_questions": [q for q in survey.questions if q.is_free_text],
            "themes": question_themes,
            "discover_form": DiscoverThemesForm(),
            "merge_form": MergeThemesForm(themes=question_themes),
            "answers_page": answers_page,
            "theme_filter": theme_filter,
            "no_theme": NO_THEME,
        },
    )


@require_POST
def discover(request, page_id, survey_id, question_id):
    page, survey, question = _question(request, page_id, survey_id, question_id)
    form = DiscoverThemesForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("count", ["Give a number of themes."])))
        return _back(page, survey, question)
    try:
        found = discover_themes(
            page=page,
            survey_id=survey.id,
            question_id=question.id,
            count=form.cleaned_data["count"],
        )
    except ThemeError as error:
        messages.error(request, str(error))
        return _back(page, survey, question)
    log(
        instance=page,
        action="consultation_blocks.themes.found",
        user=request.user,
        data={"question": question.id, "themes": len(found)},
    )
    messages.success(request, f"Found {len(found)} themes. Rename or merge them as you see fit.")
    return _back(page, survey, question)


def _theme(page, survey, question, theme_id):
    return get_object_or_404(
        AnswerTheme, pk=theme_id, page=page, survey_id=survey.id, question_id=question.id
    )


@require_POST
def rename(request, page_id, survey_id, question_id, theme_id):
    page, survey, question = _question(request, page_id, survey_id, question_id)
    theme = _theme(page, survey, question, theme_id)
    form = RenameThemeForm(request.POST)
    if form.is_valid():
        try:
            rename_theme(theme=theme, label=form.cleaned_data["label"])
        except ThemeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Renamed the theme “{theme.label}”.")
    else:
        messages.error(request, "Give the theme a name of at most 120 characters.")
    return _back(page, survey, question)


@require_POST
def merge(request, page_id, survey_id, question_id):
    page, survey, question = _question(request, page_id, survey_id, question_id)
    form = MergeThemesForm(request.POST, themes=themes_for(page, survey.id, question.id))
    if not form.is_valid():
        messages.error(request, "Choose two different themes of this question to merge.")
        return _back(page, survey, question)
    source, target = form.theme("source"), form.theme("target")
    moved = merge_themes(source=source, target=target)
    messages.success(
        request, f"Merged into “{target.label}”: {moved} answer{'s' if moved != 1 else ''} moved."
    )
    return _back(page, survey, question)


@require_POST
def assign(request, page_id, survey_id, question_id):
    page, survey, question = _question(request, page_id, survey_id, question_id)
    question_themes = list(
        AnswerTheme.objects.filter(page=page, survey_id=survey.id, question_id=question.id)
    )
    form = AssignThemeForm(request.POST, themes=question_themes)
    response = None
    if form.is_valid():
        response = SurveyResponse.objects.filter(
            pk=form.cleaned_data["response"], page=page, survey_id=survey.id
        ).first()
    if response is None:
        messages.error(request, "That answer or theme could not be found.")
        return _back(page, survey, question)
    theme = form.theme("theme")
    assign_answer(response=response, question_id=question.id, theme=theme, user=request.user)
    messages.success(
        request,
        f"Answer {response.pk} coded “{theme.label}”."
        if theme
        else f"Answer {response.pk} has no theme now.",
    )
    # Back to the same filtered page of answers; only these two values are carried.
    kept = {
        name: value
        for name in ("theme", "p")
        if (value := request.POST.get(f"return_{name}", "")).isascii() and value.isalnum()
    }
    return _back(page, survey, question, f"?{urlencode(kept)}" if kept else "")


def export(request, page_id, survey_id, question_id):
    page, survey, question = _question(request, page_id, survey_id, question_id)
    rows = (
        [neutralise(value) for value in row] for row in coding_rows(page, survey.id, question.id)
    )
    filename = f"{page.slug}-themes-{question.id}-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
