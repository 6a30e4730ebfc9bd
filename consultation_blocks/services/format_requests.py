"""Storing residents' requests for other formats and telling the team that runs the
consultation; deleting requests once they are no longer needed."""

import datetime

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ..mail import send_email
from ..models import FORMAT_REQUEST_RETENTION_DAYS, FormatRequest, PartnerTeamMember


def team_addresses(page):
    """Where a request for this consultation goes: the lead partner's contact address
    and its active team members' addresses."""
    partner = page.lead_partner
    if partner is None:
        return []
    addresses = [partner.contact_email] if partner.contact_email else []
    addresses += (
        PartnerTeamMember.objects.filter(partner=partner, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(addresses))


def request_format(*, page, name, email, format, language="", details="", asked_in="", base_url):
    """Store the request and email it to the team in the background."""
    request = FormatRequest.objects.create(
        page=page,
        name=name,
        email=email,
        format=format,
        language=language,
        details=details,
        asked_in=asked_in,
    )
    recipients = team_addresses(page)
    if recipients:
        subject = f"Format request: {request.get_format_display()} – {page.title}"
        body = render_to_string(
            "consultation_blocks/format_requests/email.txt",
            {
                "request": request,
                "page": page,
                "page_url": base_url + page.url,
                "retention_days": FORMAT_REQUEST_RETENTION_DAYS,
            },
        )
        transaction.on_commit(
            lambda: send_email.enqueue(subject=subject, body=body, recipients=recipients)
        )
    return request


def delete_old_format_requests(now=None):
    """Delete requests older than the retention period; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=FORMAT_REQUEST_RETENTION_DAYS)
    deleted, _ = FormatRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
