"""The citizens' panel: joining (double opt-in) with the consent shown, the member's
own page (change the profile, leave), leaving in one click, the retention steps, and
the member's data in the personal-data registry.

Links carry a signed, opaque token for the member, never the address. The link to the
member's page shows their equality answers, so it expires after
``MEMBER_PAGE_LINK_DAYS``; a fresh one is sent to the address on request. The link to
leave never expires: a link in an old email must still work. Emails go through the
background mail task once the transaction commits, each with the one-click leave link
(also as the List-Unsubscribe header).

Leaving, removal at the end of the retention period and erasure all clear the same
fields (``_clear``): the row stays with its dates only, so panel surveys know the
member has gone and nothing in it identifies anyone.
"""

import datetime
import uuid

from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .. import personal_data
from ..equality import EQUALITY_QUESTIONS_BY_CODE
from ..mail import send_email_with_headers
from ..models import (
    PANEL_CONSENT_VERSION,
    PANEL_CONSENT_WORDING,
    PANEL_EQUALITY_CODES,
    UNCONFIRMED_RETENTION_DAYS,
    PanelMember,
    PanelMemberStatus,
)
from .contacts import reminder_notice, retention

_CONFIRM_SALT = "consultation_blocks.panel.confirm"
_MEMBER_SALT = "consultation_blocks.panel.member"
_LEAVE_SALT = "consultation_blocks.panel.leave"
_KEEP_SALT = "consultation_blocks.panel.keep"
REPEAT_EMAIL_SECONDS = 600
UNCONFIRMED_RETENTION = datetime.timedelta(days=UNCONFIRMED_RETENTION_DAYS)
MEMBER_PAGE_LINK_DAYS = 30
PROFILE_FIELDS = ("name", "area", "postcode_district", "equality_profile")


class InvalidPanelLink(Exception):
    """A link that was altered, has expired, or names a membership that has ended. The
    message is safe to show."""


# Links -------------------------------------------------------------------------------


def _link(name, salt, member, base_url):
    token = signing.dumps(str(member.token), salt=salt)
    return base_url + reverse(f"consultation_blocks:{name}", args=[token])


def confirm_url(member, base_url=""):
    return _link("panel_confirm", _CONFIRM_SALT, member, base_url)


def member_url(member, base_url=""):
    return _link("panel_member", _MEMBER_SALT, member, base_url)


def leave_url(member, base_url=""):
    return _link("panel_leave", _LEAVE_SALT, member, base_url)


def keep_url(member, base_url=""):
    return _link("panel_keep", _KEEP_SALT, member, base_url)


