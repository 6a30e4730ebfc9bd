"""Background tasks (django-tasks): run in the request's process in development and
tests, queued in the database for ``manage.py db_worker`` in production.

Each task runs a service; the plain email task is ``mail.send_email``, which
services queue themselves. Signal handlers queue these tasks (``signal_handlers.py``).
"""

from django.conf import settings
from django_tasks import task

from .models import ConsultationPage
from .services.alerts import send_immediate_alerts
from .services.notifications import notify_outcome, send_moderation_digest
from .services.workflow_notifications import send_workflow_notification


@task()
def send_workflow_notification_task(kind, object_id, user_id=None, task_state_id=None):
    return send_workflow_notification(
        kind=kind, object_id=object_id, user_id=user_id, task_state_id=task_state_id
    )


@task()
def send_moderation_digest_task():
    return send_moderation_digest(base_url=settings.WAGTAILADMIN_BASE_URL)


@task()
def notify_outcome_task(*, page_id):
    page = ConsultationPage.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    return notify_outcome(page=page, base_url=settings.WAGTAILADMIN_BASE_URL)


@task()
def send_immediate_alerts_task(*, page_id):
    return send_immediate_alerts(base_url=settings.WAGTAILADMIN_BASE_URL, page_ids=[page_id])
