"""Staff views of the engagement network: a body's action log as CSV."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from ..models import NetworkBodyPage
from ..models.network import works_for_body
from ..network_exports import action_log_rows
from ..results.export import csv_chunks
from ..selectors.network import action_log

VIEW_PERMISSION = "consultation_blocks.view_action"


def may_export(user, body_id):
    """Staff who may see the action log (the view permission) and work for one of the
    body's partners, or for every partner."""
    return user.has_perm(VIEW_PERMISSION) and works_for_body(user, body_id)


@require_GET
def action_log_csv(request, body_id):
    body = NetworkBodyPage.objects.filter(pk=body_id).first()
    if body is None:
        raise Http404("No such network body.")
    if not may_export(request.user, body.pk):
        raise PermissionDenied
    response = StreamingHttpResponse(
        csv_chunks(action_log_rows(action_log(body).iterator(chunk_size=500))),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"action-log-{slugify(body.title)}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
