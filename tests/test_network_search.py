"""The network's bodies and meetings in the one site search, with their own types in
the type facet, partners for bodies, and drafts never found."""

import datetime

import pytest

from tests.network_support import make_body, make_meeting, make_network_index
from tests.test_records_search import facet, search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(home_page, partner_a):
    index = make_network_index(home_page)
    forum = make_body(index, "Carers Forum", partners=[partner_a], purpose="<p>Carers meet.</p>")
    make_body(index, "Carers Panel draft", live=False)
    day = datetime.date.today() + datetime.timedelta(days=30)
    make_meeting(forum, day, title="Carers Forum spring meeting", notes="<p>Carers' breaks.</p>")
    make_meeting(forum, day + datetime.timedelta(days=1), title="Carers draft meeting", live=False)
    return forum


def test_bodies_and_meetings_are_found_with_their_own_types(client, network):
    response = search(client, q="carers")
    assert titles(response) == ["Carers Forum", "Carers Forum spring meeting"]
    assert facet(response, "type") == {"network_body": 1, "meeting": 1}
    items = {item.title: item for item in response.context["results"].items}
    assert items["Carers Forum"].type_label == "Network body"
    assert items["Carers Forum spring meeting"].type_label == "Meeting"
    assert client.get(items["Carers Forum spring meeting"].url).status_code == 200
    assert titles(search(client, q="carers", type="meeting")) == ["Carers Forum spring meeting"]


def test_a_body_counts_for_its_partners(client, network, partner_a):
    response = search(client, q="carers", partner=partner_a.slug)
    assert titles(response) == ["Carers Forum"]


def test_the_elasticsearch_rebuild_holds_bodies_and_meetings(network):
    from search.backends.elastic import searchable_items

    kinds = {key.split("-")[0]: document["kind"] for key, document in searchable_items()}
    assert kinds["network_body"] == "network_body"
    assert kinds["meeting"] == "meeting"
