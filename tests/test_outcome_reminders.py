"""Closing the loop: overdue outcomes are flagged and owners are reminded, once."""

import datetime
import json
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultation_blocks.models import ConsultationPage, OutcomeReminder
from consultation_blocks.services.reminders import send_outcome_reminders
from tests.factories import ConsultationPageFactory

WEEK = datetime.timedelta(weeks=1)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the reminders, then the on-commit callbacks that queue their emails."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send_outcome_reminders(**kwargs)

    return run


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_user(
        "owner", email="owner@example.org", first_name="Olu", last_name="Owner"
    )


def closed_consultation(consultation_index, owner, *, closed_weeks_ago, **fields):
    now = timezone.now()
    page = ConsultationPageFactory(
        parent=consultation_index,
        owner=owner,
        body=[],
        opens_at=now - (closed_weeks_ago + 6) * WEEK,
        closes_at=now - closed_weeks_ago * WEEK,
        **fields,
    )
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def test_owner_is_reminded_a_week_before_and_on_the_day_once_each(
    consultation_index, owner, remind
):
    page = closed_consultation(consultation_index, owner, closed_weeks_ago=1)
    due_on = page.outcome_due_on(12)
    assert remind(today=due_on - 2 * WEEK, outcome_due_weeks=12) == 0
    assert remind(today=due_on - WEEK, outcome_due_weeks=12) == 1
    # Run again the same day, and the next day: nothing more.
    assert remind(today=due_on - WEEK, outcome_due_weeks=12) == 0
    assert (
        send_outcome_reminders(
            today=due_on - WEEK + datetime.timedelta(days=1), outcome_due_weeks=12
        )
        == 0
    )
    assert remind(today=due_on, outcome_due_weeks=12) == 1
    assert remind(today=due_on + WEEK, outcome_due_weeks=12) == 0

    assert [m.subject for m in mail.outbox] == [
        f"Outcome due in a week: {page.title}",
        f"Outcome due today: {page.title}",
    ]
    assert mail.outbox[0].to == ["owner@example.org"]
    assert f"/admin/pages/{page.pk}/edit/" in mail.outbox[0].body
    assert OutcomeReminder.objects.filter(page=page).count() == 2


def test_a_missed_day_is_caught_up(consultation_index, owner, remind):
    page = closed_consultation(consultation_index, owner, closed_weeks_ago=20)
    assert remind(outcome_due_weeks=12) == 1
    assert mail.outbox[0].subject == f"Outcome due today: {page.title}"


def test_no_reminder_once_the_outcome_is_published(consultation_index, owner, remind):
    closed_consultation(
        consultation_index,
        owner,
        closed_weeks_ago=20,
        outcome_summary="Decided.",
        outcome_published_at=timezone.now() - WEEK,
    )
    assert remind(outcome_due_weeks=12) == 0
    assert mail.outbox == []


def test_the_page_can_set_its_own_due_date(consultation_index, owner, remind):
    page = closed_consultation(
        consultation_index,
        owner,
        closed_weeks_ago=1,
        outcome_due_date=timezone.localdate() + datetime.timedelta(days=3),
    )
    assert remind(outcome_due_weeks=12) == 1
    assert mail.outbox[0].subject == f"Outcome due in a week: {page.title}"


