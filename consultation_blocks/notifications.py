"""Emails the plugin sends, always from a background task so a slow or failing mail
server never holds up a page request."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_email(*, subject, body, recipients):
    """Send a plain-text email. Failures are logged, not raised into the request."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except OSError:
        logger.exception("Could not send %r to %d recipient(s)", subject, len(recipients))
        raise


@task()
def send_moderation_digest_task():
    from django.conf import settings as django_settings

    from .services.notifications import send_moderation_digest

    return send_moderation_digest(base_url=django_settings.WAGTAILADMIN_BASE_URL)


@task()
def notify_outcome_task(*, page_id):
    from django.conf import settings as django_settings

    from .models import ConsultationPage
    from .services.notifications import notify_outcome

    page = ConsultationPage.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    return notify_outcome(page=page, base_url=django_settings.WAGTAILADMIN_BASE_URL)
