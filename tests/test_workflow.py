"""The "Partnership approval" workflow, end to end through the admin's own views.

An editor writes and submits; a moderator reviews; a moderator of the lead partner
signs off; only then does the page reach the public. Emails go out at each step.
"""

import datetime
import json
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, TaskState, Workflow, WorkflowState

from consultation_blocks.models import (
    ConsultationPage,
    PartnerApprovalTask,
    PartnerApprovalTaskState,
    StrategyPage,
)
from tests.factories import StrategyIndexPageFactory, StrategyPageFactory, UserFactory
from tests.workflow_support import (
    consultation_form_data,
    create_url,
    current_task_state,
    edit_url,
    form_data_for,
    refreshed,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db


def mail_to(user):
    return [message for message in mail.outbox if user.email in message.to]


def approve(client, page, *, comment=""):
    task_state = current_task_state(page)
    assert task_state is not None, "the page is not waiting for anyone"
    return client.post(workflow_action_url(page, "approve", task_state), {"comment": comment})


def reject(client, page, *, comment):
    task_state = current_task_state(page)
    return client.post(workflow_action_url(page, "reject", task_state), {"comment": comment})


@pytest.fixture
def moderator_c(db):
    """A moderator who acts for no partner."""
    return UserFactory(username="moderator_c", groups=["Moderators"])


def test_every_page_is_under_the_partnership_approval_workflow(home_page, make_consultation):
    consultation = make_consultation()
    workflow = Workflow.objects.get(name="Partnership approval")
    assert [task.name for task in workflow.tasks] == ["Moderator review", "Lead partner sign-off"]
    assert consultation.get_workflow() == workflow
    assert home_page.get_workflow() == workflow
    strategy = StrategyPageFactory(parent=StrategyIndexPageFactory(parent=home_page))
    assert strategy.get_workflow() == workflow


def test_editor_creates_submits_and_two_moderators_approve_with_comments(
    client_for,
    role_users,
    partner_a,
    consultation_index,
    moderator_c,
    django_capture_on_commit_callbacks,
):
    editor = role_users["comms_editor"]
    moderator_a = role_users["moderator_a"]
    client = client_for(editor)

    data = consultation_form_data(
        title="Library opening hours",
        slug="library-opening-hours",
        lead_partner=partner_a,
        action="submit",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(consultation_index, ConsultationPage), data)
    assert response.status_code == 302, response.context and response.context["form"].errors

    page = ConsultationPage.objects.get(slug="library-opening-hours")
    assert not page.live
    assert page.owner == editor
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_task.name == "Moderator review"
    assert (
        client_for(None).get(page.url or "/consultations/library-opening-hours/").status_code == 404
    )

    # Every moderator is asked to review; the editor who submitted is not.
    for moderator in (moderator_c, moderator_a, role_users["moderator_b"]):
        (message,) = mail_to(moderator)
        assert message.subject == "Please review: Library opening hours"
        assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in message.body
    assert not mail_to(editor)
    mail.outbox.clear()

    # A moderator with no partner sees it on the dashboard and approves with a comment.
    client = client_for(moderator_c)
    assert "Library opening hours" in client.get(reverse("wagtailadmin_home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = approve(client, page, comment="Clear and well written.")
    assert response.status_code == 302

    # Now it waits for Northshire's sign-off: only its moderator is asked.
    page = refreshed(page)
    assert not page.live
    task_state = current_task_state(page)
    assert isinstance(task_state, PartnerApprovalTaskState)
    assert set(task_state.partners.all()) == {partner_a}
    assert [message.to for message in mail.outbox] == [[moderator_a.email]]
    assert "Northshire Council" in mail.outbox[0].body
    mail.outbox.clear()

    assert "Library opening hours" not in client.get(reverse("wagtailadmin_home")).content.decode()
    client = client_for(moderator_a)
    assert "Library opening hours" in client.get(reverse("wagtailadmin_home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = approve(client, page, comment="Northshire is happy with this.")
    assert response.status_code == 302

    page = refreshed(page)
    assert page.live
    assert page.current_workflow_state is None
    assert client_for(None).get(page.url).status_code == 200

    # The editor hears it was approved, with both moderators' comments.
    (message,) = mail_to(editor)
    assert message.subject == "Approved: Library opening hours"
    assert "Clear and well written." in message.body
    assert "Northshire is happy with this." in message.body
    assert page.full_url in message.body
    assert len(mail.outbox) == 1


def test_a_moderator_of_the_lead_partner_approves_both_steps_at_once(
    client_for, role_users, partner_a, make_consultation, django_capture_on_commit_callbacks
):
    editor = role_users["comms_editor"]
    page = make_consultation(lead_partner=partner_a, owner=editor)
    client = client_for(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(page), form_data_for(page, action="submit"))
    mail.outbox.clear()

    client = client_for(role_users["moderator_a"])
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, page)

    page = refreshed(page)
    assert page.live
    sign_off = PartnerApprovalTaskState.objects.get(
        workflow_state__object_id=str(page.pk), task__name="Lead partner sign-off"
    )
    assert sign_off.status == TaskState.STATUS_APPROVED
    assert sign_off.finished_by == role_users["moderator_a"]
    assert sign_off.comment == PartnerApprovalTask.SIGNED_OFF_WITH_PREVIOUS_STEP
    # Nobody was asked to sign off what had just been approved.
    assert [message.to for message in mail.outbox] == [[editor.email]]


def test_a_moderator_of_the_lead_partner_approving_from_the_editor_is_not_asked_again(
    client_for, role_users, partner_a, make_consultation, django_capture_on_commit_callbacks
):
    """Approving from the page editor saves the moderator's changes as a new revision
    first; the sign-off step must still see that they have just approved."""
    editor = role_users["comms_editor"]
    moderator = role_users["moderator_a"]
    page = make_consultation(lead_partner=partner_a, owner=editor)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(editor).post(edit_url(page), form_data_for(page, action="submit"))
    submitted = refreshed(page).get_latest_revision()
    mail.outbox.clear()

    data = form_data_for(refreshed(page), title="Library opening hours, corrected")
    data["action-workflow-action"] = "action-workflow-action"
    data["workflow-action-name"] = "approve"
    data["workflow-action-extra-data"] = json.dumps({"comment": "Corrected the title."})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(moderator).post(edit_url(page), data)

    assert response.status_code == 302
    page = refreshed(page)
    assert page.live
    assert page.title == "Library opening hours, corrected"
    assert page.live_revision.user == moderator
    assert page.live_revision != submitted
    review, sign_off = TaskState.objects.filter(workflow_state__object_id=str(page.pk)).order_by(
        "pk"
    )
    assert review.status == TaskState.STATUS_APPROVED
    assert review.comment == "Corrected the title."
    sign_off = sign_off.specific
    assert sign_off.status == TaskState.STATUS_APPROVED
    assert sign_off.finished_by == moderator
    assert sign_off.comment == PartnerApprovalTask.SIGNED_OFF_WITH_PREVIOUS_STEP
    assert [message.to for message in mail.outbox] == [[editor.email]]


def test_a_sign_off_is_not_assumed_when_another_partners_moderator_approves_from_the_editor(
    client_for, role_users, partner_a, make_consultation
):
    editor = role_users["comms_editor"]
    page = make_consultation(lead_partner=partner_a, owner=editor)
    client_for(editor).post(edit_url(page), form_data_for(page, action="submit"))

    data = form_data_for(refreshed(page), title="Changed by Southvale")
    data["action-workflow-action"] = "action-workflow-action"
    data["workflow-action-name"] = "approve"
    client_for(role_users["moderator_b"]).post(edit_url(page), data)

    page = refreshed(page)
    assert not page.live
    assert page.current_workflow_task.name == "Lead partner sign-off"


def test_without_a_lead_partner_the_sign_off_step_is_skipped(
    client_for, role_users, make_consultation, moderator_c, django_capture_on_commit_callbacks
):
    editor = role_users["comms_editor"]
    page = make_consultation(owner=editor)
    client_for(editor).post(edit_url(page), form_data_for(page, action="submit"))

    approve(client_for(moderator_c), page)

    page = refreshed(page)
    assert page.live
    sign_off = PartnerApprovalTaskState.objects.get(
        workflow_state__object_id=str(page.pk), task__name="Lead partner sign-off"
    )
    assert sign_off.status == TaskState.STATUS_SKIPPED


def test_a_lead_partner_nobody_moderates_for_does_not_hold_pages_up(
    client_for, role_users, make_consultation, moderator_c
):
    from tests.factories import PartnerFactory

    unstaffed = PartnerFactory(name="Eastwick Fire and Rescue", slug="eastwick-fire")
    editor = role_users["comms_editor"]
    page = make_consultation(lead_partner=unstaffed, owner=editor)
    client_for(editor).post(edit_url(page), form_data_for(page, action="submit"))
    approve(client_for(moderator_c), page)
    assert refreshed(page).live


def test_rejection_returns_the_page_to_the_editor_with_the_comment(
    client_for, role_users, partner_a, make_consultation, django_capture_on_commit_callbacks
):
    editor = role_users["comms_editor"]
    page = make_consultation(lead_partner=partner_a, owner=editor)
    client = client_for(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(page), form_data_for(page, action="submit"))
    mail.outbox.clear()

    moderator = role_users["moderator_b"]
    with django_capture_on_commit_callbacks(execute=True):
        response = reject(
            client_for(moderator), page, comment="Please say when the <b>decision</b> is due."
        )
    assert response.status_code == 302

    page = refreshed(page)
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    (message,) = mail_to(editor)
    assert message.subject == "Changes requested: " + page.title
    assert "Please say when the <b>decision</b> is due." in message.body
    assert "Moderator review" in message.body
    html = message.alternatives[0][0]
    assert "&lt;b&gt;decision&lt;/b&gt;" in html
    assert "<b>decision</b>" not in html

    # The editor can change the page and send it back into the same workflow.
    client = client_for(editor)
    response = client.get(edit_url(page))
    assert "Please say when the &lt;b&gt;decision&lt;/b&gt; is due." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(page),
            form_data_for(page, title="Library hours: decision in May", action="submit"),
        )
    assert response.status_code == 302
    page = refreshed(page)
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_task.name == "Moderator review"
    assert not page.live


def test_editor_cannot_publish_and_the_attempt_only_saves_a_draft(
    client_for, role_users, partner_a, make_consultation
):
    editor = role_users["comms_editor"]
    page = make_consultation(lead_partner=partner_a, owner=editor)
    client = client_for(editor)

    response = client.post(edit_url(page), form_data_for(page, title="Changed", action="publish"))

    assert response.status_code == 302
    page = refreshed(page)
    assert not page.live
    assert page.get_latest_revision_as_object().title == "Changed"
    assert page.current_workflow_state is None


def test_submitting_checks_the_gunning_fields_but_a_draft_can_be_saved_without_them(
    client_for, role_users, partner_a, consultation_index
):
    client = client_for(role_users["comms_editor"])
    url = create_url(consultation_index, ConsultationPage)
    data = consultation_form_data(
        title="Unfinished", slug="unfinished", lead_partner=partner_a, gunning=False
    )

    response = client.post(url, {**data, "action-submit": "action-submit"})
    assert response.status_code == 200
    assert "Say what is proposed and why." in response.content.decode()
    assert not ConsultationPage.objects.filter(slug="unfinished").exists()

    response = client.post(url, data)
    assert response.status_code == 302
    page = ConsultationPage.objects.get(slug="unfinished")
    assert page.current_workflow_state is None


def test_standard_and_strategy_pages_also_need_approval(client_for, role_users, home_page):
    index = StrategyIndexPageFactory(parent=home_page)
    strategy = StrategyPageFactory(parent=index, live=False)
    strategy.save_revision()
    client = client_for(role_users["comms_editor"])
    data = {
        "title": strategy.title,
        "slug": strategy.slug,
        "summary": "",
        "adopted_on": "",
        "body-count": "0",
        "tags": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "shaping_consultations-TOTAL_FORMS": "0",
        "shaping_consultations-INITIAL_FORMS": "0",
        "shaping_consultations-MIN_NUM_FORMS": "0",
        "shaping_consultations-MAX_NUM_FORMS": "1000",
        "adoption_steps-TOTAL_FORMS": "0",
        "adoption_steps-INITIAL_FORMS": "0",
        "adoption_steps-MIN_NUM_FORMS": "0",
        "adoption_steps-MAX_NUM_FORMS": "1000",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
        "strategy_indicators-TOTAL_FORMS": "0",
        "strategy_indicators-INITIAL_FORMS": "0",
        "strategy_indicators-MIN_NUM_FORMS": "0",
        "strategy_indicators-MAX_NUM_FORMS": "1000",
    }

    client.post(edit_url(strategy), {**data, "action-publish": "action-publish"})
    assert not StrategyPage.objects.get(pk=strategy.pk).live

    client.post(edit_url(strategy), {**data, "action-submit": "action-submit"})
    strategy = StrategyPage.objects.get(pk=strategy.pk)
    assert strategy.current_workflow_state.workflow.name == "Partnership approval"


# Scheduled publishing -------------------------------------------------------------


def test_an_editor_cannot_schedule_a_page_to_go_live(
    client_for, role_users, partner_a, make_consultation
):
    editor = role_users["comms_editor"]
    page = make_consultation(lead_partner=partner_a, owner=editor)
    go_live = timezone.now() + datetime.timedelta(days=2)

    client_for(editor).post(
        edit_url(page), form_data_for(page, go_live_at=go_live, action="publish")
    )

    page = refreshed(page)
    assert not page.live
    assert page.scheduled_revision is None
    with mock.patch(
        "django.utils.timezone.now", return_value=go_live + datetime.timedelta(hours=1)
    ):
        call_command("publish_scheduled")
    assert not refreshed(page).live


def test_a_scheduled_page_goes_live_only_after_approval(
    client_for, role_users, partner_a, make_consultation, django_capture_on_commit_callbacks
):
    editor = role_users["comms_editor"]
    page = make_consultation(lead_partner=partner_a, owner=editor)
    go_live = (timezone.now() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)

    client_for(editor).post(
        edit_url(page), form_data_for(page, go_live_at=go_live, action="submit")
    )
    page = refreshed(page)
    assert page.current_workflow_task.name == "Moderator review"
    assert page.scheduled_revision is None

    # Before approval the scheduler has nothing to publish, even after the date.
    with mock.patch(
        "django.utils.timezone.now", return_value=go_live + datetime.timedelta(hours=1)
    ):
        call_command("publish_scheduled")
    assert not refreshed(page).live

    with django_capture_on_commit_callbacks(execute=True):
        approve(client_for(role_users["moderator_a"]), page, comment="Fine to go on Monday.")
    page = refreshed(page)
    assert not page.live
    assert page.scheduled_revision.approved_go_live_at == go_live
    (message,) = mail_to(editor)
    assert "scheduled to go live on" in message.body

    call_command("publish_scheduled")
    assert not refreshed(page).live

    with mock.patch(
        "django.utils.timezone.now", return_value=go_live + datetime.timedelta(minutes=1)
    ):
        call_command("publish_scheduled")
    page = refreshed(page)
    assert page.live
    assert client_for(None).get(page.url).status_code == 200


# The outcome: a second publication --------------------------------------------------


@pytest.fixture
def closed_consultation(make_consultation, partner_a, role_users):
    now = timezone.now()
    return make_consultation(
        lead_partner=partner_a,
        owner=role_users["comms_editor"],
        live=True,
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
    )


def test_an_outcome_reaches_the_public_only_once_approved(
    client_for, role_users, closed_consultation, django_capture_on_commit_callbacks
):
    editor = role_users["comms_editor"]
    page = closed_consultation
    public = client_for(None).get(page.url).content.decode()
    assert "We asked, you said, we did" not in public

    data = form_data_for(
        page,
        outcome_summary="The library will open on Sundays from June.",
        outcome_text="<p>Most of you asked for Sunday opening, so we agreed it.</p>",
        outcome_published_at=timezone.now() - datetime.timedelta(minutes=5),
    )

    # Publishing directly is not open to the editor: nothing changes for the public.
    client = client_for(editor)
    client.post(edit_url(page), {**data, "action-publish": "action-publish"})
    assert "Sunday" not in client_for(None).get(page.url).content.decode()

    client = client_for(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(page), {**data, "action-submit": "action-submit"})
    assert response.status_code == 302

    # Waiting for approval: the public page, the listing status and search show nothing.
    public = client_for(None).get(page.url).content.decode()
    assert "Sunday" not in public
    assert "We asked, you said, we did" not in public
    assert refreshed(page).outcome_summary == ""
    assert refreshed(page).status == "closed"

    # The moderator sees the outcome in the version they are asked to approve.
    moderator = client_for(role_users["moderator_a"])
    task_state = current_task_state(page)
    preview = moderator.get(
        reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task_state.task_id])
    )
    assert "The library will open on Sundays from June." in preview.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        approve(moderator, page)

    public = client_for(None).get(page.url).content.decode()
    assert "We asked, you said, we did" in public
    assert "The library will open on Sundays from June." in public
    assert "Most of you asked for Sunday opening, so we agreed it." in public
    assert refreshed(page).status == "outcome"


# The lead partner's rule holds in every publishing path ------------------------------


def test_another_partners_moderator_cannot_publish_a_consultation(
    client_for, role_users, partner_a, make_consultation
):
    page = make_consultation(lead_partner=partner_a)

    # The editor offers moderator A a publish button, and moderator B none.
    assert (
        'name="action-publish"'
        in client_for(role_users["moderator_a"]).get(edit_url(page)).content.decode()
    )
    client = client_for(role_users["moderator_b"])
    assert 'name="action-publish"' not in client.get(edit_url(page)).content.decode()

    # Posting it anyway only saves a draft, as for an editor.
    response = client.post(edit_url(page), form_data_for(page, title="Changed", action="publish"))

    assert response.status_code == 302
    page = refreshed(page)
    assert not page.live
    assert page.get_latest_revision_as_object().title == "Changed"


def test_naming_your_own_partner_in_a_draft_does_not_let_you_publish_anothers_consultation(
    client_for, role_users, partner_a, partner_b, make_consultation
):
    page = make_consultation(lead_partner=partner_a, live=True, title="Northshire parks")
    client = client_for(role_users["moderator_b"])

    response = client.post(
        edit_url(page), form_data_for(page, lead_partner=partner_b, title="Southvale parks")
    )
    assert "lead_partner" in response.context["form"].errors
    assert refreshed(page).get_latest_revision_as_object().lead_partner == partner_a
    client.post(
        edit_url(page),
        form_data_for(
            refreshed(page), lead_partner=partner_b, title="Southvale parks", action="publish"
        ),
    )

    page = refreshed(page)
    assert page.title == "Northshire parks"
    assert page.lead_partner == partner_a


def test_another_partners_moderator_cannot_create_and_publish_in_one_go(
    client_for, role_users, partner_a, consultation_index
):
    client = client_for(role_users["moderator_b"])
    data = consultation_form_data(
        title="Northshire bins", slug="northshire-bins", lead_partner=partner_a, action="publish"
    )

    response = client.post(create_url(consultation_index, ConsultationPage), data, follow=True)

    assert response.status_code == 200
    page = ConsultationPage.objects.get(slug="northshire-bins")
    assert not page.live
    assert "Only a moderator of Northshire Council can publish" in response.content.decode()
    assert client_for(None).get("/consultations/northshire-bins/").status_code == 404


def test_another_partners_moderator_cannot_publish_a_copy(
    client_for, role_users, partner_a, make_consultation, consultation_index
):
    page = make_consultation(lead_partner=partner_a, live=True)
    client = client_for(role_users["moderator_b"])

    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {
            "new_title": "Copied",
            "new_slug": "copied",
            "new_parent_page": consultation_index.pk,
            "publish_copies": "on",
        },
    )

    assert response.status_code == 302
    assert not Page.objects.filter(slug="copied").exists()

    # The lead partner's own moderator can.
    client = client_for(role_users["moderator_a"])
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {
            "new_title": "Copied",
            "new_slug": "copied",
            "new_parent_page": consultation_index.pk,
            "publish_copies": "on",
        },
    )
    assert Page.objects.get(slug="copied").live


