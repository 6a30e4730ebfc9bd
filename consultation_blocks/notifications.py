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
