"""The one place the plugin sends mail: a background task, so a slow or failing mail
server never holds up a page request.

It imports nothing else of the plugin, so services and views can queue an email without
a cycle; the tasks that compose emails from the database live in ``tasks.py``."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
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
def send_email_with_headers(*, subject, body, recipient, headers):
    """Send a plain-text email to one address with extra headers, e.g. the
    List-Unsubscribe pair that lets mail programs offer one-click unsubscribe
    (RFC 8058). Failures are logged without the address."""
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], headers=dict(headers)
    )
    try:
        message.send(fail_silently=False)
    except OSError:
        logger.exception("Could not send %r to 1 recipient", subject)
        raise


@task()
def send_email_with_attachment(*, subject, body, recipient, filename, content, mimetype):
    """Send a plain-text email to one address with one text attachment, such as an
    event's calendar file (none when ``filename`` is empty). Failures are logged
    without the address."""
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    if filename:
        message.attach(filename, content, mimetype)
    try:
        message.send(fail_silently=False)
    except OSError:
        logger.exception("Could not send %r to 1 recipient", subject)
        raise
