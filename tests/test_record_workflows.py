"""Engagement activities, decisions and indicators under the partnership's approval
workflow, as pages are: drafts, submission, a moderator's approval that publishes, and
the partner rule on every admin screen that acts on a record, for every role.

Everything runs through the real admin and public views over HTTP, and is checked in
the database, not only from the status code."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow, WorkflowState

from consultation_blocks.models import (
    Decision,
    DecisionIndexPage,
    EngagementActivity,
    Indicator,
    IndicatorValue,
)
from tests.activities_support import ActivityFactory, activity_form_data
from tests.conftest import ROLES
from tests.factories import PartnerFactory, UserFactory
from tests.record_workflow_support import (
    PUBLISH,
    SUBMIT,
    approve_all,
    approved,
    current_task_state,
    fresh,
    refused,
    snippet_url,
    workflow_action,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions_page(home_page):
    page = DecisionIndexPage(title="Decisions", slug="decisions")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def editor_a(partner_a):
    return UserFactory(username="editor_a", groups=["Comms editors"], partners=[partner_a])


def make_decision(partner, reference="D1", *, live=True, **fields):
    values = {
        "title": f"Decision {reference}",
        "decision_maker": "Cabinet",
        "kind": "key",
        "status": "planned",
        "due_on": datetime.date(2030, 1, 1),
        "live": live,
    }
    values.update(fields)
    return Decision.objects.create(reference=reference, partner=partner, **values)


def make_indicator(partner, code="ni-1", *, live=True):
    indicator = Indicator(
        code=code, title=f"Indicator {code}", partner=partner, unit="percent", direction="up"
    )
    indicator.live = live
    indicator.values = [IndicatorValue(year=2020, value=Decimal("40"), source="Survey")]
    indicator.save()
    return indicator


def decision_form_data(partner, *, reference="I068121", title="Adopt the engagement strategy"):
    return {
        "reference": reference,
        "title": title,
        "purpose": "Whether to adopt the strategy.",
        "partner": str(partner.pk),
        "decision_maker": "Cabinet",
        "kind": "key",
        "status": "planned",
        "notice_published_on": "",
        "due_on": "2030-01-30",
        "decided_on": "",
        "outcome": "",
        "published_decision_url": "",
        "eia_screening": "not_screened",
        "eia_impact": "unknown",
        "eia_impact_notes": "",
        "eia_mitigations": "",
        "eia_signed_off_by": "",
        "eia_signed_off_on": "",
    }


# The workflow -----------------------------------------------------------------------


def test_activities_decisions_and_indicators_are_under_the_pages_workflow(partner_a):
    workflow = Workflow.objects.get(name="Partnership approval")
    for record in (
        ActivityFactory(lead_partner=partner_a),
        make_decision(partner_a),
        make_indicator(partner_a),
    ):
        assert record.get_workflow() == workflow


def test_moderators_and_administrators_publish_records_and_editors_do_not(role_users):
    for model in ("engagementactivity", "decision", "indicator"):
        for role, allowed in [
            ("comms_editor", False),
            ("moderator_a", True),
            ("administrator", True),
        ]:
            user = fresh(role_users[role])
            assert user.has_perm(f"consultation_blocks.publish_{model}") is allowed, (role, model)


def test_an_editor_submits_a_decision_and_the_partners_moderator_publishes_it(
    client_for, role_users, editor_a, partner_a, decisions_page, open_consultation
):
    client = client_for(editor_a)
    data = decision_form_data(partner_a)
    data["consultations"] = [str(open_consultation.pk)]
    response = client.post(snippet_url(Decision, "add"), {**data, **SUBMIT})
    assert response.status_code == 302, response.context and response.context["form"].errors
    decision = Decision.objects.get(reference="I068121")
    assert not decision.live
    assert decision.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert list(decision.consultations.all()) == [open_consultation]
    assert "Adopt the engagement strategy" not in client_for(None).get(decisions_page.url).text

    # Another partner's moderator may not approve it, nor open it.
    client = client_for(role_users["moderator_b"])
    assert refused(workflow_action(client, decision, "approve"))
    assert refused(client.get(snippet_url(Decision, "edit", decision.pk)))
    assert not fresh(decision).live

    client = client_for(role_users["moderator_a"])
    assert approved(approve_all(client, decision))
    decision = fresh(decision)
    assert decision.live
    assert current_task_state(decision) is None
    html = client_for(None).get(decisions_page.url).text
    assert "Adopt the engagement strategy" in html


def test_a_rejected_decision_stays_a_draft(client_for, role_users, editor_a, partner_a):
    client = client_for(editor_a)
    client.post(snippet_url(Decision, "add"), {**decision_form_data(partner_a), **SUBMIT})
    decision = Decision.objects.get()
    client = client_for(role_users["moderator_a"])
    assert workflow_action(client, decision, "reject", comment="Add the ward").status_code == 302
    decision = fresh(decision)
    assert not decision.live
    assert decision.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_an_activity_is_submitted_and_approved_then_residents_see_it(
    client_for, role_users, editor_a, partner_a, home_page
):
    start = timezone.localdate() + datetime.timedelta(days=14)
    client = client_for(editor_a)
    data = activity_form_data(
        lead_partner=partner_a, starts_on=start, ends_on=start, title="Young carers' panel"
    )
    assert client.post(snippet_url(EngagementActivity, "add"), {**data, **SUBMIT}).status_code == (
        302
    )
    activity = EngagementActivity.objects.get()
    assert not activity.live
    plan_url = reverse("consultation_blocks:forward_plan_list")
    assert "Young carers" not in client_for(None).get(plan_url).text
    # Staff see the draft in their forward plan, marked as not shown to residents.
    staff_plan = client_for(editor_a).get(reverse("consultation_blocks_admin_forward_plan_list"))
    assert "Young carers" in staff_plan.text and "Staff only" in staff_plan.text

    client = client_for(role_users["moderator_a"])
    assert approved(approve_all(client, activity))
    assert fresh(activity).live
    assert "Young carers" in client_for(None).get(plan_url).text


def test_changes_to_a_live_activity_wait_for_approval(client_for, role_users, editor_a, partner_a):
    activity = ActivityFactory(lead_partner=partner_a, title="Library survey")
    activity.save_revision().publish()
    start = timezone.localdate() + datetime.timedelta(days=14)
    data = activity_form_data(
        lead_partner=partner_a, starts_on=start, ends_on=start, title="Library and archive survey"
    )
    client = client_for(editor_a)
    url = snippet_url(EngagementActivity, "edit", activity.pk)
    assert client.post(url, {**data, **SUBMIT}).status_code == 302
    activity = fresh(activity)
    assert activity.title == "Library survey"  # residents still see the approved version
    assert activity.has_unpublished_changes

    client = client_for(role_users["moderator_a"])
    approve_all(client, activity)
    assert fresh(activity).title == "Library and archive survey"


def test_a_clash_is_still_shown_when_saving_a_draft(client_for, editor_a, partner_a, partner_b):
    start = timezone.localdate() + datetime.timedelta(days=21)
    ActivityFactory(
        lead_partner=partner_b,
        title="Southvale carers' survey",
        audience_groups=["carers"],
        tags=["carers"],
        starts_on=start,
        ends_on=start + datetime.timedelta(days=3),
        contact_role="Patient experience team",
    )
    data = activity_form_data(lead_partner=partner_a, starts_on=start, ends_on=start, tags="carers")
    response = client_for(editor_a).post(snippet_url(EngagementActivity, "add"), data)
    assert response.status_code == 200
    html = response.text
    assert "Southvale carers" in html and "Patient experience team" in html
    assert not EngagementActivity.objects.filter(lead_partner=partner_a).exists()


# The partner rule: the stored partner, never only the draft's --------------------------


def test_a_draft_naming_my_partner_does_not_let_me_publish_anothers_record(
    client_for, role_users, partner_a, partner_b
):
    decision = make_decision(partner_b, "SOUTH-1", title="Close the ward")
    decision.save_revision().publish()
    # Someone acting for every partner saves a draft that names partner A.
    draft = fresh(decision)
    draft.partner = partner_a
    draft.title = "Close the ward (draft)"
    draft.save_revision(user=role_users["administrator"])

    client = client_for(role_users["moderator_a"])
    assert refused(client.get(snippet_url(Decision, "edit", decision.pk)))
    data = decision_form_data(partner_a, reference="SOUTH-1", title="Taken over")
    assert refused(client.post(snippet_url(Decision, "edit", decision.pk), {**data, **PUBLISH}))
    assert refused(client.post(snippet_url(Decision, "unpublish", decision.pk)))
    decision = fresh(decision)
    assert decision.live and decision.partner == partner_b and decision.title == "Close the ward"


def test_a_submitted_draft_naming_another_partner_needs_both_partners(
    client_for, role_users, partner_a, partner_b
):
    activity = ActivityFactory(lead_partner=partner_a, title="Shared survey")
    activity.save_revision().publish()
    draft = fresh(activity)
    draft.lead_partner = partner_b
    revision = draft.save_revision(user=role_users["administrator"])
    activity = fresh(activity)
    activity.get_workflow().start(activity, role_users["administrator"])
    assert revision.pk == fresh(activity).latest_revision_id

    # Moderator A approves the first step; the sign-off needs partner B too.
    client = client_for(role_users["moderator_a"])
    workflow_action(client, activity, "approve")
    assert refused(workflow_action(client, activity, "approve"))
    assert fresh(activity).lead_partner == partner_a


# Every role, every screen --------------------------------------------------------------

STAFF = {"comms_editor", "moderator_a", "moderator_b", "administrator"}
A_TEAM = {"editor_a", "moderator_a", "administrator"}

# (screen, who may) for a live record of partner A with a draft waiting.
MATRIX = {
    "list": STAFF | {"editor_a"},
    "edit": A_TEAM,
    "save a draft": A_TEAM,
    "publish": {"moderator_a", "administrator"},
    "unpublish": {"moderator_a", "administrator"},
    "lock": {"moderator_a", "administrator"},
    "delete": {"moderator_a", "administrator"},  # a live record: like unpublishing
    "history": None,  # activities: all staff (a shared plan); others: A's team
}
ROLES_AND_EDITOR = [*ROLES, "editor_a"]


def _record(kind, partner):
    if kind == "activity":
        record = ActivityFactory(lead_partner=partner, title="Record under test")
    elif kind == "decision":
        record = make_decision(partner, title="Record under test")
    else:
        record = make_indicator(partner)
        record.title = "Record under test"
        record.save()
    record.save_revision().publish()
    return fresh(record)


def _form_data(kind, record, partner):
    if kind == "activity":
        start = timezone.localdate() + datetime.timedelta(days=30)
        return activity_form_data(
            lead_partner=partner, starts_on=start, ends_on=start, title="Changed title"
        )
    if kind == "decision":
        return decision_form_data(partner, reference=record.reference, title="Changed title")
    return {
        "code": record.code,
        "title": "Changed title",
        "description": "",
        "partner": str(partner.pk),
        "unit": "percent",
        "direction": "up",
        "target_value": "",
        "target_year": "",
        "values-TOTAL_FORMS": "0",
        "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
    }


MODELS = {"activity": EngagementActivity, "decision": Decision, "indicator": Indicator}


def _try(kind, screen, client, record, partner):
    model = MODELS[kind]
    if screen == "list":
        response = client.get(snippet_url(model, "list"))
        return response.status_code == 200 and "Record under test" in response.text
    if screen == "edit":
        return client.get(snippet_url(model, "edit", record.pk)).status_code == 200
    if screen == "history":
        return client.get(snippet_url(model, "history", record.pk)).status_code == 200
    if screen in ("save a draft", "publish"):
        data = _form_data(kind, record, partner)
        if screen == "publish":
            data |= PUBLISH
        client.post(snippet_url(model, "edit", record.pk), data)
        record = fresh(record)
        if screen == "publish":
            return record.title == "Changed title"
        return record.get_latest_revision_as_object().title == "Changed title"
    if screen == "unpublish":
        client.post(snippet_url(model, "unpublish", record.pk))
        return not fresh(record).live
    if screen == "lock":
        client.post(snippet_url(model, "lock", record.pk))
        return fresh(record).locked
    if screen == "delete":
        client.post(snippet_url(model, "delete", record.pk))
        return not model.objects.filter(pk=record.pk).exists()
    raise AssertionError(screen)


@pytest.mark.parametrize("kind", ["activity", "decision", "indicator"])
@pytest.mark.parametrize("screen", list(MATRIX))
def test_permissions_matrix(kind, screen, client_for, role_users, editor_a, partner_a):
    users = {**role_users, "editor_a": editor_a}
    allowed = MATRIX[screen]
    if screen == "history":
        allowed = (STAFF | {"editor_a"}) if kind == "activity" else A_TEAM
    if screen == "list" and kind != "activity":
        allowed = A_TEAM  # decisions and indicators list only one's own partners'
    outcomes = {}
    for role in ROLES_AND_EDITOR:
        record = _record(kind, partner_a)
        client = client_for(users[role])
        outcomes[role] = _try(kind, screen, client, record, partner_a)
        model = MODELS[kind]
        model.objects.filter(pk=record.pk).delete()
    assert {role for role, done in outcomes.items() if done} == allowed


# Edge cases: nobody in a partner's team, overdue dates, many rows ------------------------


def test_a_partner_with_no_team_has_records_only_administrators_act_on(
    client_for, role_users, home_page
):
    lonely = PartnerFactory(name="Nobody's Trust", slug="nobodys-trust")
    decision = make_decision(lonely, "LONELY-1", title="Unowned decision")
    for role in ("comms_editor", "moderator_a", "moderator_b"):
        client = client_for(role_users[role])
        assert refused(client.get(snippet_url(Decision, "edit", decision.pk)))
        assert "Unowned decision" not in client.get(snippet_url(Decision, "list")).text
    client = client_for(role_users["administrator"])
    assert client.get(snippet_url(Decision, "edit", decision.pk)).status_code == 200


def test_an_overdue_key_decision_is_listed_and_editable(
    client_for, role_users, partner_a, decisions_page
):
    make_decision(partner_a, "LATE-1", title="Overdue decision", due_on=datetime.date(2019, 5, 1))
    client = client_for(role_users["moderator_a"])
    assert "Overdue decision" in client.get(snippet_url(Decision, "list")).text
    assert "Overdue decision" in client_for(None).get(decisions_page.url).text


@pytest.mark.parametrize("model", [EngagementActivity, Decision, Indicator])
def test_admin_listings_take_the_same_queries_for_few_and_many_records(
    model, client_for, role_users, partner_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count, start):
        for n in range(start, start + count):
            if model is EngagementActivity:
                ActivityFactory(lead_partner=partner_a, title=f"Row {n}").save_revision()
            elif model is Decision:
                make_decision(partner_a, f"ROW-{n}", live=n % 2 == 0).save_revision()
            else:
                make_indicator(partner_a, f"row-{n}", live=n % 2 == 0).save_revision()

    client = client_for(role_users["moderator_a"])
    url = snippet_url(model, "list")
    add(3, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(15, 3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
