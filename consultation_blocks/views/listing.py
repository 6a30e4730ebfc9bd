"""The consultation index's listing: the visitor's filters, read from the query string,
and a page of results."""

from urllib.parse import urlencode

from django.core.paginator import Paginator

from ..filters import ConsultationFilterForm, filter_choices
from ..selectors import filter_consultations, live_consultations

CONSULTATIONS_PER_PAGE = 10


def consultation_listing(index_page, request):
    """Everything the consultation index template needs: filter form, page of results."""
    form = ConsultationFilterForm(request.GET or None, **filter_choices())
    filters = form.cleaned_filters()
    consultations = filter_consultations(
        live_consultations().child_of(index_page), filters
    ).order_by("-opens_at", "title")
    paginator = Paginator(consultations, CONSULTATIONS_PER_PAGE)
    return {
        "form": form,
        "filters": filters,
        # The same filters for the alerts form and the feeds' links.
        "filters_query": urlencode(sorted(filters.items())),
        "ignored": form.ignored_fields if request.GET else [],
        "page_obj": paginator.get_page(request.GET.get("page")),
        "paginator": paginator,
    }
