"""Reading a question's themes: each with its number of answers and its most typical
answers, the answers with the theme each is coded with, and the coding as rows for a
file. Query counts do not grow with the number of themes or answers."""

from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber

from ..models import AnswerTheme, ResponseChannel, ThemeAssignment
from .results import CHUNK_SIZE, responses_for

EXAMPLES_PER_THEME = 3
ANSWERS_PER_PAGE = 25
NO_THEME = "none"


def themes_for(page, survey_id, question_id):
    """The question's themes, most answers first, each with `answer_count` and
    `examples` (the answers that weigh most in it)."""
    themes = list(
        AnswerTheme.objects.filter(page=page, survey_id=survey_id, question_id=question_id)
        .annotate(answer_count=Count("assignments"))
        .order_by("-answer_count", "pk")
    )
    examples = (
        ThemeAssignment.objects.filter(theme__in=[theme.pk for theme in themes])
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("theme_id")],
                order_by=[F("weight").desc(nulls_last=True), F("pk").asc()],
            )
        )
        .filter(place__lte=EXAMPLES_PER_THEME)
        .values_list("theme_id", "response__answers")
    )
    by_theme = {}
    for theme_id, answers in examples:
        by_theme.setdefault(theme_id, []).append(answers.get(question_id, ""))
    for theme in themes:
        theme.examples = by_theme.get(theme.pk, [])
    return themes


def _answers_with_themes(page, survey_id, question_id, channel=""):
    coded = ThemeAssignment.objects.filter(response=OuterRef("pk"), question_id=question_id)
    return (
        responses_for(page, survey_id, channel)
        .filter(**{f"answers__{question_id}__isnull": False})
        .annotate(
            theme_id=Subquery(coded.values("theme_id")[:1]),
            theme_weight=Subquery(coded.values("weight")[:1]),
        )
    )


def coded_answers(page, survey_id, question_id, *, theme="", page_number=1):
    """One page of the answers with the id of the theme each is coded with (or None).
    `theme` narrows to one theme's id, or NO_THEME for answers without one."""
    queryset = _answers_with_themes(page, survey_id, question_id)
    if theme == NO_THEME:
        queryset = queryset.filter(theme_id__isnull=True)
    elif theme:
        queryset = queryset.filter(theme_id=theme)
    rows = queryset.order_by("-created_at", "-pk").values_list(
        "pk", "created_at", "answers", "theme_id", "theme_weight"
    )
    paginator = Paginator(rows, ANSWERS_PER_PAGE)
    answers_page = paginator.get_page(page_number)
    answers_page.object_list = [
        {
            "response_id": pk,
            "created_at": created_at,
            "text": answers.get(question_id, ""),
            "theme_id": theme_id,
            "by_hand": theme_id is not None and weight is None,
        }
        for pk, created_at, answers, theme_id, weight in answers_page.object_list
    ]
    return answers_page


CODING_HEADERS = ["Response", "Submitted at", "Channel", "Answer", "Theme", "Coded"]


def coding_rows(page, survey_id, question_id):
    """The coding as rows, headers first, read in chunks (for CSV export)."""
    labels = dict(
        AnswerTheme.objects.filter(
            page=page, survey_id=survey_id, question_id=question_id
        ).values_list("pk", "label")
    )
    yield CODING_HEADERS
    rows = (
        _answers_with_themes(page, survey_id, question_id)
        .order_by("created_at", "pk")
        .values_list("pk", "created_at", "channel", "answers", "theme_id", "theme_weight")
    )
    for pk, created_at, channel, answers, theme_id, weight in rows.iterator(chunk_size=CHUNK_SIZE):
        if theme_id is None:
            coded = ""
        else:
            coded = "by hand" if weight is None else "automatically"
        yield [
            pk,
            created_at.isoformat(timespec="seconds"),
            ResponseChannel(channel).label,
            answers.get(question_id, ""),
            labels.get(theme_id, ""),
            coded,
        ]
