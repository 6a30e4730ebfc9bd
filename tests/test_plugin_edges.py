"""The plugin's edges: it serves its pages in a Wagtail site that has none of this
project's apps, and it reaches the site only through its own settings and the templates
a site overrides."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from consultation_blocks.system_checks import check_search_url_name
from tests.factories import ConsultationPageFactory, StrategyIndexPageFactory, StrategyPageFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def plugin_site_pages():
    """The pages of tests/plugin_site (no home, no search, none of config's settings),
    rendered in a fresh process, since one process cannot load two sets of apps."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.plugin_site.render"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def links(html):
    """The links in the page's main content: the plugin's, not the site frame's."""
    main = BeautifulSoup(html, "html.parser").find("main")
    return [a["href"] for a in main.find_all("a", href=True)]


def test_a_site_without_home_or_search_serves_every_kind_of_plugin_page(plugin_site_pages):
    assert {name: page["status"] for name, page in plugin_site_pages.items()} == {
        "consultation": 200,
        "empty_index": 200,
        "strategy": 200,
    }
    consultation = plugin_site_pages["consultation"]["html"]
    assert "Add your comment" in consultation


def test_topic_and_search_links_go_to_the_search_page_the_site_names(plugin_site_pages):
    """That site calls its search page "find_pages", at /find/."""
    assert "/find/?tag=libraries" in links(plugin_site_pages["consultation"]["html"])
    assert "/find/?tag=libraries" in links(plugin_site_pages["strategy"]["html"])
    assert "/find/" in links(plugin_site_pages["empty_index"]["html"])
    every_link = [link for page in plugin_site_pages.values() for link in links(page["html"])]
    assert not [link for link in every_link if link.startswith("/search")]


def test_the_plugin_alone_links_to_no_house_rules_page(plugin_site_pages):
    """Which page holds the house rules is the site's to say, by overriding
    consultation_blocks/includes/house_rules_link.html; this project does."""
    assert "house rules" not in plugin_site_pages["consultation"]["html"]


@pytest.fixture
def tagged_consultation(consultation_index):
    page = ConsultationPageFactory(parent=consultation_index)
    page.tags.add("libraries")
    page.save_revision().publish()
    return page


@pytest.fixture
def tagged_strategy(home_page):
    page = StrategyPageFactory(parent=StrategyIndexPageFactory(parent=home_page))
    page.tags.add("libraries")
    page.save_revision().publish()
    return page


def test_this_site_links_topics_to_its_search_page(client, tagged_consultation, tagged_strategy):
    assert "/search/?tag=libraries" in links(client.get(tagged_consultation.url).content)
    assert "/search/?tag=libraries" in links(client.get(tagged_strategy.url).content)


@override_settings(CONSULTATION_SEARCH_URL_NAME=None)
def test_without_a_search_page_topics_are_plain_text(client, tagged_consultation, tagged_strategy):
    for page in (tagged_consultation, tagged_strategy):
        response = client.get(page.url)
        assert response.status_code == 200
        assert "libraries" in response.content.decode()
        assert not [link for link in links(response.content) if "tag=" in link]


@override_settings(CONSULTATION_SEARCH_URL_NAME=None)
def test_without_a_search_page_the_empty_listing_offers_no_search(client, consultation_index):
    response = client.get(consultation_index.url, {"status": "upcoming"})
    assert response.status_code == 200
    assert "Try removing a filter." in response.content.decode()
    assert "/search/" not in links(response.content)


def test_a_search_url_name_the_site_lacks_stops_start_up():
    with override_settings(CONSULTATION_SEARCH_URL_NAME="no-such-page"):
        assert [error.id for error in check_search_url_name(None)] == ["consultation_blocks.E001"]
    assert check_search_url_name(None) == []
