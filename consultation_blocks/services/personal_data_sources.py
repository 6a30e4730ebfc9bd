"""The personal data features older than the registry keep, registered with it (see
``personal_data.py``): alert subscriptions, survey responses, saved drafts and
comments given with an email address. Responses and comments are anonymised, not
deleted, so results and discussions keep their counts."""

from wagtail.search import index

from .. import personal_data
from ..models import (
    AlertSubscription,
    Comment,
    PublicationChoice,
    PublishedResponse,
    SurveyDraft,
    SurveyResponse,
)

ERASED_COMMENT = "This comment was removed at its author's request."


def _find_alerts(email):
    return [
        personal_data.plain(
            {
                "email": subscription.email,
                "frequency": subscription.get_frequency_display(),
                "about": subscription.kinds,
                "filters": subscription.filters,
                "consent_wording": subscription.consent_wording,
                "subscribed_at": subscription.created_at,
                "confirmed_at": subscription.confirmed_at,
            }
        )
        for subscription in AlertSubscription.objects.filter(email__iexact=email)
    ]


def _erase_alerts(email):
    _, deleted = AlertSubscription.objects.filter(email__iexact=email).delete()
    return deleted.get(AlertSubscription._meta.label, 0)


def _find_responses(email):
    responses = SurveyResponse.objects.filter(email__iexact=email).select_related("page")
    return [
        personal_data.plain(
            {
                "consultation": response.page.title,
                "submitted_at": response.created_at,
                "email": response.email,
                "wants_outcome_updates": response.wants_updates,
                "may_be_published": response.get_publication_display(),
                "name_to_publish": response.publication_name,
                "answers": response.answers,
            }
        )
        for response in responses
    ]


def _erase_responses(email):
    # The answers stay, no longer linked to anyone, so results keep their counts. A
    # published copy goes (it may carry their name and their words in public), and so
    # does their permission to publish.
    responses = SurveyResponse.objects.filter(email__iexact=email)
    PublishedResponse.objects.filter(response__in=responses).delete()
    return responses.update(
        email="",
        wants_updates=False,
        one_per_email=False,
        publication=PublicationChoice.NO,
        publication_name="",
    )


def _find_drafts(email):
    return [
        personal_data.plain(
            {
                "consultation": draft.page.title,
                "saved_at": draft.updated_at,
                "email": draft.email,
                "answers": draft.answers,
            }
        )
        for draft in SurveyDraft.objects.filter(email__iexact=email).select_related("page")
    ]


def _erase_drafts(email):
    deleted, _ = SurveyDraft.objects.filter(email__iexact=email).delete()
    return deleted


def _find_comments(email):
    comments = Comment.objects.filter(email__iexact=email).select_related("page")
    return [
        personal_data.plain(
            {
                "consultation": comment.page.title,
                "written_at": comment.created_at,
                "name": comment.name,
                "email": comment.email,
                "comment": comment.body,
                "state": comment.get_state_display(),
            }
        )
        for comment in comments
    ]


def _erase_comments(email):
    # Kept in place (replies and counts stay), without the name, address or words.
    ids = list(Comment.objects.filter(email__iexact=email).values_list("pk", flat=True))
    erased = Comment.objects.filter(pk__in=ids).update(name="", email="", body=ERASED_COMMENT)
    # The search index held the words too.
    for comment in Comment.objects.filter(pk__in=ids):
        index.insert_or_update_object(comment)
    return erased


personal_data.register(
    "alerts",
    label="Email alerts",
    find=_find_alerts,
    erase=_erase_alerts,
    on_erase="Deleted: you will get no more alerts.",
)
personal_data.register(
    "survey_responses",
    label="Consultation responses",
    find=_find_responses,
    erase=_erase_responses,
    on_erase="Anonymised: your address is removed and the answers are kept, no longer "
    "linked to you, so the results still count them. A response published on the site "
    "is taken down, with your name.",
)
personal_data.register(
    "survey_drafts",
    label="Saved, unfinished responses",
    find=_find_drafts,
    erase=_erase_drafts,
    on_erase="Deleted.",
)
personal_data.register(
    "comments",
    label="Comments",
    find=_find_comments,
    erase=_erase_comments,
    on_erase="Your name, address and words are removed; a note that the comment was "
    "removed stays in its place, so replies and counts still make sense.",
)
