"""Seeing, exporting and erasing what the site holds about an email address: through a
link emailed to that address, or by staff on the person's request (logged).

Every source of personal data is in the registry (``personal_data.py``). Asking for a
link answers the same way whether or not the address is known: the same page, and the
same email to the address, so nobody learns who is on the site.
"""

import csv
import datetime
import io
import json
import uuid

from django.core import signing
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .. import personal_data
from ..defaults import setting
from ..mail import send_email
from ..models import AccessRequest, SubjectAccessAction, SubjectAccessLog
from ..results.export import neutralise

_LINK_SALT = "consultation_blocks.subject_access.link"
REPEAT_EMAIL_SECONDS = 600


class InvalidAccessLink(Exception):
    """The message is safe to show."""


def link_lifetime():
    return datetime.timedelta(hours=setting("SUBJECT_ACCESS_LINK_HOURS"))


def email_hash(email):
    """A keyed hash naming an address in the log without keeping it."""
    return salted_hmac(
        "consultation_blocks.subject_access.email", personal_data.normalise_email(email)
    ).hexdigest()


# The emailed link ---------------------------------------------------------------------


def access_url(access_request, base_url=""):
    token = signing.dumps(str(access_request.token), salt=_LINK_SALT)
    return base_url + reverse("consultation_blocks:my_data", args=[token])


def request_access(*, email, base_url=""):
    """Email a link to see the data held about ``email``, whatever it is."""
    email = personal_data.normalise_email(email)
    digest = salted_hmac("consultation_blocks.subject_access.repeat", email).hexdigest()
    if not cache.add(f"consultation:my-data:{digest}", 1, timeout=REPEAT_EMAIL_SECONDS):
        return
    with transaction.atomic():
        access_request = AccessRequest.objects.create(email=email)
        body = render_to_string(
            "consultation_blocks/my_data/emails/link.txt",
            {
                "url": access_url(access_request, base_url),
                "hours": setting("SUBJECT_ACCESS_LINK_HOURS"),
            },
        )
        transaction.on_commit(
            lambda: send_email.enqueue(
                subject="See the information we hold about you", body=body, recipients=[email]
            )
        )


def request_from_link(value, now=None):
    now = now or timezone.now()
    expired = InvalidAccessLink("This link has expired. Please ask for a new one.")
    try:
        token = uuid.UUID(
            signing.loads(value, salt=_LINK_SALT, max_age=link_lifetime().total_seconds())
        )
    except signing.SignatureExpired as error:
        raise expired from error
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise InvalidAccessLink(
            "This link is not valid. Please copy the whole link from the email."
        ) from error
    access_request = AccessRequest.objects.filter(token=token).first()
    if access_request is None or access_request.created_at < now - link_lifetime():
        raise expired
    return access_request


# Finding, exporting, erasing ---------------------------------------------------------


def find(email):
    """[(source, records)] for every registered source, records possibly empty."""
    email = personal_data.normalise_email(email)
    return [(source, source.find(email)) for source in personal_data.registered()]


def for_display(found):
    """[(source, [[(field, value)] per record])], nested values flattened as the CSV
    flattens them ("consents.1.wording")."""
    return [(source, [list(_flatten(record)) for record in records]) for source, records in found]


def summary(found):
    return {source.key: len(records) for source, records in found}


def log(*, user, action, email, counts):
    SubjectAccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        email_hash=email_hash(email),
        summary=counts,
    )


def as_json(found):
    return json.dumps(
        {
            "generated_at": timezone.now().isoformat(),
            "sources": {
                source.key: {"label": source.label, "records": records} for source, records in found
            },
        },
        indent=2,
        ensure_ascii=False,
        # Labels may be lazy translations (the equality questions' answers).
        cls=DjangoJSONEncoder,
    )


def _flatten(value, prefix=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for number, item in enumerate(value, start=1):
            yield from _flatten(item, f"{prefix}.{number}" if prefix else str(number))
    else:
        yield prefix, "" if value is None else value


def as_csv(found):
    """One row per value: source, record number, field and value, so records of every
    shape fit one sheet. Cells that a spreadsheet would run as formulas are quoted."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Source", "Record", "Field", "Value"])
    for source, records in found:
        for number, record in enumerate(records, start=1):
            for field, value in _flatten(record):
                writer.writerow([source.label, number, neutralise(field), neutralise(value)])
    return out.getvalue()


def export(*, email, fmt, user=None):
    """The data about ``email`` as (content, content type, file name), logged."""
    found = find(email)
    if fmt == "json":
        content, content_type, action = as_json(found), "application/json", "export_json"
    else:
        content, content_type, action = as_csv(found), "text/csv", "export_csv"
    log(user=user, action=SubjectAccessAction(action), email=email, counts=summary(found))
    return content, content_type, f"my-data.{fmt}"


def erase(*, email, user=None):
    """Erase (or anonymise) everything about ``email`` in every source, at once, and
    log it. Returns {source key: records erased}."""
    email = personal_data.normalise_email(email)
    with transaction.atomic():
        counts = {source.key: source.erase(email) for source in personal_data.registered()}
        AccessRequest.objects.filter(email__iexact=email).delete()
        log(user=user, action=SubjectAccessAction.ERASE, email=email, counts=counts)
    return counts
