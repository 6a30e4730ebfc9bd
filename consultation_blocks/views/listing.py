"""The consultation index's listing: the visitor's filters, read from the query string,
and a page of results."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponseRedirect

from ..forms.filters import ConsultationFilterForm, filter_choices
from ..fragments import cached_part
from ..selectors.consultations import filter_consultations, live_consultations

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


def listing_address(request):
    """What of the address the listing's markup depends on, as a key for the fragment
    cache: its filters and page number. Other parameters change nothing, except that
    the links to other pages of results keep them ({% querystring %}): those links are
    drawn for each request, from ``listing_pages``."""
    names = [*ConsultationFilterForm.base_fields, "page"]
    return urlencode([(name, request.GET.getlist(name)) for name in names], doseq=True)


def listing_pages(index_page, request, listing, address):
    """The page of results shown, as the same page of a paginator over as many numbers
    as there are results: all the links to other pages need. The count and the page
    number are kept with the listing, so drawing the links asks the database nothing."""
    count, number = cached_part(
        request,
        "index_pages",
        [index_page.pk, address],
        lambda: (listing["paginator"].count, listing["page_obj"].number),
    )
    return Paginator(range(count), CONSULTATIONS_PER_PAGE).get_page(number)


def redirect_without_empty_filters(request):
    """A GET filter form sends every select, chosen or not (`?status=&area=glossop`).
    Send the visitor to the same listing without the empty ones, so addresses they
    share, bookmark or page through say only what they chose. None when already clean."""
    pairs = [(key, value) for key, value in request.GET.lists() for value in value]
    kept = [(key, value) for key, value in pairs if value.strip()]
    if len(kept) == len(pairs):
        return None
    return HttpResponseRedirect(request.path + (f"?{urlencode(kept)}" if kept else ""))