def test_another_partners_moderator_cannot_unpublish_or_delete_a_live_consultation(
    client_for, role_users, partner_a, make_consultation
):
    page = make_consultation(lead_partner=partner_a, live=True)
    client = client_for(role_users["moderator_b"])

    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert response.status_code in (302, 403)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code in (302, 403)

    page = refreshed(page)
    assert page.live

    client = client_for(role_users["moderator_a"])
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert not refreshed(page).live


def test_a_sign_off_cannot_be_borrowed_for_another_page(
    client_for, role_users, partner_a, partner_b, make_consultation, moderator_c
):
    editor = role_users["comms_editor"]
    mine = make_consultation(lead_partner=partner_a, owner=editor, title="Mine")
    theirs = make_consultation(lead_partner=partner_b, owner=editor, title="Theirs")
    for page in (mine, theirs):
        client_for(editor).post(edit_url(page), form_data_for(page, action="submit"))
        approve(client_for(moderator_c), page)
    their_state = current_task_state(theirs)
    assert isinstance(their_state, PartnerApprovalTaskState)

    # Moderator A may act on "Mine": the view checks that, then acts on the task state
    # in the URL, so the task must check the state itself. (Approving would also be
    # stopped when publishing; asking for changes would not.)
    client = client_for(role_users["moderator_a"])
    response = client.post(
        workflow_action_url(mine, "reject", their_state), {"comment": "Not yours to judge."}
    )

    # The admin turns a refusal into a redirect to the dashboard with a message.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    their_state.refresh_from_db()
    assert their_state.status == TaskState.STATUS_IN_PROGRESS
    assert not refreshed(theirs).live


