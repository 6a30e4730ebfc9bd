"""Publishing responses: the moderators' queue, redacting and deciding on one
response, and a consultation's published responses for the public.

Every admin view checks the partner scope itself (``permissions.can_publish_responses``);
the menu only hides the link.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from ..forms.publication import ANSWER_PREFIX, RedactionForm
from ..models import PublicationChoice, PublicationState, PublishedResponse, SurveyResponse
from ..permissions import can_moderate, can_publish_responses
from ..selectors.publication import (
    clean_search,
    publication_queue,
    published_responses,
    recent_decisions,
)
from ..selectors.responses import find_survey
from ..services.publication import (
    NotPublishable,
    decline_response,
    publish_response,
    remove_personal_details,
    unpublish_response,
)

ACTIONS = {"tidy", "publish", "decline", "unpublish"}


def queue(request):
    if not can_moderate(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "consultation_blocks/admin/publication/queue.html",
        {
            "queue": publication_queue(request.user, request.GET.get("p", 1)),
            "decisions": recent_decisions(request.user),
        },
    )


def _free_text_items(response, copy):
    """(question id, label, text to start from) for each free-text answer given: the
    published copy's text once there is one, otherwise what the resident wrote."""
    survey = find_survey(response.page, response.survey_id)
    earlier = {item["question_id"]: item["text"] for item in (copy.answers if copy else ())}
    items = []
    questions = survey.questions if survey else ()
    for question in questions:
        original = response.answers.get(question.id)
        if not question.is_free_text or not isinstance(original, str) or not original.strip():
            continue
        text = earlier.get(question.id, original) if copy and copy.answers else original
        items.append((question.id, question.label, text))
    return items


def review(request, response_id):
    response = get_object_or_404(
        SurveyResponse.objects.select_related("page").exclude(publication=PublicationChoice.NO),
        pk=response_id,
    )
    if not can_publish_responses(request.user, response.page):
        raise PermissionDenied
    copy = (
        PublishedResponse.objects.filter(response=response)
        .prefetch_related("log_entries__user")
        .first()
    )
    items = _free_text_items(response, copy)
    named = response.publication == PublicationChoice.WITH_NAME
    name = copy.name if copy and copy.name else response.publication_name
    originals = {question_id: response.answers.get(question_id) for question_id, _l, _t in items}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            return HttpResponseRedirect(request.path)
        form = RedactionForm(items, request.POST, named=named, name=name)
        if action == "decline":
            decline_response(response=response, user=request.user)
            messages.success(request, f"Response {response.pk} will not be published.")
            return HttpResponseRedirect(reverse("consultation_blocks_publication_queue"))
        if action == "unpublish":
            if copy is None or copy.state != PublicationState.PUBLISHED:
                raise Http404("This response is not published.")
            unpublish_response(copy=copy, user=request.user)
            messages.success(request, f"Response {response.pk} is no longer published.")
            return HttpResponseRedirect(request.path)
        if form.is_valid():
            if action == "tidy":
                tidied = [
                    (question_id, label, remove_personal_details(text))
                    for question_id, label, text in form.redacted_answers()
                ]
                form = RedactionForm(tidied, named=named, name=form.published_name())
            else:
                try:
                    publish_response(
                        response=response,
                        answers=form.redacted_answers(),
                        name=form.published_name(),
                        user=request.user,
                    )
                except NotPublishable:  # pragma: no cover - excluded by the query above
                    raise Http404 from None
                messages.success(request, f"Response {response.pk} is published.")
                return HttpResponseRedirect(request.path)
        else:
            status = 400
    else:
        form = RedactionForm(items, named=named, name=name)
    return TemplateResponse(
        request,
        "consultation_blocks/admin/publication/review.html",
        {
            "response": response,
            "heading": f"Publish response {response.pk}",
            "page": response.page,
            "copy": copy,
            "form": form,
            "rows": [
                (field, originals.get(field.name.removeprefix(ANSWER_PREFIX)))
                for field in form.answer_fields()
            ],
            "log": list(copy.log_entries.all()) if copy else [],
            "public_url": response.page.url + response.page.reverse_subpage("published_responses")
            if response.page.url
            else "",
        },
        status=status,
    )


def published_list(request, page):
    """The consultation's published responses, newest first, with search within them."""
    search = clean_search(request.GET.get("q", ""))
    page_obj = published_responses(page, search=search, page_number=request.GET.get("page", 1))
    return TemplateResponse(
        request,
        "consultation_blocks/publication/published.html",
        {"page": page, "search": search, "page_obj": page_obj},
    )
