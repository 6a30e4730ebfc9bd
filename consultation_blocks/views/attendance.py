"""Staff view of an event's registrations, where attendance is recorded after it.

Registrations hold people's details, so the view checks ``can_see_registrations``
itself (the page header button only hides the link): someone who may edit the event
and acts for one of the partners running it, or for every partner.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from ..forms.registrations import AttendanceForm
from ..models import RegistrableMixin
from ..permissions import can_see_registrations
from ..selectors.registrations import (
    confirmed_registrations,
    places_left,
    registration_counts,
    waiting_list,
)
from ..services.registrations import offer_free_places, record_attendance


def registrable_page_for(request, page_id):
    """The event page, or 404; PermissionDenied unless the user may see its people."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, RegistrableMixin):
        raise Http404("This page does not take registrations.")
    if not can_see_registrations(request.user, page, page.registration_partner_ids()):
        raise PermissionDenied
    return page


def registrations(request, page_id):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    page = registrable_page_for(request, page_id)
    confirmed = list(confirmed_registrations(page).select_related("invitee"))
    invitees = page.registration_invitees()
    invitees = list(invitees.order_by("sort_order", "pk")) if invitees is not None else []
    started = page.event_starts_at is not None and page.event_starts_at <= timezone.now()
    recorded_invitees = [
        str(pk) for pk in page.invitee_attendances.values_list("invitee_id", flat=True)
    ]
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        registrations=confirmed,
        invitees=invitees,
        initial={
            "attended": [str(r.pk) for r in confirmed if r.attended],
            "invitees": recorded_invitees,
        },
    )
    status = 200
    if request.method == "POST" and "offer_places" in request.POST:
        promoted = offer_free_places(page=page, base_url=settings.WAGTAILADMIN_BASE_URL)
        messages.success(
            request,
            f"{promoted} {'person' if promoted == 1 else 'people'} on the waiting list "
            f"{'was' if promoted == 1 else 'were'} given a place and emailed.",
        )
        return HttpResponseRedirect(reverse("consultation_blocks_registrations", args=[page.pk]))
    if request.method == "POST":
        if not started:
            form.add_error(None, "Attendance can be recorded once the event has started.")
        if form.is_valid():
            people, organisations = record_attendance(
                page=page,
                attended_ids=form.cleaned_data["attended"],
                invitee_ids=form.cleaned_data["invitees"],
                user=request.user,
            )
            messages.success(
                request,
                f"Attendance saved: {people} registered "
                f"{'person' if people == 1 else 'people'} and {organisations} invited "
                f"organisation{'' if organisations == 1 else 's'} attended.",
            )
            return HttpResponseRedirect(
                reverse("consultation_blocks_registrations", args=[page.pk])
            )
        status = 400
    return TemplateResponse(
        request,
        "consultation_blocks/admin/registrations/registrations.html",
        {
            "page": page,
            "form": form,
            "confirmed": confirmed,
            "waiting": list(waiting_list(page)),
            "counts": registration_counts(page),
            "places_left": places_left(page),
            "started": started,
            "has_invitees": bool(invitees),
        },
        status=status,
    )
