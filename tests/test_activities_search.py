"""Engagement activities in the site search (database backend): published ones only,
with the partner, topic and area facets pages have."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation_blocks.models import EngagementActivity
from tests.activities_support import ActivityFactory, activity_form_data
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def titles(response):
    return [item.title for item in response.context["results"].items]


def facet(response, name):
    for facet_name, _, values in response.context["results"].facets:
        if facet_name == name:
            return {value.value: value.count for value in values}
    return {}


@pytest.fixture
def activities(home_page, partner_a, partner_b):
    glossop = AreaFactory(name="Glossop", slug="glossop")
    return {
        "drop_in": ActivityFactory(
            title="Evening drop-in for carers",
            description="Tell us about respite breaks.",
            lead_partner=partner_a,
            areas=[glossop],
            tags=["respite"],
        ),
        "panel": ActivityFactory(
            title="Respite services panel",
            lead_partner=partner_b,
            tags=["respite"],
        ),
        "hidden": ActivityFactory(
            title="Respite idea not yet shared", lead_partner=partner_b, published=False
        ),
    }


def test_published_activities_are_found_with_a_type_facet(client, activities):
    response = search(client, q="respite")
    found = titles(response)
    assert "Respite services panel" in found
    assert "Evening drop-in for carers" in found  # through its description and topic
    assert "Respite idea not yet shared" not in found
    assert facet(response, "type") == {"activity": 2}
    item = next(i for i in response.context["results"].items if i.title.startswith("Evening"))
    assert item.type_label == "Engagement activity"
    assert item.url.startswith(reverse("forward_plan_list") + "?partner=northshire&month=")
    assert "Northshire Council" in item.meta


def test_partner_topic_and_area_facets_filter_activities(client, activities):
    response = search(client, q="respite")
    assert facet(response, "partner") == {"northshire": 1, "southvale-nhs": 1}
    assert facet(response, "area") == {"glossop": 1}
    assert titles(search(client, q="respite", partner="southvale-nhs")) == [
        "Respite services panel"
    ]
    assert titles(search(client, q="respite", area="glossop")) == ["Evening drop-in for carers"]
    assert set(titles(search(client, q="respite", tag="respite"))) == {
        "Respite services panel",
        "Evening drop-in for carers",
    }


def test_an_activity_planned_in_the_admin_is_searchable_by_its_topic(client, home_page, partner_a):
    editor = UserFactory(username="planner", groups=["Comms editors"], partners=[partner_a])
    client.force_login(editor)
    start = timezone.localdate() + datetime.timedelta(days=20)
    data = activity_form_data(
        lead_partner=partner_a,
        starts_on=start,
        ends_on=start,
        title="Listening session",
        tags="allotments",
        published="on",
    )
    add_url = reverse("wagtailsnippets_consultation_blocks_engagementactivity:add")
    assert client.post(add_url, data).status_code == 302
    assert EngagementActivity.objects.get().published
    client.logout()
    assert titles(search(client, q="allotments")) == ["Listening session"]
