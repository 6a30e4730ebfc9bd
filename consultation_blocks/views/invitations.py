"""The staff invite list: filter the contacts register by topic, area and group, see
how many it selects, and invite them to a live consultation or to register for a
network meeting. Everyone sees and invites only their partners' entries and the whole
partnership's, to their partners' consultations and meetings and the partnership's."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from ..forms.contacts import InviteFilterForm, InviteForm, MeetingInviteForm
from ..models import Invitation
from ..selectors.contacts import invitable_consultations, invitable_meetings, invite_list
from ..services import contacts as contacts_service

PERMISSION = "consultation_blocks.change_contact"
PHONE_LIST_LIMIT = 200
RECENT_LIMIT = 50


def invite(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    consultations = invitable_consultations(request.user)
    meetings = invitable_meetings(request.user)
    data = request.POST if request.method == "POST" else request.GET
    filter_form = InviteFilterForm(data or None)
    filters = filter_form.filters() if data else {"topic": "", "area": "", "group": ""}
    posted = request.POST if request.method == "POST" else None
    # Two forms on the page, one per kind of target; a POST names one of them.
    to_meeting = posted is not None and "meeting" in posted and "consultation" not in posted
    invite_form = InviteForm(
        None if to_meeting else posted, consultations=consultations, initial=filters or {}
    )
    meeting_form = MeetingInviteForm(
        posted if to_meeting else None, meetings=meetings, initial=filters or {}
    )
    chosen_form = meeting_form if to_meeting else invite_form
    if posted is not None and chosen_form.is_valid():
        target = chosen_form.target()
        chosen = chosen_form.filters()
        sent, before = contacts_service.invite(
            user=request.user,
            target=target,
            filters=chosen,
            base_url=settings.WAGTAILADMIN_BASE_URL,
        )
        messages.success(
            request,
            f"Invited {sent} to “{target.title}”."
            + (f" {before} on this list had been invited before." if before else ""),
        )
        return HttpResponseRedirect(
            reverse("consultation_blocks_contacts_invite") + "?" + urlencode(chosen)
        )
    status = 400 if (filters is None or invite_form.errors or meeting_form.errors) else 200
    context = {
        "filter_form": filter_form,
        "invite_form": invite_form,
        "meeting_form": meeting_form,
        "consultations": consultations,
        "meetings": meetings,
        "recent": Invitation.objects.filter(
            Q(page__in=invitable_consultations(request.user).values("pk"))
            | Q(meeting__in=invitable_meetings(request.user).values("pk"))
        ).select_related("page", "meeting", "contact", "organisation", "invited_by")[:RECENT_LIMIT],
    }
    if filters is not None:
        by_email, by_phone, organisations = invite_list(request.user, filters)
        context.update(
            {
                "email_count": by_email.count(),
                "organisation_count": organisations.count(),
                "by_phone": list(by_phone.order_by("name")[:PHONE_LIST_LIMIT]),
                "phone_count": by_phone.count(),
            }
        )
    return TemplateResponse(
        request, "consultation_blocks/admin/contacts/invite.html", context, status=status
    )
