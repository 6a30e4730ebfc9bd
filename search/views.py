from django.http import JsonResponse
from django.template.response import TemplateResponse

from .query import parse
from .services import empty_page_context, run_search, suggest_as_you_type


def search(request):
    query = parse(request.GET)
    results = run_search(query, request=request)
    # The page's own search box replaces the header's.
    context = {"query": query, "results": results, "hide_header_search": True}
    if not results.total:
        context.update(empty_page_context())
    return TemplateResponse(request, "search/search.html", context)


def suggest(request):
    """Titles for search-as-you-type, as JSON: {"suggestions": [...]}."""
    return JsonResponse({"suggestions": suggest_as_you_type(request.GET.get("q", ""))})
