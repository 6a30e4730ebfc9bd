"""The citizens' panel's make-up against the census, in the admin: one local authority
at a time, on the page and as a CSV file with the same figures.

The panel belongs to the whole partnership (residents join it on the public form, as
they ask to be contacted), and the report shows only suppressed totals, so everyone
with ``view_panel_report`` (Moderators and Administrators) sees the same report; the
permission is checked here, in the view.
"""

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse

from ..models import PanelMember
from ..panel_exports import panel_csv_rows
from ..results.export import csv_chunks
from ..selectors.panel import panel_make_up
from ..selectors.representation import RATIO
from .representation import AreaForm

PERMISSION = "consultation_blocks.view_panel_report"


def _chosen_area(request):
    """(form, census profiles, the profile chosen or None, status)."""
    form = AreaForm(request.GET if "area" in request.GET else None)
    profiles = list(form.fields["area"].queryset)
    if form.is_bound:
        if form.is_valid():
            return form, profiles, form.cleaned_data["area"], 200
        return form, profiles, None, 400
    if profiles:
        return AreaForm(initial={"area": profiles[0].area.slug}), profiles, profiles[0], 200
    return form, profiles, None, 200


def panel_report(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form, profiles, profile, status = _chosen_area(request)
    return TemplateResponse(
        request,
        "consultation_blocks/admin/panel/make_up.html",
        {
            "form": form,
            "profiles": profiles,
            "profile": profile,
            "report": panel_make_up(profile) if profile is not None else None,
            "panel_size": PanelMember.objects.active().count(),
            "ratio": round(RATIO * 100),
        },
        status=status,
    )


def panel_report_csv(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form, _, profile, status = _chosen_area(request)
    if profile is None:
        return TemplateResponse(
            request,
            "consultation_blocks/admin/panel/no_file.html",
            {"form": form},
            status=400 if status == 400 else 404,
        )
    response = StreamingHttpResponse(
        csv_chunks(panel_csv_rows(panel_make_up(profile))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="panel-make-up-{profile.area.slug}.csv"'
    )
    return response
