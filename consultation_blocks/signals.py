"""The plugin's only signal handler: when a consultation is published with its outcome
already visible, queue the emails to respondents who asked for them. The work itself
happens in services.notifications; outcomes scheduled for later are caught by
`manage.py send_notifications`."""

from django.db import transaction
from wagtail.signals import page_published

from .models import ConsultationPage
from .notifications import notify_outcome_task


def queue_outcome_emails(sender, instance, **kwargs):
    if instance.status == "outcome" and not hasattr(instance, "outcome_notification"):
        page_id = instance.pk
        transaction.on_commit(lambda: notify_outcome_task.enqueue(page_id=page_id))


def connect():
    page_published.connect(
        queue_outcome_emails, sender=ConsultationPage, dispatch_uid="consultation-outcome-emails"
    )