def _token(value, *, salt, max_age=None, expired_message):
    try:
        token = signing.loads(value, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidPanelLink(expired_message) from error
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise InvalidPanelLink(
            "This link is not valid. Please copy the whole link from the email."
        ) from error
    try:
        return uuid.UUID(str(token))
    except ValueError as error:
        raise InvalidPanelLink("This link is not valid.") from error


def member_from_confirm_link(value):
    token = _token(
        value,
        salt=_CONFIRM_SALT,
        max_age=UNCONFIRMED_RETENTION.total_seconds(),
        expired_message="This confirmation link has expired. Please join again.",
    )
    member = PanelMember.objects.filter(token=token).exclude(status=PanelMemberStatus.LEFT).first()
    if member is None:
        raise InvalidPanelLink("We could not find your details. Please join again.")
    return member


def member_from_page_link(value):
    token = _token(
        value,
        salt=_MEMBER_SALT,
        max_age=datetime.timedelta(days=MEMBER_PAGE_LINK_DAYS).total_seconds(),
        expired_message="This link has expired. Ask for a new one below.",
    )
    member = PanelMember.objects.active().filter(token=token).select_related("area").first()
    if member is None:
        raise InvalidPanelLink("You are not on the panel any more, so there is nothing to show.")
    return member


def member_from_leave_link(value):
    """The member a leave link names, or None once they have left or were removed."""
    token = _token(value, salt=_LEAVE_SALT, expired_message="")
    return PanelMember.objects.filter(token=token).exclude(status=PanelMemberStatus.LEFT).first()


def member_from_keep_link(value):
    token = _token(
        value,
        salt=_KEEP_SALT,
        max_age=(reminder_notice() + datetime.timedelta(days=7)).total_seconds(),
        expired_message="This link has expired. Please join the panel again.",
    )
    member = PanelMember.objects.active().filter(token=token).first()
    if member is None:
        raise InvalidPanelLink("You are not on the panel any more. Please join again.")
    return member


# Emails ------------------------------------------------------------------------------


def _first_email_in_a_while(purpose, email):
    digest = salted_hmac(f"consultation_blocks.panel.{purpose}", email).hexdigest()
    return cache.add(f"consultation:panel:{purpose}:{digest}", 1, timeout=REPEAT_EMAIL_SECONDS)


def queue_member_email(member, subject, template, context, base_url):
    """Email ``member`` (once the transaction commits) with the leave link in the body
    and in the List-Unsubscribe header."""
    leave = leave_url(member, base_url)
    body = render_to_string(template, {"member": member, **context, "leave_url": leave})
    headers = {
        "List-Unsubscribe": f"<{leave}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    email = member.email
    transaction.on_commit(
        lambda: send_email_with_headers.enqueue(
            subject=subject, body=body, recipient=email, headers=headers
        )
    )


def clean_profile(answers):
    """The equality answers worth keeping: the panel's questions, each answered with
    one of its own options (an unanswered question is left out)."""
    profile = {}
    for code in PANEL_EQUALITY_CODES:
        value = answers.get(code)
        options = {option for option, _ in EQUALITY_QUESTIONS_BY_CODE[code].options}
        if value in options:
            profile[code] = value
    return profile


# Joining -----------------------------------------------------------------------------


def join(*, email, name="", area=None, postcode_district="", equality_profile=None, base_url=""):
    """Record an unconfirmed member with the consent shown and email a link to confirm.
    An address already on the panel is left as it is (nobody can change another
    person's profile by typing their address) and is sent a link to its own page
    instead. Returns the member, or None if someone joined with the address at the
    same moment."""
    email = personal_data.normalise_email(email)
    now = timezone.now()
    try:
        with transaction.atomic():
            member = (
                PanelMember.objects.select_for_update()
                .filter(email=email)
                .exclude(status=PanelMemberStatus.LEFT)
                .first()
            )
            if member is not None and member.status == PanelMemberStatus.CONFIRMED:
                subject = "You are already on the citizens' panel"
                template = "consultation_blocks/panel/emails/already_member.txt"
                context = {
                    "member_url": member_url(member, base_url),
                    "days": MEMBER_PAGE_LINK_DAYS,
                }
            else:
                member = member or PanelMember(email=email)
                member.name = name
                member.area = area
                member.postcode_district = postcode_district
                member.equality_profile = clean_profile(equality_profile or {})
                # The consent shown this time replaces any shown before confirmation.
                member.consent_wording = PANEL_CONSENT_WORDING
                member.consent_version = PANEL_CONSENT_VERSION
                member.consent_given_at = now
                # The unconfirmed sign-up is kept from the last time it was asked for.
                member.created_at = now
                member.clean_fields()
                member.save()
                subject = "Confirm you want to join the citizens' panel"
                template = "consultation_blocks/panel/emails/confirm.txt"
                context = {
                    "confirm_url": confirm_url(member, base_url),
                    "days": UNCONFIRMED_RETENTION_DAYS,
                }
            if _first_email_in_a_while("join", email):
                queue_member_email(member, subject, template, context, base_url)
    except IntegrityError:
        return None
    return member


def confirm(*, link, now=None):
    """Confirm the membership a link names; confirming twice changes nothing."""
    member = member_from_confirm_link(link)
    if member.status == PanelMemberStatus.PENDING:
        now = now or timezone.now()
        PanelMember.objects.filter(pk=member.pk, status=PanelMemberStatus.PENDING).update(
            status=PanelMemberStatus.CONFIRMED, confirmed_at=now, keep_until=now + retention()
        )
        member.refresh_from_db()
    return member


def send_member_link(*, email, base_url=""):
    """Email a fresh link to the member's page if ``email`` is on the panel. Asking
    looks the same either way, so the form tells nobody who is a member."""
    email = personal_data.normalise_email(email)
    member = PanelMember.objects.active().filter(email=email).first()
    if member is None or not _first_email_in_a_while("member-link", email):
        return
    queue_member_email(
        member,
        "Your citizens' panel page",
        "consultation_blocks/panel/emails/member_link.txt",
        {"member_url": member_url(member, base_url), "days": MEMBER_PAGE_LINK_DAYS},
        base_url,
    )


def update_profile(*, member, name, area, postcode_district, equality_profile):
    member.name = name
    member.area = area
    member.postcode_district = postcode_district
    member.equality_profile = clean_profile(equality_profile)
    member.clean_fields()
    member.save(update_fields=list(PROFILE_FIELDS))
    return member


# Leaving -----------------------------------------------------------------------------


def _clear(queryset, now):
    """End the memberships in ``queryset``, keeping nothing that identifies anyone."""
    return queryset.exclude(status=PanelMemberStatus.LEFT).update(
        status=PanelMemberStatus.LEFT,
        left_at=now,
        email="",
        name="",
        area=None,
        postcode_district="",
        equality_profile={},
        keep_until=None,
        reminded_at=None,
    )


def leave(*, member, now=None):
    """End ``member``'s membership. Returns whether anything changed."""
    return bool(_clear(PanelMember.objects.filter(pk=member.pk), now or timezone.now()))


def leave_by_link(*, link, now=None):
    member = member_from_leave_link(link)
    if member is None:
        return False
    return leave(member=member, now=now)


def keep(*, link, now=None):
    """The member answered the reminder: record the consent given again, with the
    wording shown now, and start a new retention period."""
    now = now or timezone.now()
    member = member_from_keep_link(link)
    PanelMember.objects.filter(pk=member.pk).update(
        consent_wording=PANEL_CONSENT_WORDING,
        consent_version=PANEL_CONSENT_VERSION,
        consent_given_at=now,
        keep_until=now + retention(),
        reminded_at=None,
    )
    member.refresh_from_db()
    return member


# Retention ---------------------------------------------------------------------------


def delete_unconfirmed(*, now=None):
    now = now or timezone.now()
    deleted, _ = PanelMember.objects.filter(
        status=PanelMemberStatus.PENDING, created_at__lt=now - UNCONFIRMED_RETENTION
    ).delete()
    return deleted


def send_retention_reminders(*, now=None, base_url=""):
    """Remind, once, every member whose retention period ends within the notice period
    (the contacts list's). Returns the number reminded."""
    now = now or timezone.now()
    due = PanelMember.objects.active().filter(
        reminded_at__isnull=True, keep_until__lte=now + reminder_notice()
    )
    reminded = 0
    for member in due.iterator():
        with transaction.atomic():
            # Claim the reminder first, so overlapping runs send it once.
            if not PanelMember.objects.filter(pk=member.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            queue_member_email(
                member,
                "Do you want to stay on the citizens' panel?",
                "consultation_blocks/panel/emails/reminder.txt",
                {
                    "keep_url": keep_url(member, base_url),
                    "removal_on": max(member.keep_until, now + reminder_notice()),
                },
                base_url,
            )
        reminded += 1
    return reminded


def remove_expired(*, now=None):
    """End the membership of everyone whose retention period has ended and who was
    reminded at least the notice period ago without answering."""
    now = now or timezone.now()
    return _clear(
        PanelMember.objects.active().filter(
            keep_until__lte=now, reminded_at__lte=now - reminder_notice()
        ),
        now,
    )


# Personal data -----------------------------------------------------------------------


def _find_members(email):
    members = PanelMember.objects.filter(email__iexact=email).select_related("area")
    found = []
    for member in members:
        profile = {}
        for code, value in member.equality_profile.items():
            question = EQUALITY_QUESTIONS_BY_CODE.get(code)
            if question is not None:
                profile[question.label] = dict(question.options).get(value, value)
        found.append(
            personal_data.plain(
                {
                    "email": member.email,
                    "name": member.name,
                    "status": member.get_status_display(),
                    "area": member.area.name if member.area else "",
                    "postcode_district": member.postcode_district,
                    "about_you": profile,
                    "joined_at": member.created_at,
                    "confirmed_at": member.confirmed_at,
                    "kept_until": member.keep_until,
                    "consent": {
                        "given_at": member.consent_given_at,
                        "wording": member.consent_wording,
                        "wording_version": member.consent_version,
                    },
                }
            )
        )
    return found


def _erase_members(email):
    return _clear(PanelMember.objects.filter(email__iexact=email), timezone.now())


personal_data.register(
    "panel_members",
    label="Citizens' panel",
    find=_find_members,
    erase=_erase_members,
    on_erase="Your membership ends and your details, area and answers about you are "
    "deleted. We keep only that a member left on that day, with nothing that identifies you.",
)
