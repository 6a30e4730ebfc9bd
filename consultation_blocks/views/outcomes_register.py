"""The site-wide "You said, we did" register: every published outcome, across
partners, filterable and searchable, without JavaScript."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from ..forms.filters import filter_choices
from ..forms.outcomes import OutcomeRegisterFilterForm
from ..selectors.alerts import outcome_years, published_outcomes, you_said_we_did

OUTCOMES_PER_PAGE = 10


def register(request):
    form = OutcomeRegisterFilterForm(request.GET or None, years=outcome_years(), **filter_choices())
    filters = form.cleaned_filters()
    query = filters.pop("q", "")
    paginator = Paginator(published_outcomes(filters=filters, query=query), OUTCOMES_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    for outcome in page_obj:
        outcome.you_said_we_did = you_said_we_did(outcome)
    return TemplateResponse(
        request,
        "consultation_blocks/outcomes/register.html",
        {
            "form": form,
            "filtered": bool(filters or query),
            "ignored": form.ignored_fields if request.GET else [],
            "page_obj": page_obj,
            "paginator": paginator,
        },
    )
