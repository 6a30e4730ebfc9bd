"""The staff invite list: filter the contacts register by topic, area and group, see
how many it selects, and invite them to a live consultation. Everyone sees and
invites only their partners' entries and the whole partnership's."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from ..forms.contacts import InviteFilterForm, InviteForm
from ..models import Invitation
from ..selectors.contacts import invitable_consultations, invite_list
from ..services.contacts import invite_to_consultation

PERMISSION = "consultation_blocks.change_contact"
PHONE_LIST_LIMIT = 200
RECENT_LIMIT = 50


def invite(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    consultations = invitable_consultations(request.user)
    data = request.POST if request.method == "POST" else request.GET
    filter_form = InviteFilterForm(data or None)
    filters = filter_form.filters() if data else {"topic": "", "area": "", "group": ""}
    invite_form = InviteForm(
        request.POST if request.method == "POST" else None,
        consultations=consultations,
        initial=filters or {},
    )
    if request.method == "POST" and invite_form.is_valid():
        page = invite_form.cleaned_data["consultation"]
        chosen = invite_form.filters()
        sent, before = invite_to_consultation(
            user=request.user, page=page, filters=chosen, base_url=settings.WAGTAILADMIN_BASE_URL
        )
        messages.success(
            request,
            f"Invited {sent} to “{page.title}”."
            + (f" {before} on this list had been invited before." if before else ""),
        )
        return HttpResponseRedirect(
            reverse("consultation_blocks_contacts_invite") + "?" + urlencode(chosen)
        )
    status = 400 if (filters is None or invite_form.errors) else 200
    context = {
        "filter_form": filter_form,
        "invite_form": invite_form,
        "consultations": consultations,
        "recent": Invitation.objects.filter(
            page__in=invitable_consultations(request.user).values("pk")
        ).select_related("page", "contact", "organisation", "invited_by")[:RECENT_LIMIT],
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
