"""Who may do what, asserted through HTTP requests to the real admin and public views.

Every action runs for every role: anonymous, a resident (signed in, no admin access),
a comms editor, a moderator of partner A, a moderator of partner B and an
administrator. The content is a consultation led by partner A.

To add a row: write a function ``def action(scenario, user) -> bool`` that tries the
action over HTTP as ``user`` and returns whether it took effect (checked in the
database, not only from the status code), decorate it with ``@action("name")``, and
list the roles allowed in ``ALLOWED``.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from consultation_blocks.models import PartnerTeamMember
from tests.conftest import ROLES
from tests.factories import PartnerFactory, UserFactory
from tests.workflow_support import (
    current_task_state,
    edit_url,
    form_data_for,
    refreshed,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db

STAFF = {"comms_editor", "moderator_a", "moderator_b", "administrator"}
A_SIDE = {"moderator_a", "administrator"}

ALLOWED = {
    "view a draft in the editor": STAFF,
    "preview a draft": STAFF,
    "view a draft at its public address": set(),
    "edit": STAFF,
    "change the lead partner": A_SIDE,
    "submit for moderation": STAFF,
    "approve at moderator review": {"moderator_a", "moderator_b", "administrator"},
    "see a sign-off waiting on the dashboard": A_SIDE,
    "sign off for the lead partner": A_SIDE,
    "publish": A_SIDE,
    "schedule publishing": A_SIDE,
    "unpublish": A_SIDE,
    "link people to partners": {"administrator"},
    "see pending comments": A_SIDE,
    "approve a comment": A_SIDE,
    # Residents' responses and comments: the lead partner's staff and whoever acts for
    # every partner. Staff linked to no partner are not partnership-wide by default...
    "export responses": A_SIDE,
    "list in the consultations report": A_SIDE,
    # ...only once an Administrator grants the permission explicitly.
    "export responses once granted partnership-wide access": STAFF,
}

ACTIONS = {}


def action(name):
    def register(function):
        ACTIONS[name] = function
        return function

    return register


@dataclass
class Scenario:
    client_for: object
    users: dict
    partner_a: object
    make_consultation: object

    def draft(self, **fields):
        return self.make_consultation(
            lead_partner=self.partner_a, owner=self.users["comms_editor"], **fields
        )

    def live(self):
        return self.make_consultation(
            lead_partner=self.partner_a, owner=self.users["comms_editor"], live=True
        )

    def submitted(self):
        page = self.draft()
        editor = self.users["comms_editor"]
        self.client_for(editor).post(edit_url(page), form_data_for(page, action="submit"))
        return refreshed(page)

    def waiting_for_sign_off(self):
        page = self.submitted()
        reviewer = UserFactory(username="reviewer", groups=["Moderators"])
        task_state = current_task_state(page)
        self.client_for(reviewer).post(workflow_action_url(page, "approve", task_state), {})
        task_state = current_task_state(page)
        assert task_state.task.name == "Lead partner sign-off"
        return page


def no_server_error(response):
    assert response.status_code < 500, response.status_code
    return response


@action("view a draft in the editor")
def view_draft_in_editor(scenario, user):
    page = scenario.draft(title="A draft about parks")
    response = no_server_error(scenario.client_for(user).get(edit_url(page)))
    return response.status_code == 200 and "A draft about parks" in response.content.decode()


@action("preview a draft")
def preview_draft(scenario, user):
    page = scenario.draft(title="A draft about parks")
    url = reverse("wagtailadmin_pages:view_draft", args=[page.pk])
    response = no_server_error(scenario.client_for(user).get(url))
    return response.status_code == 200 and "A draft about parks" in response.content.decode()


@action("view a draft at its public address")
def view_draft_publicly(scenario, user):
    page = scenario.draft(title="A draft about parks")
    response = no_server_error(scenario.client_for(user).get("/consultations/" + page.slug + "/"))
    assert response.status_code == 404
    return "A draft about parks" in response.content.decode()


@action("edit")
def edit(scenario, user):
    page = scenario.draft()
    no_server_error(
        scenario.client_for(user).post(edit_url(page), form_data_for(page, title="Edited"))
    )
    return refreshed(page).get_latest_revision_as_object().title == "Edited"


@action("change the lead partner")
def change_lead_partner(scenario, user):
    page = scenario.draft()
    other = PartnerFactory(name="Westmoor Police", slug="westmoor-police")
    no_server_error(
        scenario.client_for(user).post(edit_url(page), form_data_for(page, lead_partner=other))
    )
    page = refreshed(page)
    changed = {page.lead_partner_id, page.get_latest_revision_as_object().lead_partner_id}
    assert len(changed) == 1, "the row and the latest revision disagree"
    return changed == {other.pk}


@action("submit for moderation")
def submit(scenario, user):
    page = scenario.draft()
    no_server_error(
        scenario.client_for(user).post(edit_url(page), form_data_for(page, action="submit"))
    )
    state = refreshed(page).current_workflow_state
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS


@action("approve at moderator review")
def approve_review(scenario, user):
    page = scenario.submitted()
    task_state = current_task_state(page)
    no_server_error(
        scenario.client_for(user).post(
            workflow_action_url(page, "approve", task_state), {"comment": "Looks right."}
        )
    )
    task_state.refresh_from_db()
    return task_state.status == TaskState.STATUS_APPROVED


@action("see a sign-off waiting on the dashboard")
def see_sign_off_on_dashboard(scenario, user):
    page = scenario.waiting_for_sign_off()
    response = no_server_error(scenario.client_for(user).get(reverse("wagtailadmin_home")))
    if response.status_code != 200:
        return False
    content = response.content.decode()
    return "Awaiting your review" in content and page.title in content


@action("sign off for the lead partner")
def sign_off(scenario, user):
    page = scenario.waiting_for_sign_off()
    task_state = current_task_state(page)
    no_server_error(
        scenario.client_for(user).post(
            workflow_action_url(page, "approve", task_state), {"comment": "Signed off."}
        )
    )
    return refreshed(page).live


@action("publish")
def publish(scenario, user):
    page = scenario.draft()
    no_server_error(
        scenario.client_for(user).post(edit_url(page), form_data_for(page, action="publish"))
    )
    return refreshed(page).live


@action("schedule publishing")
def schedule(scenario, user):
    page = scenario.draft()
    go_live = timezone.now() + datetime.timedelta(days=3)
    no_server_error(
        scenario.client_for(user).post(
            edit_url(page), form_data_for(page, go_live_at=go_live, action="publish")
        )
    )
    page = refreshed(page)
    assert not page.live
    return page.scheduled_revision is not None


@action("unpublish")
def unpublish(scenario, user):
    page = scenario.live()
    url = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
    no_server_error(scenario.client_for(user).post(url))
    return not refreshed(page).live


@action("link people to partners")
def link_people_to_partners(scenario, user):
    newcomer = UserFactory(username="newcomer", groups=["Moderators"])
    url = reverse("wagtailsnippets_consultation_blocks_partnerteammember:add")
    no_server_error(
        scenario.client_for(user).post(url, {"partner": scenario.partner_a.pk, "user": newcomer.pk})
    )
    return PartnerTeamMember.objects.filter(user=newcomer).exists()


def pending_comment(scenario):
    from consultation_blocks.models import Comment

    page = scenario.live()
    return Comment.objects.create(
        page=page, name="Resident", email="r@example.org", body="A pending thought"
    )


@action("see pending comments")
def see_pending_comments(scenario, user):
    comment = pending_comment(scenario)
    response = no_server_error(scenario.client_for(user).get("/admin/consultation_blocks/comment/"))
    return response.status_code == 200 and comment.body in response.content.decode()


@action("approve a comment")
def approve_comment(scenario, user):
    comment = pending_comment(scenario)
    no_server_error(
        scenario.client_for(user).post(
            reverse("consultation_blocks_moderate"), {"action": "approve", "ids": [comment.pk]}
        )
    )
    comment.refresh_from_db()
    return comment.state == "approved"


@action("export responses")
def export_responses(scenario, user):
    from consultation_blocks.models import SurveyResponse
    from consultation_blocks.surveys import surveys_in

    page = scenario.live()
    survey = surveys_in(page.body)[0]
    SurveyResponse.objects.create(page=page, survey_id=survey.id, answers={"x": "Resident's view"})
    url = reverse("consultation_blocks_export", args=[page.pk, survey.id, "csv"])
    response = no_server_error(scenario.client_for(user).get(url))
    if response.status_code != 200:
        return False
    return "Response" in b"".join(response.streaming_content).decode()


@action("list in the consultations report")
def list_in_report(scenario, user):
    page = scenario.live()
    page.title = "Library hours consultation"
    page.save_revision().publish()
    response = no_server_error(scenario.client_for(user).get(reverse("consultation_blocks_report")))
    return response.status_code == 200 and page.title in response.content.decode()


@action("export responses once granted partnership-wide access")
def export_responses_once_granted(scenario, user):
    from django.contrib.auth.models import Permission

    if user is not None:
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="consultation_blocks", codename="act_for_every_partner"
            )
        )
        user = type(user).objects.get(pk=user.pk)  # without cached permissions
    return export_responses(scenario, user)


def test_every_action_has_expectations_for_every_role():
    assert set(ACTIONS) == set(ALLOWED)
    for allowed in ALLOWED.values():
        assert allowed <= set(ROLES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(ALLOWED))
def test_permission_matrix(name, role, client_for, role_users, partner_a, make_consultation):
    scenario = Scenario(client_for, role_users, partner_a, make_consultation)

    happened = ACTIONS[name](scenario, role_users[role])

    expected = role in ALLOWED[name]
    assert happened is expected, f"{role} {'could not' if expected else 'could'} {name}"
