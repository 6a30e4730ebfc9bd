"""Defences every public form shares: a honeypot, a minimum time to fill the form in, a
rate limit per client address and a cap on the request's size.

Forms include ``{% form_guard "survey" %}`` (see templatetags) and views are wrapped in
``@guard_submission("survey")``; a blocked submission gets a polite page, the right
status code, and a tally a moderator can see. Nothing is stored for a blocked request.
"""

import functools
import ipaddress
import logging
import re
import secrets
import time

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .defaults import setting
from .models import BlockedSubmission, BlockReason

logger = logging.getLogger(__name__)
HONEYPOT_FIELD = "website"
TIMESTAMP_FIELD = "form_started"
_SIGNER_SALT = "consultation_blocks.form-guard"

MESSAGES = {
    BlockReason.HONEYPOT: _(
        "We could not accept this form. If you filled in a field labelled "
        "'Leave this blank', please go back, clear it and send the form again."
    ),
    BlockReason.TOO_FAST: _(
        "This form was sent very quickly after it was shown, which is what automated "
        "spam does. Please go back, check your answers and send it again."
    ),
    BlockReason.NO_TOKEN: _(
        "This form has expired or could not be checked. Please go back, reload the page "
        "and send it again."
    ),
    BlockReason.RATE_LIMIT: _(
        "We have had a lot of forms from your connection in the last few minutes. "
        "Please wait a little and try again."
    ),
    BlockReason.TOO_LARGE: _(
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


def min_fill_seconds():
    return setting("CONSULTATION_MIN_FILL_SECONDS")


def retry_after_seconds():
    """How long a visitor is asked to wait (Retry-After) when the site cannot store what
    they sent."""
    return setting("RETRY_AFTER_SECONDS")


def poll_votes_per_address():
    """Votes one address may cast in one poll. More than one, since a household, an
    office or a library shares an address; few, since a new browser costs nothing."""
    return setting("CONSULTATION_POLL_VOTES_PER_ADDRESS")


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


@functools.lru_cache(maxsize=8)
def _networks(configured):
    return tuple(ipaddress.ip_network(item, strict=False) for item in configured)


def trusted_proxies():
    """The networks whose forwarding header is believed (TRUSTED_PROXIES, as CIDRs)."""
    return _networks(tuple(setting("TRUSTED_PROXIES")))


def _as_ip(value):
    """An address as a proxy writes it ("203.0.113.9", "[2001:db8::1]:443",
    "203.0.113.9:51234"), or None when it is not one."""
    value = value.strip().strip('"')
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(ip, networks):
    return ip is not None and any(ip in network for network in networks)


def client_address(request):
    """The address of the visitor who sent this request: the one rate limits, the poll's
    per-address cap and the comment reporters' keyed hashes all use.

    REMOTE_ADDR is the machine that connected. When it is one of TRUSTED_PROXIES, its
    forwarding header (CONSULTATION_CLIENT_IP_HEADER, X-Forwarded-For by default) is
    read from the right, where each trusted proxy appended the address it saw, skipping
    addresses that are themselves trusted proxies: the first one that is not is the
    visitor. Anything to its left was written by the visitor, so it is never read, and
    with no trusted proxies the header is ignored altogether. A hop that is not an
    address stops the walk at the nearest proxy, so a garbled header cannot turn one
    sender into many.
    """
    peer = request.META.get("REMOTE_ADDR", "") or "unknown"
    networks = trusted_proxies()
    if not _trusted(_as_ip(peer), networks):
        return peer
    header = request.META.get(setting("CONSULTATION_CLIENT_IP_HEADER"), "")
    address = peer
    for hop in reversed(header.split(",")):
        ip = _as_ip(hop)
        if ip is None:
            break
        address = str(ip)
        if not _trusted(ip, networks):
            break
    return address


def address_key(request, purpose):
    """A keyed hash of the client address, to tell senders apart without keeping the
    address, which is personal data. A plain hash would not do: there are few enough
    IPv4 addresses to hash them all and look the answer up, so the hash is keyed with
    SECRET_KEY (HMAC). `purpose` gives each use its own key, so the same person's
    report and vote cannot be linked through this value."""
    return salted_hmac(
        f"consultation_blocks.address.{purpose}", client_address(request)
    ).hexdigest()


def _over_rate_limit(request, form_name, allowance=1):
    limit = setting("CONSULTATION_RATE_LIMIT") * allowance
    window = setting("CONSULTATION_RATE_LIMIT_WINDOW")
    bucket = int(time.time() // window)
    key = f"consultation:rate:{form_name}:{client_address(request)}:{bucket}"
    # A cache may count in one call (the site's Redis cache does, in one round trip);
    # any other Django cache counts with add() and incr().
    count_in_window = getattr(cache, "count_in_window", None)
    if count_in_window is not None:
        count = count_in_window(key, window)
        if count is None:
            _log_not_counted(form_name)
            return False
        return count > limit
    # add() is atomic: the first request in a window creates the counter.
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr(), or the cache keeps nothing
        if not cache.add(key, 1, timeout=window):
            _log_not_counted(form_name)
        return False
    return count > limit


def _log_not_counted(form_name):
    # Fail open: refusing every resident while the cache is down would close every
    # form on the site. The honeypot, the fill time and the size cap still apply. The
    # log names the form only: the key holds the visitor's address.
    logger.warning(
        "Rate limit for the %s form not counted: the cache keeps no counters "
        "(is Redis down?). The request is let through.",
        form_name,
    )


def _too_large(request):
    limit = setting("CONSULTATION_MAX_BODY_BYTES")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > limit


def _token_problem(value):
    read = _read_token(value, max_age=setting("CONSULTATION_FORM_MAX_AGE"))
    if read is None:
        return BlockReason.NO_TOKEN
    started, _showing = read
    if time.time() - started < min_fill_seconds():
        return BlockReason.TOO_FAST
    return None


def blocked_reason(request, form_name, *, allowance=1):
    """Why this POST should be refused, or None. Cheap checks first, and the body is
    not parsed until its size is known to be reasonable. `allowance` multiplies the
    rate limit (see ``guard_submission``)."""
    if _too_large(request):
        return BlockReason.TOO_LARGE
    if _over_rate_limit(request, form_name, allowance):
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


# POSTs that only move between a form's steps store nothing: they are counted apart,
# with this many times the limit, so that answering a long survey in steps never counts
# as many forms while sending it still counts as one.
STEP_ALLOWANCE = 10


def guard_submission(form_name, *, moves_between_steps=None):
    """Wrap a public view taking (request, page, ...): POSTs pass the defences first.
    `moves_between_steps(request, page, ...)`, if given, tells a POST that only moves
    between steps; those count in their own allowance (STEP_ALLOWANCE)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, page, *args, **kwargs):
            if request.method == "POST":
                stepping = moves_between_steps is not None and moves_between_steps(
                    request, page, *args, **kwargs
                )
                reason = blocked_reason(
                    request,
                    f"{form_name}-steps" if stepping else form_name,
                    allowance=STEP_ALLOWANCE if stepping else 1,
                )
                if reason is not None:
                    record_block(form_name, reason)
                    return blocked_response(request, reason, back_url=page.url)
            return view(request, page, *args, **kwargs)

        return wrapped

    return decorator
