"""Panel-only surveys: inviting the citizens' panel's active members to a consultation
page (one personal link each), the reminders to those who have not answered, and the
invitations in the personal-data registry.

Emails go through the background mail task once the transaction commits, each with
the panel's one-click leave link (``services.panel``).
"""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from .. import personal_data
from ..defaults import setting
from ..models import (
    ConsultationPage,
    ConsultationStatus,
    PanelMember,
    PanelMemberStatus,
    PanelSurveyInvitation,
)
from .panel import queue_member_email

INVITATION_TEMPLATE = "consultation_blocks/panel_surveys/emails/invitation.txt"


class InvitationAlreadyAnswered(Exception):
    """The personal link has already sent its one response."""


def survey_url(invitation, page, base_url=""):
    """The member's personal link to ``page``'s survey (the page they were invited to,
    or its translation they are reading)."""
    path = page.url + page.reverse_subpage("panel_respond", args=[invitation.token])
    return (base_url + path) if base_url else page.get_site().root_url + path


def _email(invitation, page, *, reminder, base_url):
    member = invitation.member
    queue_member_email(
        member,
        (
            f"Reminder: the panel survey “{page.title}”"
            if reminder
            else f"A survey for the citizens' panel: {page.title}"
        ),
        INVITATION_TEMPLATE,
        {
            "page": page,
            "survey_url": survey_url(invitation, page, base_url),
            "reminder": reminder,
        },
        base_url,
    )


def invite_panel(*, page, user=None, base_url="", now=None):
    """Invite every active panel member not yet invited to ``page`` (a panel-only
    consultation, open or upcoming): one invitation and one email each. Inviting again
    invites only members who joined since. Returns (invited, invited before)."""
    now = now or timezone.now()
    page = page.responses_page
    members = list(
        PanelMember.objects.active()
        .exclude(survey_invitations__page=page)
        .exclude(email="")
        .order_by("pk")
    )
    before = PanelSurveyInvitation.objects.filter(page=page).count()
    try:
        with transaction.atomic():
            invitations = PanelSurveyInvitation.objects.bulk_create(
                [
                    PanelSurveyInvitation(page=page, member=member, invited_by=user, sent_at=now)
                    for member in members
                ]
            )
            for invitation, member in zip(invitations, members, strict=True):
                invitation.member = member
                _email(invitation, page, reminder=False, base_url=base_url)
    except IntegrityError:
        # Someone invited the panel at the same moment; their run sends the emails.
        return 0, PanelSurveyInvitation.objects.filter(page=page).count()
    return len(members), before


def find_invitation(page, token):
    """The invitation a personal link names for ``page``, or None (a mistyped,
    altered or another page's link, or a member who has left)."""
    try:
        value = uuid.UUID(str(token))
    except ValueError:
        return None
    return (
        PanelSurveyInvitation.objects.filter(
            page=page.responses_page, token=value, member__status=PanelMemberStatus.CONFIRMED
        )
        .select_related("member")
        .first()
    )


def claim_for_response(invitation, response, *, now=None):
    """Record that ``invitation`` sent ``response``; called inside the response's
    transaction, so a second response through the same link rolls back whole."""
    claimed = PanelSurveyInvitation.objects.filter(pk=invitation.pk, response__isnull=True).update(
        response=response, answered_at=now or timezone.now()
    )
    if not claimed:
        raise InvitationAlreadyAnswered


def send_reminders(*, now=None, base_url=""):
    """Remind members who have not answered a panel survey that is still open, at most
    ``PANEL_SURVEY_MAX_REMINDERS`` times each and ``PANEL_SURVEY_REMINDER_DAYS`` apart.
    Running it again at once sends nothing. Returns the number reminded."""
    now = now or timezone.now()
    most = setting("PANEL_SURVEY_MAX_REMINDERS")
    gap = datetime.timedelta(days=setting("PANEL_SURVEY_REMINDER_DAYS"))
    open_pages = ConsultationPage.objects.live().filter(
        ConsultationStatus.OPEN.q(now), panel_only=True
    )
    due = (
        PanelSurveyInvitation.objects.filter(
            page__in=open_pages.values("pk"),
            response__isnull=True,
            reminders_sent__lt=most,
            member__status=PanelMemberStatus.CONFIRMED,
        )
        .exclude(member__email="")
        .filter(Q(reminded_at__isnull=True, sent_at__lte=now - gap) | Q(reminded_at__lte=now - gap))
        .select_related("member", "page")
        .order_by("pk")
    )
    reminded = 0
    for invitation in due.iterator():
        with transaction.atomic():
            # Claim the reminder first, so overlapping runs send it once.
            if not PanelSurveyInvitation.objects.filter(
                pk=invitation.pk,
                reminders_sent=invitation.reminders_sent,
                response__isnull=True,
            ).update(reminders_sent=F("reminders_sent") + 1, reminded_at=now):
                continue
            _email(invitation, invitation.page, reminder=True, base_url=base_url)
        reminded += 1
    return reminded


def invitation_counts(page):
    """How many were invited to ``page`` and how many answered, in one query."""
    return PanelSurveyInvitation.objects.filter(page=page.responses_page).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(response__isnull=False))
    )


# Personal data -----------------------------------------------------------------------


def _find_invitations(email):
    invitations = PanelSurveyInvitation.objects.filter(member__email__iexact=email).select_related(
        "page"
    )
    return [
        personal_data.plain(
            {
                "survey": invitation.page.title,
                "invited_at": invitation.sent_at,
                "reminders_sent": invitation.reminders_sent,
                "answered_at": invitation.answered_at,
            }
        )
        for invitation in invitations
    ]


def _erase_invitations(email):
    deleted, _ = PanelSurveyInvitation.objects.filter(member__email__iexact=email).delete()
    return deleted


personal_data.register(
    "panel_survey_invitations",
    label="Citizens' panel survey invitations",
    find=_find_invitations,
    erase=_erase_invitations,
    on_erase="Deleted, with the personal links they held. Any answers you gave stay in "
    "the survey's results, with nothing that links them to you.",
    # Found through the member's address, which erasing the membership clears.
    before="panel_members",
)
