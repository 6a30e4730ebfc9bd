"""Migration 0024 turns an activity's "show to residents" box into Wagtail's live
state: what residents saw stays live, the rest becomes a draft; and puts the three
record models under the partnership's approval workflow."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("consultation_blocks", "0023_meeting_registrations")]
AFTER = [("consultation_blocks", "0024_snippet_workflows")]


@pytest.fixture
def back_to_the_latest_migrations():
    """Whatever the test does, the database ends at the latest migrations again: later
    tests expect every table."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# serialized_rollback: the test's own flush then leaves the tables empty (no content
# types made afresh under new ids), ready for the migrations' rows to be put back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_shown_activities_stay_live_and_the_rest_become_drafts(
    partner_a, back_to_the_latest_migrations
):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    Activity = old_apps.get_model("consultation_blocks", "EngagementActivity")
    common = {
        "method": "survey",
        "lead_partner_id": partner_a.pk,
        "contact_role": "Engagement team",
        "starts_on": datetime.date(2030, 1, 1),
        "ends_on": datetime.date(2030, 1, 7),
    }
    shown = Activity.objects.create(title="Shown", published=True, **common)
    hidden = Activity.objects.create(title="Hidden", published=False, **common)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    Activity = new_apps.get_model("consultation_blocks", "EngagementActivity")
    shown, hidden = Activity.objects.get(pk=shown.pk), Activity.objects.get(pk=hidden.pk)
    assert shown.live and not shown.has_unpublished_changes and shown.first_published_at
    assert not hidden.live and hidden.first_published_at is None

    WorkflowContentType = new_apps.get_model("wagtailcore", "WorkflowContentType")
    assert set(
        WorkflowContentType.objects.filter(workflow__name="Partnership approval").values_list(
            "content_type__model", flat=True
        )
    ) >= {"engagementactivity", "decision", "indicator"}
