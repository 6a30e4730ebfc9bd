"""Engagement activities in the site search (database backend): published ones only,
with the partner, topic and area facets pages have."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation_blocks.models import EngagementActivity
from tests.activities_support import ActivityFactory, activity_form_data
from tests.factories import AreaFactory, UserFactory
from tests.record_workflow_support import SUBMIT, approve_all

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
            title="Respite idea not yet shared", lead_partner=partner_b, live=False
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
    assert item.url.startswith(
        reverse("consultation_blocks:forward_plan_list") + "?partner=northshire&month="
    )
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


def test_an_activity_planned_in_the_admin_is_searchable_once_approved(
    client, home_page, partner_a, role_users
):
    editor = UserFactory(username="planner", groups=["Comms editors"], partners=[partner_a])
    client.force_login(editor)
    start = timezone.localdate() + datetime.timedelta(days=20)
    data = activity_form_data(
        lead_partner=partner_a,
        starts_on=start,
        ends_on=start,
        title="Listening session",
        tags="allotments",
        **SUBMIT,
    )
    add_url = reverse("wagtailsnippets_consultation_blocks_engagementactivity:add")
    assert client.post(add_url, data).status_code == 302
    activity = EngagementActivity.objects.get()
    assert not activity.live
    client.logout()
    assert titles(search(client, q="allotments")) == []

    client.force_login(role_users["moderator_a"])
    assert all(response.status_code == 302 for response in approve_all(client, activity))
    assert EngagementActivity.objects.get().live
    client.logout()
    assert titles(search(client, q="allotments")) == ["Listening session"]


# Elasticsearch: tested as data and through a recording transport (no server here).


def test_the_elasticsearch_document_of_an_activity(activities, partner_a):
    from search.backends.activities import activity_document

    document = activity_document(activities["drop_in"])
    assert document["kind"] == "activity"
    assert document["title"] == "Evening drop-in for carers"
    assert document["summary"] == "Tell us about respite breaks."
    assert document["partners"] == ["northshire"]
    assert document["tags"] == ["respite"]
    assert document["areas"] == ["glossop"]
    assert "Survey" in document["body"] and "Residents in general" in document["body"]


def test_saving_and_unpublishing_an_activity_update_the_index(
    home_page, partner_a, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from search.backends import elastic
    from tests.elastic_support import recording_client, requests_of

    es = recording_client()
    settings.SITE_SEARCH_BACKEND = "elasticsearch"
    monkeypatch.setattr(elastic, "get_client", lambda: es)
    with django_capture_on_commit_callbacks(execute=True):
        activity = ActivityFactory(lead_partner=partner_a, title="Walking routes survey")
    indexed = [r for r in requests_of(es) if r["method"] == "PUT"]
    assert indexed[-1]["path"] == f"/engage-items/_doc/activity-{activity.pk}"
    assert indexed[-1]["body"]["title"] == "Walking routes survey"

    with django_capture_on_commit_callbacks(execute=True):
        activity.unpublish()
    deleted = [r for r in requests_of(es) if r["method"] == "DELETE"]
    assert deleted[-1]["path"] == f"/engage-items/_doc/activity-{activity.pk}"


def test_the_rebuild_holds_published_activities_only(activities):
    from search.backends import elastic
    from tests.elastic_support import recording_client

    ids = [item_id for item_id, _ in elastic.searchable_items()]
    assert f"activity-{activities['drop_in'].pk}" in ids
    assert f"activity-{activities['hidden'].pk}" not in ids
    assert elastic.count_items() == len(ids)
    result = elastic.rebuild(client=recording_client(), batch_size=50)
    assert result["indexed"] == len(ids)
