"""Publishing the responses residents allowed to be published: a moderator's redacted
copy, the decision, and the log of who changed what.

The response itself is never altered: what the public reads is a ``PublishedResponse``
holding the redacted text of each free-text answer.
"""

import re

from django.db import transaction
from django.utils import timezone

from ..models import (
    PublicationChoice,
    PublicationState,
    PublishedResponse,
    RedactionAction,
    RedactionLogEntry,
)

REMOVED = "[removed]"
# Personal details the quick tidy takes out; a moderator still reads every answer.
EMAIL_PATTERN = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# UK telephone numbers: 01632 960 001, 07700 900 123, +44 (0)20 7946 0000, 020-7946-0000.
PHONE_PATTERN = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0)(?:\d[\s-]?){8,9}\d(?!\d)")
# UK postcodes, with or without the space: SK1 3XE, m1 1aa, EC1A1BB.
POSTCODE_PATTERN = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s*\d[A-Z]{2}\b", re.IGNORECASE | re.UNICODE
)


class NotPublishable(Exception):
    """The resident did not allow their response to be published."""


def remove_personal_details(text):
    """The text with email addresses, telephone numbers and postcodes replaced."""
    text = EMAIL_PATTERN.sub(REMOVED, text)
    text = PHONE_PATTERN.sub(REMOVED, text)
    return POSTCODE_PATTERN.sub(REMOVED, text)


def _copy_for(response):
    copy = PublishedResponse.objects.filter(response=response).first()
    if copy is None:
        copy = PublishedResponse(
            response=response,
            page_id=response.page_id,
            survey_id=response.survey_id,
            state=PublicationState.DECLINED,
        )
    return copy


@transaction.atomic
def publish_response(*, response, answers, name, user, now=None):
    """Publish `response` with `answers` (``[(question_id, label, redacted_text)]``,
    the moderator's text) and `name` (ignored unless the resident chose to be named).
    Logs every answer and name that differs from what the resident wrote, or from
    the copy published before."""
    if response.publication == PublicationChoice.NO:
        raise NotPublishable
    now = now or timezone.now()
    copy = _copy_for(response)
    earlier = {item["question_id"]: item["text"] for item in copy.answers or ()}
    was_named = copy.name if copy.pk else response.publication_name
    name = " ".join(name.split()) if response.publication == PublicationChoice.WITH_NAME else ""
    copy.answers = [
        {"question_id": question_id, "question": label, "text": text}
        for question_id, label, text in answers
        if text.strip()
    ]
    copy.search_text = "\n".join(item["text"] for item in copy.answers)
    copy.name = name
    copy.state = PublicationState.PUBLISHED
    copy.decided_by = user
    copy.decided_at = now
    copy.published_at = copy.published_at or now
    copy.save()
    entries = []
    for question_id, _label, text in answers:
        before = earlier.get(question_id, str(response.answers.get(question_id) or ""))
        if text != before:
            entries.append(
                RedactionLogEntry(
                    published=copy,
                    action=RedactionAction.REDACTED,
                    question_id=question_id,
                    before=before,
                    after=text,
                    user=user,
                )
            )
    if response.publication == PublicationChoice.WITH_NAME and name != was_named:
        entries.append(
            RedactionLogEntry(
                published=copy,
                action=RedactionAction.RENAMED,
                before=was_named,
                after=name,
                user=user,
            )
        )
    entries.append(RedactionLogEntry(published=copy, action=RedactionAction.PUBLISHED, user=user))
    RedactionLogEntry.objects.bulk_create(entries)
    return copy


@transaction.atomic
def decline_response(*, response, user, now=None):
    """Keep the response off the site; it leaves the queue."""
    copy = _copy_for(response)
    copy.state = PublicationState.DECLINED
    copy.answers = []
    copy.search_text = ""
    copy.name = ""
    copy.published_at = None
    copy.decided_by = user
    copy.decided_at = now or timezone.now()
    copy.save()
    RedactionLogEntry.objects.create(published=copy, action=RedactionAction.DECLINED, user=user)
    return copy


@transaction.atomic
def unpublish_response(*, copy, user, now=None):
    """Take a published response off the site, keeping its redacted copy to publish again."""
    copy.state = PublicationState.UNPUBLISHED
    copy.published_at = None
    copy.decided_by = user
    copy.decided_at = now or timezone.now()
    copy.save(update_fields=["state", "published_at", "decided_by", "decided_at"])
    RedactionLogEntry.objects.create(published=copy, action=RedactionAction.UNPUBLISHED, user=user)
    return copy
