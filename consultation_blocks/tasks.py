"""Background tasks (django-tasks): run in the request's process in development and
tests, queued in the database for ``manage.py db_worker`` in production."""

from django_tasks import task


@task()
def send_workflow_notification_task(kind, object_id, user_id=None, task_state_id=None):
    from .services.workflow_notifications import send_workflow_notification

    return send_workflow_notification(
        kind=kind, object_id=object_id, user_id=user_id, task_state_id=task_state_id
    )
