"""The public decisions page: the forward plan of key decisions, the decisions made,
and one page per decision."""

from functools import partial
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject

from ..forms.decisions import DecisionFilterForm
from ..selectors.delivery import (
    decision_by_reference,
    decisions_informed_by,
    decisions_made,
    forward_plan,
)

DECISIONS_PER_PAGE = 20


def decision_index(request, page):
    form = DecisionFilterForm(request.GET or None)
    status = 200
    partner = kind = None
    if form.is_bound:
        if form.is_valid():
            partner = form.cleaned_data["partner"]
            kind = form.cleaned_data["kind"] or None
        else:
            # A hand-made address naming no real partner: say so, list nothing.
            status = 400
    planned = forward_plan(partner=partner) if status == 200 else []
    made = decisions_made(partner=partner) if status == 200 else []
    if kind and status == 200:
        made = made.filter(kind=kind)
        if kind != "key":
            planned = []
    paginator = Paginator(made, DECISIONS_PER_PAGE)
    # The pagination links keep the filters that were valid.
    kept = {"partner": partner.slug if partner else "", "kind": kind or ""}
    context = {
        "filter_query": urlencode({key: value for key, value in kept.items() if value}),
        "page": page,
        "self": page,
        "form": form,
        "forward_plan": planned,
        "page_obj": paginator.get_page(request.GET.get("page")),
        "paginator": paginator,
    }
    return TemplateResponse(
        request, "consultation_blocks/decisions/index.html", context, status=status
    )


def decision_detail(request, page, reference):
    decision = decision_by_reference(reference)
    if decision is None:
        raise Http404("There is no decision with that reference.")
    context = {"page": page, "self": page, "decision": decision}
    return TemplateResponse(request, "consultation_blocks/decisions/detail.html", context)


def consultation_decisions_context(consultation):
    """What a consultation's page shows of the decisions it informed: built only when
    drawn, not when that part of the page comes from the fragment cache (building the
    query is a good part of what the page costs then)."""
    return {"informed_decisions": SimpleLazyObject(partial(decisions_informed_by, consultation))}
