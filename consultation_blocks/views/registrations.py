"""Registering for an event and cancelling, on the event page's own routes
(``RegistrableMixin``): thin views over ``forms.registrations`` and
``services.registrations``.

The routes are sub-routes of a Wagtail page, so an anonymous visitor's POST is checked
by its origin rather than a CSRF token (config/middleware.py) and meets the spam
defences every public form shares (``spam.guard_submission``).
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse

from ..forms.registrations import RegistrationForm
from ..models.registrations import RegistrationStatus, consent_wording
from ..selectors.registrations import places_left
from ..services import registrations as service
from ..spam import guard_submission

FORM_NAME = "registration"


@guard_submission(FORM_NAME)
def register(request, page):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    closed = page.registration_closed_reason()
    status = 200
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if closed:
            status = 403
        elif form.is_valid():
            data = form.cleaned_data
            try:
                registration = service.register(
                    page=page,
                    name=data["name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    groups_represented=data["groups_represented"],
                    access_needs=data["access_needs"],
                    dietary_needs=data["dietary_needs"],
                    base_url=settings.WAGTAILADMIN_BASE_URL,
                )
            except service.AlreadyRegistered as refusal:
                form.add_error("email", str(refusal))
            except service.RegistrationRefused as refusal:
                closed = str(refusal)
                status = 403
            else:
                return TemplateResponse(
                    request,
                    "consultation_blocks/registrations/registered.html",
                    {"page": page, "registration": registration},
                )
        if status == 200:
            status = 400
    else:
        form = RegistrationForm()
    return TemplateResponse(
        request,
        "consultation_blocks/registrations/register.html",
        {
            "page": page,
            "form": form,
            "closed": closed,
            "places_left": places_left(page),
            "consent_wording": consent_wording(),
        },
        status=status,
    )


def cancel(request, page, link):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        registration = service.registration_from_link(page, link)
        if request.method == "POST":
            service.cancel(page=page, link=link, base_url=settings.WAGTAILADMIN_BASE_URL)
            registration = None
    except service.InvalidCancelLink as error:
        return TemplateResponse(
            request,
            "consultation_blocks/registrations/invalid_link.html",
            {"page": page, "message": str(error)},
            status=400,
        )
    active = registration is not None and registration.status != RegistrationStatus.CANCELLED
    return TemplateResponse(
        request,
        "consultation_blocks/registrations/cancel.html"
        if active
        else "consultation_blocks/registrations/cancelled.html",
        {"page": page, "registration": registration},
    )
