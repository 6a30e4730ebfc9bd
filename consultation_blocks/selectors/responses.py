"""Reads about survey responses in progress: the survey a response answers, and a
resident's saved draft."""

from ..models import SurveyDraft
from ..surveys import find_survey_in


def find_survey(page, survey_id):
    """The Survey with this block id on the page's live body, or None."""
    return find_survey_in(page.body, survey_id)


def find_draft(page, token):
    if not token or len(token) > 64:
        return None
    return SurveyDraft.objects.filter(page=page, token=SurveyDraft.hash_token(token)).first()
