"""Storing what residents send in answer to a survey, and their saved drafts."""

import secrets
import uuid
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import (
    ConsultationStatus,
    EqualityResponse,
    ResponseChannel,
    SurveyDraft,
    SurveyResponse,
)
from .panel_surveys import claim_for_response


class SurveyClosed(Exception):
    """The consultation is not taking responses."""


class AlreadyResponded(Exception):
    """This email address has already been used for a response to this survey."""


@dataclass(frozen=True)
class SubmissionResult:
    response: SurveyResponse
    created: bool


def submit_response(
    *,
    page,
    survey,
    form,
    submission_key,
    channel=ResponseChannel.ONLINE,
    entered_by=None,
    draft_token="",
    panel_invitation=None,
    now=None,
):
    """Store a valid form as one response, with its equality answers, all or nothing.

    Through a panel member's personal link (``panel_invitation``) the response is
    recorded against the invitation in the same transaction: a second response through
    the same link stores nothing (``panel_surveys.InvitationAlreadyAnswered``).

    Sending the same form twice (same submission key) stores it once. Online responses
    are only taken while the consultation is open; staff entering a paper response
    after closing is allowed, since the paper arrived in time. A response sent from a
    translation of the page is stored against the page in the default language, so
    every language's answers count together (the survey's ids are the same).
    """
    if (
        channel == ResponseChannel.ONLINE
        and page.status_at(now or timezone.now()) != ConsultationStatus.OPEN
    ):
        raise SurveyClosed
    served_page, page = page, page.responses_page
    key = _as_uuid(submission_key)
    email = form.respondent_email()
    if survey.one_response_per_email and email:
        # The same form sent again is not a second response from this address: it is
        # answered with the one stored, so the key is looked at before the address.
        existing = SurveyResponse.objects.filter(submission_key=key).first()
        if existing is not None:
            return SubmissionResult(existing, created=False)
        if SurveyResponse.objects.filter(
            page=page, survey_id=survey.id, email=email, one_per_email=True
        ).exists():
            raise AlreadyResponded
    equality = form.equality_answers()
    several_writes = bool(equality) or panel_invitation is not None or bool(draft_token)
    try:
        with _all_or_nothing(several_writes):
            response = SurveyResponse.objects.create(
                page=page,
                survey_id=survey.id,
                answers=form.answers(),
                email=email,
                wants_updates=form.wants_outcome_updates(),
                channel=channel,
                entered_by=entered_by,
                submission_key=key,
                one_per_email=survey.one_response_per_email and bool(email),
                publication=form.publication_choice(),
                publication_name=form.publication_name(),
                publication_chosen_at=timezone.now(),
            )
            if equality:
                EqualityResponse.objects.create(
                    page=page, survey_id=survey.id, answers=equality, channel=channel
                )
            if panel_invitation is not None:
                claim_for_response(panel_invitation, response)
            if draft_token:
                SurveyDraft.objects.filter(
                    page=served_page, token=SurveyDraft.hash_token(draft_token)
                ).delete()
    except IntegrityError:
        # The same form sent twice (the key is unique: most forms are sent once, so
        # this is found by trying to store it rather than looked for on every answer),
        # or a race with the same email address.
        existing = SurveyResponse.objects.filter(submission_key=key).first()
        if existing is not None:
            return SubmissionResult(existing, created=False)
        raise AlreadyResponded from None
    return SubmissionResult(response, created=True)


def _all_or_nothing(several_writes):
    """A transaction around storing a response, when it takes one.

    A response alone is one INSERT, which the database applies whole or not at all
    without a transaction of our own (which would cost a BEGIN and a COMMIT, a round
    trip each). With its equality answers, a panel invitation or a draft to delete it
    is several writes, which must be kept or lost together. Inside a caller's
    transaction a savepoint is still needed: a duplicate key must not abort the
    caller's transaction before the stored response is looked up.
    """
    if several_writes or transaction.get_connection().in_atomic_block:
        return transaction.atomic()
    return nullcontext()


def _as_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        # A tampered key still gets a response stored, just without double-submit protection.
        return uuid.uuid4()


@transaction.atomic
def save_draft(*, page, survey, data, email="", token=""):
    """Save (or update) a partly finished response; returns the private token."""
    if page.status != ConsultationStatus.OPEN:
        raise SurveyClosed
    if token:
        draft = SurveyDraft.objects.filter(
            page=page, survey_id=survey.id, token=SurveyDraft.hash_token(token)
        ).first()
        if draft is not None:
            draft.answers = data
            draft.email = email or draft.email
            draft.save(update_fields=["answers", "email", "updated_at"])
            return token
    token = secrets.token_urlsafe(24)
    SurveyDraft.objects.create(
        page=page,
        survey_id=survey.id,
        token=SurveyDraft.hash_token(token),
        answers=data,
        email=email,
    )
    return token


def delete_expired_drafts(*, now=None):
    """Drafts of consultations that have closed can never be finished: delete them."""
    now = now or timezone.now()
    deleted, _ = SurveyDraft.objects.filter(page__closes_at__lte=now).delete()
    return deleted
