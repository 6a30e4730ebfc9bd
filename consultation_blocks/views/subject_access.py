"""Staff find, export and erase a person's data at their request (Administrators and
Privacy officers). The address is always sent by POST, so it never reaches an address
bar, a server log or the browser history, and every step is logged by who, when, what
and a keyed hash of the address."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse

from ..forms.contacts import StaffSubjectAccessForm
from ..models import SubjectAccessAction, SubjectAccessLog
from ..services import subject_access as service
from .my_data import FORMATS, download

PERMISSION = "consultation_blocks.handle_subject_access"
LOG_LIMIT = 50


def subject_access(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {"log": SubjectAccessLog.objects.select_related("user")[:LOG_LIMIT]}
    template = "consultation_blocks/admin/subject_access.html"
    if request.method == "GET":
        context["form"] = StaffSubjectAccessForm()
        return TemplateResponse(request, template, context)
    form = StaffSubjectAccessForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return TemplateResponse(request, template, context, status=400)
    email = form.cleaned_data["email"]
    action = request.POST.get("action", "view")
    if action not in (*FORMATS, "view", "erase"):
        context["form"] = StaffSubjectAccessForm()
        return TemplateResponse(request, template, context, status=400)
    if action in FORMATS:
        return download(*service.export(email=email, fmt=action, user=request.user))
    if action == "erase" and request.POST.get("confirm") == "erase":
        counts = service.erase(email=email, user=request.user)
        context.update({"erased": sum(counts.values()), "form": StaffSubjectAccessForm()})
        return TemplateResponse(request, template, context)
    found = service.find(email)
    if action == "view":
        service.log(
            user=request.user,
            action=SubjectAccessAction.VIEW,
            email=email,
            counts=service.summary(found),
        )
    context.update(
        {
            "found": service.for_display(found),
            "anything": any(records for _, records in found),
            "confirming_erase": action == "erase",
        }
    )
    return TemplateResponse(request, template, context, status=200)
