"""Admin views for "who we heard from": respondents' equality profile against the
census profile of the area, for one consultation or across consultations.

Each view checks ``can_view_responses`` for every consultation it counts; the overview
counts only those the user may see results for, so a partner sees its own.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from ..models import AreaProfile, ConsultationPage
from ..models.teams import partners_whose_data_user_sees
from ..permissions import can_view_responses
from ..selectors.representation import RATIO, representation

TEMPLATE = "consultation_blocks/admin/results/representation.html"


def consultation_representation(request, page_id):
    page = get_object_or_404(ConsultationPage, pk=page_id)
    if not can_view_responses(request.user, page):
        raise PermissionDenied
    return TemplateResponse(
        request,
        TEMPLATE,
        {"page": page, "report": representation([page]), "ratio": round(RATIO * 100)},
    )


class AreaForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Area",
        queryset=AreaProfile.objects.select_related("area"),
        to_field_name="area__slug",
        empty_label=None,
        error_messages={"invalid_choice": "Choose an area that has a census profile."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].label_from_instance = lambda profile: profile.area.name


def representation_overview(request):
    """Every consultation about one area that the user may see results for, together."""
    form = AreaForm(request.GET if "area" in request.GET else None)
    profiles = list(form.fields["area"].queryset)
    profile = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            profile = form.cleaned_data["area"]
        else:
            status = 400
    elif profiles:
        profile = profiles[0]
        form = AreaForm(initial={"area": profile.area.slug})
    pages = []
    report = None
    if profile is not None:
        candidates = (
            ConsultationPage.objects.filter(
                partners_whose_data_user_sees(request.user).consultations_q()
            )
            .filter(Q(areas=profile.area) | Q(areas__parent=profile.area))
            .distinct()
            .order_by("title", "pk")
        )
        pages = [page for page in candidates if can_view_responses(request.user, page)]
        report = representation(pages, profiles=[profile])
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            "form": form,
            "profiles": profiles,
            "profile": profile,
            "pages": pages,
            "report": report,
            "ratio": round(RATIO * 100),
        },
        status=status,
    )
