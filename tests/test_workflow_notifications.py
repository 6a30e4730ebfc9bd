"""Workflow emails: who gets them, what they say, and that they never hold up or break
the request that triggered them."""

import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django_tasks import default_task_backend
from django_tasks.backends.dummy import DummyBackend
from django_tasks_db.models import DBTaskResult
from wagtail.admin import signal_handlers as wagtail_signal_handlers
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from consultation_blocks import tasks
from consultation_blocks.models import PartnerApprovalTaskState
from consultation_blocks.services.workflow_notifications import send_workflow_notification
from tests.factories import UserFactory
from tests.test_workflow import approve, reject
from tests.workflow_support import edit_url, form_data_for, refreshed

pytestmark = pytest.mark.django_db


class RefusingQueue(DummyBackend):
    """A task queue that cannot take the workflow emails (Wagtail's own tasks pass)."""

    def enqueue(self, task, args, kwargs):
        if task.func is tasks.send_workflow_notification_task.func:
            raise RuntimeError("queue unavailable")
        return super().enqueue(task, args, kwargs)


class BrokenMailServer(BaseEmailBackend):
    """A mail server that cannot be reached: fails when the connection opens."""

    def open(self):
        raise OSError("Name or service not known")

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def reviewers(role_users):
    """Who is asked to review at the first step: Moderators and Administrators."""
    return {role_users[role].email for role in ("moderator_a", "moderator_b", "administrator")}


@pytest.fixture
def submitted(client_for, role_users, partner_a, make_consultation):
    """A consultation led by partner A, submitted by the comms editor; no email yet."""

    def submit(**fields):
        editor = role_users["comms_editor"]
        page = make_consultation(lead_partner=partner_a, owner=editor, **fields)
        client_for(editor).post(edit_url(page), form_data_for(page, action="submit"))
        mail.outbox.clear()
        return refreshed(page)

    return submit


def test_wagtails_in_request_notifiers_are_replaced_by_background_ones():
    wagtail_notifiers = {
        wagtail_signal_handlers.task_submission_email_notifier,
        wagtail_signal_handlers.workflow_submission_email_notifier,
        wagtail_signal_handlers.workflow_approval_email_notifier,
        wagtail_signal_handlers.workflow_rejection_email_notifier,
    }
    for signal, sender in [
        (task_submitted, TaskState),
        (task_submitted, PartnerApprovalTaskState),
        (workflow_submitted, WorkflowState),
        (workflow_approved, WorkflowState),
        (workflow_rejected, WorkflowState),
    ]:
        receivers = signal._live_receivers(sender)[0]
        assert not wagtail_notifiers & set(receivers)
        assert [receiver.__module__ for receiver in receivers].count(
            "consultation_blocks.signal_handlers"
        ) == 1


