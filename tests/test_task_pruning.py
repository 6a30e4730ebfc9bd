"""The queue of background tasks keeps each email's arguments, recipients included, in
its table: the daily prune the README schedules removes finished ones after a day, and
keeps what has not run yet."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from consultation_blocks.mail import send_email

pytestmark = pytest.mark.django_db

# The command and arguments of the README's schedule.
SCHEDULED = ("prune_db_task_results", "--min-age-days", "1", "--queue-name", "*")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def queued_email(address):
    send_email.enqueue(subject="Hello", body="Body", recipients=[address])
    return DBTaskResult.objects.get(args_kwargs__kwargs__recipients=[address])


def test_the_scheduled_prune_removes_sent_emails_and_their_addresses(database_queue):
    sent = queued_email("sent@example.org")
    waiting = queued_email("waiting@example.org")
    recent = queued_email("recent@example.org")
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    DBTaskResult.objects.filter(pk=sent.pk).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=two_days_ago
    )
    DBTaskResult.objects.filter(pk=recent.pk).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now()
    )

    call_command(*SCHEDULED, verbosity=0)

    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {waiting.pk, recent.pk}
