"""The demo's forward plan: a year of activities across the three places, with a clash."""

import datetime

import pytest
from django.urls import reverse

from consultation_blocks.models import ConsultationPage, EngagementActivity


@pytest.mark.django_db
def test_the_demo_plans_a_year_across_the_three_places(seeded):
    activities = EngagementActivity.objects.select_related("lead_partner").prefetch_related("areas")
    places = {area.slug for activity in activities for area in activity.areas.all()}
    assert {"tameside", "glossop", "stockport", "tower-hamlets"} <= places
    loaded_on = seeded.day
    ahead = [a for a in activities if a.starts_on > loaded_on]
    assert max(a.starts_on for a in ahead) - loaded_on >= datetime.timedelta(days=300)
    assert {a.method for a in activities} >= {
        "survey",
        "focus_group",
        "public_meeting",
        "drop_in",
        "workshop",
        "interview",
        "online_discussion",
        "panel",
    }
    assert {a.stage for a in activities} == {
        "idea",
        "planned",
        "open",
        "closed",
        "feedback_given",
    }
    # Contacts are roles or teams, never a named officer.
    for activity in activities:
        assert ", " in activity.contact_role, activity.contact_role


@pytest.mark.django_db
def test_the_demo_holds_a_clash(seeded):
    drop_in = EngagementActivity.objects.get(
        title="Glossop carers' drop-in on community health services"
    )
    clashes = EngagementActivity.objects.clashing_with(
        lead_partner_id=drop_in.lead_partner_id,
        starts_on=drop_in.starts_on,
        ends_on=drop_in.ends_on,
        tag_names=[tag.name for tag in drop_in.tags.all()],
        area_ids=[area.pk for area in drop_in.areas.all()],
        audience=drop_in.audience_groups,
        exclude_pk=drop_in.pk,
    )
    assert [clash.title for clash in clashes] == ["Derbyshire carers' survey"]


@pytest.mark.django_db
def test_the_demo_plan_and_log_are_shown(client, seeded):
    html = client.get(reverse("consultation_blocks:forward_plan_list")).content.decode()
    assert "PEN Forum: spring meeting" in html
    # Staff-only plans stay off the public plan.
    assert "Derbyshire carers&#x27; survey" not in html
    page = ConsultationPage.objects.get(slug="tower-hamlets-community-engagement-strategy")
    outcome = client.get(page.url).content.decode()
    assert "How we heard from people" in outcome
    assert "Focus groups and interviews with community groups" in outcome
