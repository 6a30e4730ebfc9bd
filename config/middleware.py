"""Addresses carrying a NUL character are refused before any view sees them.

No browser puts NUL in a link or a search box, and PostgreSQL cannot store or even
compare text containing it: a search, an API filter or a listing filter holding one
would otherwise end in a server error. Refusing here keeps every view, Wagtail's admin
and API included, from having to remember it.

Form bodies are left to their forms, which refuse NUL with an error beside the field
(Django's CharField does) so the resident keeps everything else they typed.
"""

from django.http import JsonResponse
from django.shortcuts import render

from .api import API_PREFIX

NUL = "\x00"
# Site search reads its query through search/query.py, which drops control characters
# and answers with results: a visitor pasting odd text into the box gets a page, not an
# error.
CLEANS_ITS_OWN_QUERY = frozenset({"search", "search_suggest"})
REFUSAL = (
    "The web address you used contains a character we cannot accept. "
    "Check the address, or go back and try again."
)


def _sent_nul(request):
    if NUL in request.path_info:
        return True
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()
    )


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.url_name in CLEANS_ITS_OWN_QUERY or not _sent_nul(request):
            return None
        if request.path_info.startswith(f"/{API_PREFIX}"):
            # The shape of Wagtail's own API errors.
            return JsonResponse({"message": REFUSAL}, status=400)
        return render(request, "request_refused.html", {"message": REFUSAL}, status=400)
