from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def search(request):
    query_string = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query_string:
        results = Page.objects.live().public().specific().search(query_string)
        Query.get(query_string).add_hit()

    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_of_results = paginator.page(1)
    except EmptyPage:
        page_of_results = paginator.page(paginator.num_pages)

    return TemplateResponse(
        request,
        "search/search.html",
        {"query": query_string, "results": page_of_results, "paginator": paginator},
    )
