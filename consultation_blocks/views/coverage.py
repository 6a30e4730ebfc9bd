"""A network body's coverage report for staff: a table, and the same as CSV.

The view checks ``can_see_registrations`` for the body itself."""

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from ..coverage_exports import coverage_csv_rows
from ..models import NetworkBodyPage
from ..permissions import can_see_registrations
from ..results.export import csv_chunks
from ..selectors.coverage import NOT_INVITED, coverage_report


def _body_for(request, page_id):
    body = get_object_or_404(NetworkBodyPage, pk=page_id)
    partner_ids = set(body.partners.values_list("pk", flat=True))
    if not can_see_registrations(request.user, body, partner_ids):
        raise PermissionDenied
    return body


def coverage(request, page_id):
    body = _body_for(request, page_id)
    report = coverage_report(body)
    return TemplateResponse(
        request,
        "consultation_blocks/admin/registrations/coverage.html",
        {
            "body": body,
            "report": report,
            "not_invited": NOT_INVITED,
            "sections": [
                ("sector", report.by_sector, True),
                ("area", report.by_area, True),
                ("group represented", report.by_group, False),
            ],
        },
    )


def coverage_csv(request, page_id):
    body = _body_for(request, page_id)
    report = coverage_report(body)
    response = StreamingHttpResponse(
        csv_chunks(coverage_csv_rows(report)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="coverage-{body.slug}-{timezone.localdate().isoformat()}.csv"'
    )
    return response