def test_the_dashboard_costs_at_most_two_queries_per_page_waiting_for_sign_off(
    client_for, role_users, partner_a, make_consultation, moderator_c
):
    """Wagtail's dashboard spends one query per waiting page; the sign-off step adds at
    most one more, whoever is looking."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def dashboard_queries(user):
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        return len(queries), response.content.decode().count("Lead partner sign-off")

    def add_waiting_page():
        page = make_consultation(lead_partner=partner_a, owner=role_users["comms_editor"])
        client_for(role_users["comms_editor"]).post(
            edit_url(page), form_data_for(page, action="submit")
        )
        approve(client_for(moderator_c), page)

    add_waiting_page()
    before = {
        role: dashboard_queries(role_users[role]) for role in ("moderator_a", "administrator")
    }
    for _ in range(3):
        add_waiting_page()
    for role, (queries_before, shown_before) in before.items():
        queries_after, shown_after = dashboard_queries(role_users[role])
        assert shown_after == shown_before + 3
        assert queries_after - queries_before <= 3 * 2
    assert dashboard_queries(role_users["moderator_b"])[1] == 0


def test_workflow_admin_screens_work_with_the_sign_off_task(
    admin_client, client_for, role_users, partner_a, make_consultation, moderator_c
):
    page = make_consultation(lead_partner=partner_a, owner=role_users["comms_editor"])
    client_for(role_users["comms_editor"]).post(
        edit_url(page), form_data_for(page, action="submit")
    )
    approve(client_for(moderator_c), page, comment="Good.")
    workflow = Workflow.objects.get(name="Partnership approval")
    workflow_state = refreshed(page).current_workflow_state

    for url in (
        reverse("wagtailadmin_workflows:edit", args=[workflow.pk]),
        reverse("wagtailadmin_workflows:task_index"),
        reverse("wagtailadmin_workflows:select_task_type"),
        reverse("wagtailadmin_workflows:edit_task", args=[current_task_state(page).task_id]),
        reverse(
            "wagtailadmin_workflows:add_task",
            args=["consultation_blocks", "partnerapprovaltask"],
        ),
        reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
        reverse("wagtailadmin_pages:workflow_history_detail", args=[page.pk, workflow_state.pk]),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url

    response = admin_client.post(
        reverse(
            "wagtailadmin_workflows:add_task",
            args=["consultation_blocks", "partnerapprovaltask"],
        ),
        {"name": "Second sign-off"},
    )
    assert response.status_code == 302
    assert PartnerApprovalTask.objects.filter(name="Second sign-off").exists()


@pytest.mark.parametrize("role, publishes", [("moderator_b", False), ("moderator_a", True)])
def test_bulk_publishing_follows_the_lead_partner_rule(
    client_for, role_users, partner_a, make_consultation, role, publishes
):
    page = make_consultation(lead_partner=partner_a)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])

    response = client_for(role_users[role]).post(f"{url}?id={page.pk}")

    assert response.status_code < 500
    assert refreshed(page).live is publishes
