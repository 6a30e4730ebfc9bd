"""Defences every public form shares: a honeypot, a minimum time to fill the form in, a
rate limit per client address and a cap on the request's size.

Forms include ``{% form_guard "survey" %}`` (see templatetags) and views are wrapped in
``@guard_submission("survey")``; a blocked submission gets a polite page, the right
status code, and a tally a moderator can see. Nothing is stored for a blocked request.
"""

import functools
import re
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .defaults import SPAM_DEFAULTS
from .models import BlockedSubmission, BlockReason

HONEYPOT_FIELD = "website"
TIMESTAMP_FIELD = "form_started"
_SIGNER_SALT = "consultation_blocks.form-guard"

MESSAGES = {
    BlockReason.HONEYPOT: (
        "We could not accept this form. If you filled in a field labelled "
        "'Leave this blank', please go back, clear it and send the form again."
    ),
    BlockReason.TOO_FAST: (
        "This form was sent very quickly after it was shown, which is what automated "
        "spam does. Please go back, check your answers and send it again."
    ),
    BlockReason.NO_TOKEN: (
        "This form has expired or could not be checked. Please go back, reload the page "
        "and send it again."
    ),
    BlockReason.RATE_LIMIT: (
        "We have had a lot of forms from your connection in the last few minutes. "
        "Please wait a little and try again."
    ),
    BlockReason.TOO_LARGE: (
        "What you sent is too long for us to accept. Please shorten your answers and try again."
    ),
}
STATUS = {
    BlockReason.HONEYPOT: 400,
    BlockReason.TOO_FAST: 400,
    BlockReason.NO_TOKEN: 400,
    BlockReason.RATE_LIMIT: 429,
    BlockReason.TOO_LARGE: 413,
}


def _setting(name):
    return getattr(settings, name, SPAM_DEFAULTS[name])


def min_fill_seconds():
    return _setting("CONSULTATION_MIN_FILL_SECONDS")


def poll_votes_per_address():
    """Votes one address may cast in one poll. More than one, since a household, an
    office or a library shares an address; few, since a new browser costs nothing."""
    return _setting("CONSULTATION_POLL_VOTES_PER_ADDRESS")


def form_token(now=None):
    """A signed note of when the form was shown, checked when it comes back, with a
    random value that tells this showing of the form from every other (see
    form_showing())."""
    return signing.dumps(
        {"t": now if now is not None else time.time(), "n": secrets.token_hex(16)},
        salt=_SIGNER_SALT,
    )


# The value of every start-time input, as form_guard.html writes it.
_TOKEN_VALUE = re.compile(rb'(?<=name="' + TIMESTAMP_FIELD.encode() + rb'" value=")[^"]*')


def split_at_form_tokens(html):
    """The rendered page ``html`` (bytes) cut where its forms' start times are, for
    join_with_fresh_token().

    A page served from the page cache was rendered for someone else, maybe minutes
    ago: without a fresh start time, every form on it would look long since started,
    and every visitor given that copy would share one showing (and so one submission
    key). The page cache stores the pieces once and joins them for each visitor; a
    CDN's copy cannot be refreshed: its start time is when the CDN fetched it, at most
    PAGE_CACHE_SECONDS before, which the README's "Caching" discusses.
    """
    return _TOKEN_VALUE.split(html)


def join_with_fresh_token(pieces):
    """The page again, every form on it started now, in one new showing (the forms on
    one page are one showing: a survey's key also carries the survey's id)."""
    return form_token().encode().join(pieces)


def _read_token(value, max_age=None):
    """(started, showing) from a token, or None when it is missing or forged. Tokens
    made before the showing was added hold the time alone."""
    if not value:
        return None
    try:
        data = signing.loads(value, salt=_SIGNER_SALT, max_age=max_age)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if isinstance(data, dict):
        started, showing = data.get("t"), data.get("n", "")
    else:
        started, showing = data, ""
    try:
        return float(started), str(showing)
    except (TypeError, ValueError):
        return None


def form_showing(request):
    """The random value of the showing of the form this POST came from ("" if none).
    The guard has checked the token's signature before any view reads this."""
    read = _read_token(request.POST.get(TIMESTAMP_FIELD))
    return read[1] if read else ""


def client_address(request):
    """The address to rate-limit. Behind a proxy, name the header it sets in
    CONSULTATION_CLIENT_IP_HEADER; it is ignored otherwise, since anyone can send it."""
    header = _setting("CONSULTATION_CLIENT_IP_HEADER")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def address_key(request, purpose):
    """A keyed hash of the client address, to tell senders apart without keeping the
    address, which is personal data. A plain hash would not do: there are few enough
    IPv4 addresses to hash them all and look the answer up, so the hash is keyed with
    SECRET_KEY (HMAC). `purpose` gives each use its own key, so the same person's
    report and vote cannot be linked through this value."""
    return salted_hmac(
        f"consultation_blocks.address.{purpose}", client_address(request)
    ).hexdigest()


def _over_rate_limit(request, form_name):
    limit = _setting("CONSULTATION_RATE_LIMIT")
    window = _setting("CONSULTATION_RATE_LIMIT_WINDOW")
    bucket = int(time.time() // window)
    key = f"consultation:rate:{form_name}:{client_address(request)}:{bucket}"
    # add() is atomic: the first request in a window creates the counter.
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return False
    return count > limit


def _too_large(request):
    limit = _setting("CONSULTATION_MAX_BODY_BYTES")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > limit


def _token_problem(value):
    read = _read_token(value, max_age=_setting("CONSULTATION_FORM_MAX_AGE"))
    if read is None:
        return BlockReason.NO_TOKEN
    started, _showing = read
    if time.time() - started < min_fill_seconds():
        return BlockReason.TOO_FAST
    return None


def blocked_reason(request, form_name):
    """Why this POST should be refused, or None. Cheap checks first, and the body is
    not parsed until its size is known to be reasonable."""
    if _too_large(request):
        return BlockReason.TOO_LARGE
    if _over_rate_limit(request, form_name):
        return BlockReason.RATE_LIMIT
    if request.POST.get(HONEYPOT_FIELD):
        return BlockReason.HONEYPOT
    return _token_problem(request.POST.get(TIMESTAMP_FIELD))


def record_block(form_name, reason):
    day = timezone.localdate()
    with transaction.atomic():
        tally, created = BlockedSubmission.objects.get_or_create(
            day=day, form=form_name, reason=reason, defaults={"count": 1}
        )
        if not created:
            BlockedSubmission.objects.filter(pk=tally.pk).update(count=F("count") + 1)


def blocked_response(request, reason, back_url=""):
    return TemplateResponse(
        request,
        "consultation_blocks/blocked.html",
        {"message": MESSAGES[reason], "back_url": back_url},
        status=STATUS[reason],
    )


def guard_submission(form_name):
    """Wrap a public view taking (request, page, ...): POSTs pass the defences first."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, page, *args, **kwargs):
            if request.method == "POST":
                reason = blocked_reason(request, form_name)
                if reason is not None:
                    record_block(form_name, reason)
                    return blocked_response(request, reason, back_url=page.url)
            return view(request, page, *args, **kwargs)

        return wrapped

    return decorator
