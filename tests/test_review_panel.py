"""Who sees what is waiting for review: the dashboard's "Awaiting your review" panel
and the workflow reports' "Awaiting my review" filter list, for every role, exactly the
pages and records that person may act on at the step they are waiting at.

Real workflow states (pages, decisions, indicators, network actions at the review and
at the sign-off step) are built through the workflow itself, and shown through the
real admin views."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from consultation_blocks.models import Decision, Indicator, IndicatorValue
from tests.factories import UserFactory
from tests.network_support import make_action, make_body, make_meeting, make_network_index
from tests.record_workflow_support import current_task_state, refused, workflow_action

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def editor_a(partner_a):
    return UserFactory(username="editor_a", groups=["Comms editors"], partners=[partner_a])


def submit(obj, user, *, at_sign_off=False):
    """Put `obj` under review as `user` submitting it; with `at_sign_off`, move it on
    past the moderator review (approved by nobody in particular) to the sign-off."""
    obj.save_revision(user=user)
    obj.get_workflow().start(obj, user)
    if at_sign_off:
        state = current_task_state(obj)
        assert state.task.name == "Moderator review"
        state.approve(user=None)
        state = current_task_state(obj)
        assert state is not None and state.task.name == "Lead partner sign-off"
    return obj


def make_decision(partner, reference):
    return Decision.objects.create(
        reference=reference,
        title=f"Decision {reference}",
        partner=partner,
        decision_maker="Cabinet",
        kind="key",
        status="planned",
        due_on=datetime.date(2030, 1, 1),
        live=False,
    )


def make_indicator(partner, code):
    indicator = Indicator(
        code=code, title=f"Indicator {code}", partner=partner, unit="percent", direction="up"
    )
    indicator.live = False
    indicator.values = [IndicatorValue(year=2020, value=40, source="Survey")]
    indicator.save()
    return indicator


@pytest.fixture
def waiting(home_page, make_consultation, role_users, editor_a, partner_a, partner_b):
    """Something waiting at each step for each partner; returns {label: expected roles}."""
    editor = role_users["comms_editor"]
    admin = role_users["administrator"]
    network = make_network_index(home_page)
    forum = make_body(network, "Forum", partners=[partner_a])
    board = make_body(network, "Board", partners=[partner_b])
    forum_meeting = make_meeting(forum, TODAY - datetime.timedelta(days=20))
    board_meeting = make_meeting(board, TODAY - datetime.timedelta(days=20))

    submit(make_consultation(lead_partner=partner_a, title="Page A at review"), editor)
    submit(
        make_consultation(lead_partner=partner_a, title="Page A at sign-off"),
        editor,
        at_sign_off=True,
    )
    submit(
        make_consultation(lead_partner=partner_b, title="Page B at sign-off"),
        editor,
        at_sign_off=True,
    )
    submit(make_consultation(title="Unled page at review"), editor)
    submit(make_decision(partner_a, "DEC-A"), editor_a)
    submit(make_indicator(partner_b, "ind-b"), admin)
    submit(make_action(forum, forum_meeting, "Forum action at review"), editor_a)
    submit(make_action(board, board_meeting, "Board action at sign-off"), admin, at_sign_off=True)

    everyone = {"moderator_a", "moderator_b", "administrator"}
    return {
        "Page A at review": everyone,  # any moderator reviews a page
        "Page A at sign-off": {"moderator_a", "administrator"},
        "Page B at sign-off": {"moderator_b", "administrator"},
        "Unled page at review": everyone,
        "DEC-A: Decision DEC-A": {"moderator_a", "administrator"},
        "Indicator ind-b": {"moderator_b", "administrator"},
        "Forum action at review": {"moderator_a", "administrator"},
        "Board action at sign-off": {"moderator_b", "administrator"},
    }


def _reviewable(user):
    return {
        str(state.revision.content_object)
        for state in TaskState.objects.reviewable_by(user).select_related("revision")
    }


def _panel(html):
    if "Awaiting your review" not in html:
        return ""
    return html.split("Awaiting your review", 1)[1].split("</table>", 1)[0]


ROLES = ["comms_editor", "editor_a", "moderator_a", "moderator_b", "administrator"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_what_it_may_act_on(role, waiting, client_for, role_users, editor_a):
    users = {**role_users, "editor_a": editor_a}
    user = users[role]
    expected = {label for label, roles in waiting.items() if role in roles}

    assert _reviewable(user) == expected

    client = client_for(user)
    panel = _panel(client.get(reverse("wagtailadmin_home")).text)
    for label in waiting:
        assert (label.split(":")[0] in panel) is (label in expected), (role, label)
    # Every item shown offers its reviewer the workflow's buttons, and its steps.
    assert panel.count("data-workflow-action-url") == 3 * len(expected)
    if "Page A at sign-off" in expected:
        assert "Moderator review: Approved" in panel
        assert "Lead partner sign-off: In progress" in panel

    report = client.get(reverse("wagtailadmin_reports:workflow"), {"reviewable": "true"})
    if expected:
        assert report.status_code == 200
        for label in waiting:
            assert (label.split(":")[0] in report.text) is (label in expected), (role, label)


def test_what_is_shown_can_be_approved_and_the_rest_is_refused(waiting, client_for, role_users):
    """Every item in a moderator's panel offers them buttons that work; an item shown
    to nobody but another partner's moderators is refused to them."""
    decision = Decision.objects.get(reference="DEC-A")
    assert refused(workflow_action(client_for(role_users["moderator_b"]), decision, "approve"))
    assert current_task_state(decision).status == TaskState.STATUS_IN_PROGRESS
    response = workflow_action(client_for(role_users["moderator_a"]), decision, "approve")
    assert response.status_code == 302 and not refused(response)


def test_the_panel_takes_the_same_queries_for_few_and_many_items(
    waiting, client_for, role_users, editor_a, partner_a, make_consultation, home_page
):
    from consultation_blocks.models import NetworkBodyPage

    forum = NetworkBodyPage.objects.get(title="Forum")
    meeting = forum.get_children().first().specific

    def more(start):
        for number in range(start, start + 4):
            submit(make_decision(partner_a, f"MORE-{number}"), editor_a)
            submit(make_action(forum, meeting, f"More action {number}"), editor_a)
            submit(
                make_consultation(lead_partner=partner_a, title=f"More page {number}"),
                role_users["comms_editor"],
                at_sign_off=True,
            )

    def queries(user):
        client = client_for(user)
        client.get(reverse("wagtailadmin_home"))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        return len(captured), _panel(response.text).count("<tr")

    more(0)
    before = {role: queries(role_users[role]) for role in ("moderator_a", "administrator")}
    more(10)
    for role, (count_before, rows_before) in before.items():
        count_after, rows_after = queries(role_users[role])
        assert rows_after == rows_before + 12, role
        assert count_after == count_before, role
    # Someone with nothing to review pays nothing for the others' items.
    assert queries(role_users["comms_editor"])[1] == 0
