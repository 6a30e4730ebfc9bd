"""Every response says what the browser may load and use: a Content-Security-Policy
with no inline script or third-party origin on public pages, a looser one Wagtail's
admin needs, and a Permissions-Policy."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import ConsultationPageFactory, poll_block
from tests.public_forms import with_guard

pytestmark = pytest.mark.django_db


def policy(response):
    header = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.fixture
def voted_poll_page(client, consultation_index):
    """A public page with the partnership's own colours and a poll's results, the two
    parts of the site that used to write inline styles."""
    from wagtail.models import Site

    from home.models import PartnershipSettings

    partnership = PartnershipSettings.for_site(Site.objects.get(is_default_site=True))
    partnership.brand_colour = "#4c2c92"
    partnership.save()
    page = ConsultationPageFactory(parent=consultation_index, body=[poll_block()])
    page.save_revision().publish()
    page.refresh_from_db()
    block = page.body[0]
    option = str(block.value["options"].bound_blocks[0].id)
    vote = page.url + page.reverse_subpage("vote", args=[str(block.id)])
    assert client.post(vote, with_guard({"option": option})).status_code == 302
    return page


def test_public_pages_allow_only_this_site_with_no_nonce(client, voted_poll_page):
    response = client.get(voted_poll_page.url)
    assert response.status_code == 200
    directives = policy(response)

    # No nonce: a page served from the page cache would carry one its policy no longer
    # names, so public pages have no inline code at all.
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    every_source = [value for values in directives.values() for value in values]
    assert "'unsafe-inline'" not in every_source
    assert not [source for source in every_source if "nonce" in source]
    assert not [source for source in every_source if "://" in source or source.endswith(":")]


def test_public_pages_have_no_inline_code(client, voted_poll_page):
    response = client.get(voted_poll_page.url)
    soup = BeautifulSoup(response.content, "html.parser")

    assert soup.select("script:not([src]), style") == []
    assert soup.select("[nonce]") == []
    assert soup.select("[style]") == []
    handlers = [
        (element.name, attribute)
        for element in soup.find_all(True)
        for attribute in element.attrs
        if attribute.startswith("on")
    ]
    assert handlers == []
    # The poll's bar is drawn by a class now.
    assert soup.select(".app-poll__bar.app-poll__bar--100")
    # JavaScript is marked available by a file of the site's own, first in the body.
    first_script = soup.body.find("script")
    assert first_script["src"].endswith("js/js-enabled.js")


def test_the_partnerships_colours_come_from_a_stylesheet_of_the_sites_own(client, voted_poll_page):
    soup = BeautifulSoup(client.get(voted_poll_page.url).content, "html.parser")
    link = soup.select_one('link[rel="stylesheet"][href^="/brand.css?v="]')
    assert link is not None

    response = client.get(link["href"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert response.content.decode().strip() == (
        ":root{--govuk-brand-colour:#4c2c92;--govuk-link-colour:#1a5c96}"
    )
    # Its address changes with the colours, so browsers may keep it.
    assert "immutable" in response["Cache-Control"]
    assert "immutable" not in client.get("/brand.css?v=stale")["Cache-Control"]


def test_a_page_served_from_the_cache_keeps_a_valid_policy(client, voted_poll_page, settings):
    settings.PAGE_CACHE_SECONDS = 60
    anonymous = client.__class__()
    first = anonymous.get(voted_poll_page.url)
    second = anonymous.get(voted_poll_page.url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert policy(second) == policy(first)
    assert policy(second)["script-src"] == ["'self'"]
    assert BeautifulSoup(second.content, "html.parser").select("script:not([src]), style") == []


def test_error_pages_carry_the_policy(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert policy(response)["script-src"][0] == "'self'"


def test_admin_pages_get_the_policy_wagtail_needs(client):
    response = client.get("/admin/login/")

    directives = policy(response)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    # Only what Wagtail's admin uses: no fonts from data: URLs, no workers.
    assert directives["font-src"] == ["'self'"]
    assert "worker-src" not in directives


def test_every_response_refuses_powerful_browser_features(client, home_page):
    for path in ("/", "/admin/login/", "/search/?q=library"):
        header = client.get(path).headers["Permissions-Policy"]
        features = dict(item.strip().split("=") for item in header.split(","))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", (path, feature)