def test_emails_are_queued_not_sent_during_the_request(
    settings,
    client_for,
    role_users,
    partner_a,
    make_consultation,
    django_capture_on_commit_callbacks,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    editor = role_users["comms_editor"]
    page = make_consultation(lead_partner=partner_a, owner=editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post(edit_url(page), form_data_for(page, action="submit"))

    assert response.status_code == 302
    assert mail.outbox == []
    queued = [
        result
        for result in default_task_backend.results
        if result.task.func is tasks.send_workflow_notification_task.func
    ]
    assert {result.kwargs["kind"] for result in queued} == {
        "review_submitted",
        "workflow_submitted",
    }

    # The worker sends them later.
    for result in queued:
        result.task.call(*result.args, **result.kwargs)
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == reviewers(role_users)


def test_emails_queue_in_the_database_for_the_worker(
    settings,
    client_for,
    role_users,
    partner_a,
    make_consultation,
    django_capture_on_commit_callbacks,
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    editor = role_users["comms_editor"]
    page = make_consultation(lead_partner=partner_a, owner=editor)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(editor).post(edit_url(page), form_data_for(page, action="submit"))

    assert mail.outbox == []
    queued = DBTaskResult.objects.filter(task_path__endswith="send_workflow_notification_task")
    assert queued.count() == 2  # the review request, and the note to superusers (none here)
    # What the worker does with each row (its command needs its own transaction).
    for row in queued:
        row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    assert len(mail.outbox) == len(reviewers(role_users))
    assert all(message.subject == f"Please review: {page.title}" for message in mail.outbox)


def test_a_broken_mail_server_does_not_break_approval(
    settings, client_for, role_users, submitted, django_capture_on_commit_callbacks, caplog
):
    page = submitted()
    settings.EMAIL_BACKEND = "tests.test_workflow_notifications.BrokenMailServer"

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = approve(client_for(role_users["moderator_a"]), page, comment="Fine.")

    assert response.status_code == 302
    assert refreshed(page).live
    assert mail.outbox == []


def test_a_broken_queue_does_not_break_submission(
    settings,
    client_for,
    role_users,
    partner_a,
    make_consultation,
    django_capture_on_commit_callbacks,
    caplog,
):
    settings.TASKS = {"default": {"BACKEND": "tests.test_workflow_notifications.RefusingQueue"}}
    editor = role_users["comms_editor"]
    page = make_consultation(lead_partner=partner_a, owner=editor)

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post(edit_url(page), form_data_for(page, action="submit"))

    assert response.status_code == 302
    assert refreshed(page).current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "Could not queue the review_submitted workflow notification" in caplog.text


def test_people_who_switched_notifications_off_are_not_emailed(
    client_for, role_users, partner_a, make_consultation, django_capture_on_commit_callbacks
):
    quiet = role_users["moderator_b"]
    profile = UserProfile.get_for_user(quiet)
    profile.submitted_notifications = False
    profile.save()
    editor = role_users["comms_editor"]
    page = make_consultation(lead_partner=partner_a, owner=editor)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(editor).post(edit_url(page), form_data_for(page, action="submit"))

    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == reviewers(role_users) - {quiet.email}


def test_inactive_and_emailless_moderators_are_skipped(
    client_for, role_users, partner_a, make_consultation, django_capture_on_commit_callbacks
):
    UserFactory(username="gone", groups=["Moderators"], partners=[partner_a], is_active=False)
    UserFactory(username="no_email", groups=["Moderators"], email="")
    editor = role_users["comms_editor"]
    page = make_consultation(lead_partner=partner_a, owner=editor)

    with django_capture_on_commit_callbacks(execute=True):
        client_for(editor).post(edit_url(page), form_data_for(page, action="submit"))

    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == reviewers(role_users)


def test_sign_off_email_goes_only_to_the_lead_partners_moderators(
    client_for, role_users, partner_a, submitted, django_capture_on_commit_callbacks
):
    second = UserFactory(username="second_a", groups=["Moderators"], partners=[partner_a])
    # On the partner's team but not a moderator: cannot sign off, so is not asked.
    UserFactory(username="writer_a", groups=["Comms editors"], partners=[partner_a])
    page = submitted()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        approve(client_for(role_users["moderator_b"]), page, comment="Reads well.")

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([role_users["moderator_a"].email, second.email])
    message = mail.outbox[0]
    assert message.subject == f"Please review: {page.title}"
    assert "Lead partner sign-off" in message.body
    assert "It needs sign-off from a moderator of Northshire Council." in message.body
    assert f"http://testserver{reverse('wagtailadmin_pages:edit', args=[page.pk])}" in message.body


def test_rejection_email_carries_the_comment_of_the_step_that_rejected(
    client_for, role_users, submitted, django_capture_on_commit_callbacks
):
    page = submitted()
    with django_capture_on_commit_callbacks(execute=True):
        approve(client_for(role_users["moderator_b"]), page, comment="Fine by me.")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reject(client_for(role_users["moderator_a"]), page, comment="Northshire needs a map.")

    (message,) = mail.outbox
    assert message.to == [role_users["comms_editor"].email]
    assert "moderator_a" in message.body or "Moderator_a" in message.body
    assert '"Northshire needs a map."' in message.body
    assert "Lead partner sign-off" in message.body
    assert "Fine by me." not in message.body


def test_emails_escape_page_titles_in_html_and_keep_them_readable_in_text(
    client_for, role_users, submitted, django_capture_on_commit_callbacks
):
    page = submitted(title="Parks & <script>alert('x')</script> play areas")

    with django_capture_on_commit_callbacks(execute=True):
        reject(client_for(role_users["moderator_a"]), page, comment="Tidy the title, please.")

    (message,) = mail.outbox
    assert message.subject == "Changes requested: Parks & <script>alert('x')</script> play areas"
    assert "Parks & <script>alert('x')</script> play areas" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<script>" not in html
    assert "Parks &amp; &lt;script&gt;" in html


def test_email_for_something_deleted_meanwhile_is_dropped_quietly(submitted):
    page = submitted()
    workflow_state = page.current_workflow_state
    page.delete()

    assert send_workflow_notification(kind="approved", object_id=workflow_state.pk) is True
    assert mail.outbox == []


def test_sender_address_is_configurable(
    settings, client_for, role_users, submitted, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = "approvals@partnership.example"
    page = submitted()
    with django_capture_on_commit_callbacks(execute=True):
        reject(client_for(role_users["moderator_a"]), page, comment="Not yet.")
    assert mail.outbox[0].from_email == "approvals@partnership.example"
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"


def test_the_approval_email_links_to_the_configured_site_address(
    settings, client_for, role_users, submitted, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    settings.WAGTAILADMIN_BASE_URL = "https://engage.example.org"
    call_command("set_site_address", verbosity=0)
    page = submitted()
    with django_capture_on_commit_callbacks(execute=True):
        approve(client_for(role_users["moderator_b"]), page, comment="Fine by me.")
        approve(client_for(role_users["moderator_a"]), page, comment="Signed off.")
    page.refresh_from_db()
    assert page.live
    [message] = [m for m in mail.outbox if "now live" in m.body]
    assert f"It is now live: https://engage.example.org{page.url}" in message.body
    assert "127.0.0.1" not in message.body and "localhost" not in message.body
