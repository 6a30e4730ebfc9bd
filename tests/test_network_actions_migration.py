"""Migration 0034 puts network actions under the approval workflow without losing
any: every action stays, becomes live (published when it was recorded) and keeps its
history, so the meetings' pages show what they showed before; and the workflow's
moderator review becomes the partner-scoped one."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.network_support import make_body, make_meeting, make_network_index

BEFORE = [("consultation_blocks", "0033_survey_steps_and_conditions")]
AFTER = [("consultation_blocks", "0034_network_actions_under_moderation")]


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
def test_existing_actions_stay_live_with_their_history(
    home_page, partner_a, client, back_to_the_latest_migrations
):
    # The pages' tables are the same before and after: build the body with today's code.
    today = timezone.localdate()
    forum = make_body(make_network_index(home_page), "PEN Forum", partners=[partner_a])
    april = make_meeting(forum, today - datetime.timedelta(days=100), title="April forum")
    july = make_meeting(forum, today - datetime.timedelta(days=10), title="July forum")

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    Action = old_apps.get_model("consultation_blocks", "Action")
    ActionUpdate = old_apps.get_model("consultation_blocks", "ActionUpdate")
    still_open = Action.objects.create(
        body_id=forum.pk,
        raised_at_id=april.pk,
        description="Map seldom-heard groups",
        owner_role="",
        due_on=today - datetime.timedelta(days=5),
    )
    done = Action.objects.create(
        body_id=forum.pk,
        raised_at_id=april.pk,
        description="Circulate the strategy",
        owner_role="Engagement lead",
        state="done",
        closed_at_id=july.pk,
        closed_on=july.starts_at.date(),
    )
    for action, state, meeting in ((still_open, "open", april), (done, "open", april)):
        ActionUpdate.objects.create(
            action=action, state=state, meeting_id=meeting.pk, note="Raised."
        )
    ActionUpdate.objects.create(action=done, state="done", meeting_id=july.pk, note="Sent.")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    Action = new_apps.get_model("consultation_blocks", "Action")
    ActionUpdate = new_apps.get_model("consultation_blocks", "ActionUpdate")
    assert Action.objects.count() == 2
    for action in Action.objects.all():
        assert action.live and not action.has_unpublished_changes
        assert action.first_published_at == action.created_at == action.last_published_at
    assert ActionUpdate.objects.count() == 3
    after_done = Action.objects.get(pk=done.pk)
    assert (after_done.state, after_done.closed_at_id, after_done.description) == (
        "done",
        july.pk,
        "Circulate the strategy",
    )

    WorkflowContentType = new_apps.get_model("wagtailcore", "WorkflowContentType")
    assert WorkflowContentType.objects.filter(
        workflow__name="Partnership approval", content_type__model="action"
    ).exists()
    Task = new_apps.get_model("wagtailcore", "Task")
    review = Task.objects.get(name="Moderator review")
    assert (review.content_type.app_label, review.content_type.model) == (
        "consultation_blocks",
        "partnerreviewtask",
    )
    Group = new_apps.get_model("auth", "Group")
    assert (
        Group.objects.get(name="Moderators").permissions.filter(codename="publish_action").exists()
    )

    # With the latest code: the meetings' pages still show both, with their history.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    html = client.get(july.url).text
    assert "Map seldom-heard groups" in html and "Circulate the strategy" in html
    assert "Sent." in html
