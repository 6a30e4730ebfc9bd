"""Finding themes in the written answers to one question, and the corrections staff
make by hand: rename, merge, and code an answer with another theme.

The finder runs on this server with scikit-learn: each answer becomes a TF-IDF vector
of its words, non-negative matrix factorisation splits those vectors into the asked
number of themes, and each answer goes to the theme it weighs most in. No model is
downloaded and no text is sent anywhere. With a fixed seed, the same answers give the
same themes.
"""

from dataclasses import dataclass

from django.db import transaction

from ..models import AnswerTheme, SurveyResponse, ThemeAssignment

MIN_THEMES = 2
MAX_THEMES = 12
# Fewer answers than this per theme asked for give themes of one or two answers each,
# which say nothing; the finder refuses and says why.
ANSWERS_PER_THEME = 3
TOP_WORDS = 8
LABEL_WORDS = 3
# The most answers read at once: beyond this the finder would hold too much in memory
# for a web request; the newest are used and the page says so.
MAX_ANSWERS = 20_000


class ThemeError(ValueError):
    """The themes could not be found; the message says why, for staff."""


@dataclass(frozen=True)
class FoundThemes:
    top_words: list  # per theme, a list of words
    assignments: list  # per answer, (theme index, weight) or None


def find_themes(texts, count):
    """Group `texts` into `count` themes. Pure: no database."""
    # Imported here: scikit-learn takes a second to load, and only this needs it.
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        max_df=0.9,
        # Words of letters only, three or more: numbers and codes are rarely a theme.
        token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError as error:  # every word was a stop word, or too common
        raise ThemeError(
            "These answers have too few distinctive words to group into themes."
        ) from error
    if matrix.shape[1] < count:
        raise ThemeError(
            f"These answers use only {matrix.shape[1]} distinctive words: ask for fewer themes."
        )
    model = NMF(n_components=count, init="nndsvda", random_state=0, max_iter=500)
    weights = model.fit_transform(matrix)
    words = vectorizer.get_feature_names_out()
    top_words = [
        [str(words[index]) for index in component.argsort()[::-1][:TOP_WORDS]]
        for component in model.components_
    ]
    assignments = []
    for row in weights:
        best = int(row.argmax())
        assignments.append((best, float(row[best])) if row[best] > 0 else None)
    return FoundThemes(top_words=top_words, assignments=assignments)


def _answers(page, survey_id, question_id):
    key = f"answers__{question_id}"
    rows = (
        SurveyResponse.objects.filter(page=page, survey_id=survey_id)
        .exclude(**{f"{key}__isnull": True})
        .order_by("-created_at", "-pk")
        .values_list("pk", "answers")[:MAX_ANSWERS]
    )
    answers = []
    for pk, values in rows:
        text = values.get(question_id)
        if isinstance(text, str) and text.strip():
            answers.append((pk, text))
    return answers


@transaction.atomic
def discover_themes(*, page, survey_id, question_id, count):
    """Replace the question's themes and coding with freshly found ones. Returns the
    new themes. Raises ThemeError (nothing changed) when it cannot."""
    if not MIN_THEMES <= count <= MAX_THEMES:
        raise ThemeError(f"Ask for between {MIN_THEMES} and {MAX_THEMES} themes.")
    answers = _answers(page, survey_id, question_id)
    needed = count * ANSWERS_PER_THEME
    if len(answers) < needed:
        raise ThemeError(
            f"There are {len(answers)} written answers: {count} themes need at least "
            f"{needed}. Ask for fewer themes, or wait for more answers."
        )
    found = find_themes([text for _pk, text in answers], count)
    AnswerTheme.objects.filter(page=page, survey_id=survey_id, question_id=question_id).delete()
    themes = AnswerTheme.objects.bulk_create(
        AnswerTheme(
            page=page,
            survey_id=survey_id,
            question_id=question_id,
            label=", ".join(words[:LABEL_WORDS]).capitalize(),
            top_words=words,
        )
        for words in found.top_words
    )
    ThemeAssignment.objects.bulk_create(
        ThemeAssignment(response_id=pk, question_id=question_id, theme=themes[index], weight=weight)
        for (pk, _text), assigned in zip(answers, found.assignments, strict=True)
        if assigned is not None
        for index, weight in [assigned]
    )
    return themes


def rename_theme(*, theme, label):
    label = label.strip()
    if not label:
        raise ThemeError("Give the theme a name.")
    theme.label = label[: AnswerTheme._meta.get_field("label").max_length]
    theme.save(update_fields=["label"])
    return theme


@transaction.atomic
def merge_themes(*, source, target):
    """Move every answer coded `source` to `target`, then remove `source`."""
    if source.pk == target.pk:
        raise ThemeError("Choose two different themes to merge.")
    same_question = (source.page_id, source.survey_id, source.question_id) == (
        target.page_id,
        target.survey_id,
        target.question_id,
    )
    if not same_question:
        raise ThemeError("Only themes of the same question can be merged.")
    moved = ThemeAssignment.objects.filter(theme=source).update(theme=target)
    source.delete()
    return moved


def assign_answer(*, response, question_id, theme, user):
    """Code one answer by hand with `theme`, or take its theme away (theme=None)."""
    if theme is None:
        ThemeAssignment.objects.filter(response=response, question_id=question_id).delete()
        return None
    if (theme.page_id, theme.survey_id, theme.question_id) != (
        response.page_id,
        response.survey_id,
        question_id,
    ):
        raise ThemeError("That theme belongs to another question.")
    assignment, _created = ThemeAssignment.objects.update_or_create(
        response=response,
        question_id=question_id,
        defaults={"theme": theme, "weight": None, "assigned_by": user},
    )
    return assignment
