"""Reads about responses residents allowed to be published: the moderators' queue,
their recent decisions, and a consultation's published responses with search."""

from django.core.paginator import Paginator

from ..models import (
    PublicationChoice,
    PublicationState,
    PublishedResponse,
    SurveyResponse,
)
from ..models.teams import partners_whose_data_user_sees
from ..questions import CONTROL_CHARACTERS

PUBLISHED_PER_PAGE = 20
QUEUE_PER_PAGE = 50
SEARCH_MAX_LENGTH = 200


def clean_search(text):
    """A search as typed, safe to put in a query: no control characters (PostgreSQL
    refuses NUL), single spaces, at most 200 characters."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text or "").replace("\x00", " ").split())[
        :SEARCH_MAX_LENGTH
    ]


def publication_queue(user, page_number=1):
    """One page of the responses whose authors allowed publication and nobody has
    decided on yet, oldest first, in `user`'s partner scope."""
    queryset = (
        SurveyResponse.objects.exclude(publication=PublicationChoice.NO)
        .filter(published_copy__isnull=True)
        .filter(partners_whose_data_user_sees(user).consultations_q(prefix="page__"))
        .select_related("page")
        .order_by("created_at", "pk")
    )
    return Paginator(queryset, QUEUE_PER_PAGE).get_page(page_number)


def recent_decisions(user, limit=20):
    return list(
        PublishedResponse.objects.filter(
            partners_whose_data_user_sees(user).consultations_q(prefix="page__")
        )
        .select_related("page", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def published_responses(page, *, search="", page_number=1):
    """One page of `page`'s published responses, newest first, those containing
    `search` (already cleaned) if given."""
    queryset = PublishedResponse.objects.filter(page=page, state=PublicationState.PUBLISHED)
    if search:
        queryset = queryset.filter(search_text__icontains=search)
    queryset = queryset.only("pk", "answers", "name", "published_at").order_by(
        "-published_at", "-pk"
    )
    return Paginator(queryset, PUBLISHED_PER_PAGE).get_page(page_number)


def published_count(page):
    return PublishedResponse.objects.filter(page=page, state=PublicationState.PUBLISHED).count()