def test_the_daily_command_uses_the_partnership_setting(
    consultation_index, owner, capsys, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from consultation_blocks.models import ConsultationSettings

    settings = ConsultationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.outcome_due_weeks = 2
    settings.save()
    closed_consultation(consultation_index, owner, closed_weeks_ago=3)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_outcome_reminders")
    assert len(mail.outbox) == 1
    assert "Queued 1 outcome reminder(s)." in capsys.readouterr().out


def test_dashboard_lists_overdue_outcomes(admin_client, consultation_index, owner):
    overdue = closed_consultation(consultation_index, owner, closed_weeks_ago=14)
    closed_consultation(consultation_index, owner, closed_weeks_ago=2, title="Recently closed")
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Outcomes overdue" in content
    assert overdue.title in content
    assert "Recently closed" not in content


# Who answers for an overdue outcome: the page's owner, otherwise the lead partner's team.


@pytest.fixture
def overdue_pages(make_consultation, partner_a, partner_b, role_users):
    """Three overdue consultations: one with an owner, one whose lead partner has a team
    (moderator_a), and one nobody answers for (a lead partner with no team)."""
    now = timezone.now()
    closed = {"opens_at": now - 20 * WEEK, "closes_at": now - 14 * WEEK, "body": []}
    owner = get_user_model().objects.create_user(
        "owner", email="owner@example.org", first_name="Olu", last_name="Owner"
    )
    from consultation_blocks.models import Partner

    orphan_partner = Partner.objects.create(name="Eastgate Police", slug="eastgate-police")
    return {
        "owned": make_consultation(
            title="Owned consultation", owner=owner, lead_partner=partner_b, live=True, **closed
        ),
        "team": make_consultation(
            title="Team consultation", lead_partner=partner_a, live=True, **closed
        ),
        "nobody": make_consultation(
            title="Unanswered consultation", lead_partner=orphan_partner, live=True, **closed
        ),
    }


def overdue_panel(content):
    start = content.index('id="outcomes-overdue-heading"')
    return content[start : content.index("</section>", start)]


@pytest.mark.parametrize(
    "role", ["comms_editor", "moderator_a", "moderator_b", "administrator", "resident"]
)
def test_dashboard_names_who_answers_for_each_overdue_outcome(
    client_for, role_users, overdue_pages, role
):
    # Every staff role reaches the admin through its groups; the plain resident does not.
    user = role_users[role]
    response = client_for(user).get(reverse("wagtailadmin_home"))
    if role == "resident":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    panel = overdue_panel(response.content.decode())
    assert "Owned consultation" in panel and "Olu Owner" in panel
    assert "Team consultation" in panel and "Northshire Council team" in panel
    assert "Unanswered consultation" in panel
    assert "No owner, and Eastgate Police has no team" in panel


def test_dashboard_for_anonymous_visitors_is_a_sign_in(client, overdue_pages):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302


def test_the_lead_partners_team_is_reminded_when_the_page_has_no_owner(
    overdue_pages, role_users, partner_a, remind
):
    from tests.factories import UserFactory

    colleague = UserFactory(username="colleague", partners=[partner_a])
    # Someone who has left keeps their team link but is no longer reminded.
    UserFactory(username="leaver", partners=[partner_a]).__class__.objects.filter(
        username="leaver"
    ).update(is_active=False)

    assert remind(outcome_due_weeks=12) == 2
    by_subject = {message.subject: message for message in mail.outbox}
    team_mail = by_subject["Outcome due today: Team consultation"]
    assert sorted(team_mail.to) == sorted([role_users["moderator_a"].email, colleague.email])
    assert "Northshire Council" in team_mail.body
    owner_mail = by_subject["Outcome due today: Owned consultation"]
    assert owner_mail.to == ["owner@example.org"]

    team_reminder = OutcomeReminder.objects.get(page=overdue_pages["team"])
    assert sorted(team_reminder.recipients) == sorted(
        [role_users["moderator_a"].email, colleague.email]
    )
    # Nobody answers for the third page, so nothing is recorded and it is tried again
    # once someone does.
    assert not OutcomeReminder.objects.filter(page=overdue_pages["nobody"]).exists()


def test_an_inactive_owner_hands_the_outcome_to_the_team(overdue_pages, role_users, remind):
    page = overdue_pages["team"]
    leaver = get_user_model().objects.create_user(
        "leaver", email="leaver@example.org", is_active=False
    )
    ConsultationPage.objects.filter(pk=page.pk).update(owner=leaver)
    remind(outcome_due_weeks=12)
    team_mail = next(m for m in mail.outbox if m.subject.endswith("Team consultation"))
    assert team_mail.to == [role_users["moderator_a"].email]


def test_the_dashboard_panel_queries_do_not_grow_with_overdue_pages(
    admin_client, make_consultation, partner_a, role_users
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    now = timezone.now()
    closed = {"opens_at": now - 20 * WEEK, "closes_at": now - 14 * WEEK, "body": []}
    make_consultation(lead_partner=partner_a, live=True, **closed)
    # The first request warms per-process caches (site, settings); measure after it.
    assert admin_client.get(reverse("wagtailadmin_home")).status_code == 200
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(reverse("wagtailadmin_home")).status_code == 200
    for _ in range(4):
        make_consultation(lead_partner=partner_a, live=True, **closed)
    with CaptureQueriesContext(connection) as five:
        assert admin_client.get(reverse("wagtailadmin_home")).status_code == 200
    assert len(five) == len(one)


MIGRATION_SCRIPT = textwrap.dedent(
    """
    import json, datetime, django
    django.setup()
    from importlib import import_module
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    name = "0011_reminder_recipients_and_reporter_addresses"
    migration = import_module("consultation_blocks.migrations." + name).Migration
    before = [d for d in migration.dependencies if d[0] == "consultation_blocks"][0][1]

    call_command("migrate", verbosity=0)
    from tests.factories import ConsultationIndexPageFactory, ConsultationPageFactory
    from home.models import HomePage
    index = ConsultationIndexPageFactory(parent=HomePage.objects.get())
    page = ConsultationPageFactory(parent=index, body=[])

    # A site still on the previous migration, with a reminder, two reports and a vote.
    call_command("migrate", "consultation_blocks", before, verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(
        ("consultation_blocks", before)
    ).apps
    old.get_model("consultation_blocks", "OutcomeReminder").objects.create(
        page_id=page.pk, kind="due", due_on=datetime.date(2026, 1, 1), sent_to="o@example.org"
    )
    comment = old.get_model("consultation_blocks", "Comment").objects.create(
        page_id=page.pk, body="b", state="approved"
    )
    for n in range(2):
        old.get_model("consultation_blocks", "CommentReport").objects.create(
            comment_id=comment.pk, reason="spam", reporter="r%d" % n
        )
    old.get_model("consultation_blocks", "PollVote").objects.create(
        page_id=page.pk, poll_id="p", option_id="o", voter="v"
    )

    call_command("migrate", verbosity=0)
    from consultation_blocks.models import Comment, CommentReport, OutcomeReminder, PollVote
    from consultation_blocks.selectors.comments import comment_reporter_count
    vote = PollVote.objects.get()
    print(json.dumps({
        "recipients": OutcomeReminder.objects.get().recipients,
        "reports": list(CommentReport.objects.values_list("reporter", "reporter_address")),
        "reporters": comment_reporter_count(Comment.objects.get(pk=comment.pk)),
        "state": Comment.objects.get(pk=comment.pk).state,
        "vote": [vote.voter, vote.voter_address, vote.address_place],
    }))
    """
)


def test_the_migration_keeps_reminders_reports_and_votes(tmp_path):
    """Upgrading keeps each reminder's address (as a list of one), and keeps old reports
    and votes with an unknown address; each old report still counts as its own reporter.
    Run in a fresh database of its own, since it migrates backwards."""
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'upgrade.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    completed = subprocess.run(
        [sys.executable, "-c", MIGRATION_SCRIPT],
        cwd=pathlib.Path(__file__).resolve().parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result == {
        "recipients": ["o@example.org"],
        "reports": [["r0", None], ["r1", None]],
        "reporters": 2,
        "state": "approved",
        "vote": ["v", None, None],
    }
