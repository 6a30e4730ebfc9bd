"""Every response says what the browser may load and use: a Content-Security-Policy
with no inline script or third-party origin on public pages, a looser one Wagtail's
admin needs, and a Permissions-Policy."""

import re

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


def test_public_pages_allow_only_this_site_and_the_requests_nonce(client, voted_poll_page):
    response = client.get(voted_poll_page.url)
    assert response.status_code == 200
    directives = policy(response)

    nonce = re.fullmatch(r"'nonce-([A-Za-z0-9+/=]+)'", directives["script-src"][1]).group(1)
    assert directives["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert directives["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    every_source = [value for values in directives.values() for value in values]
    assert "'unsafe-inline'" not in every_source
    assert not [source for source in every_source if "://" in source or source.endswith(":")]
    # A fresh nonce each time, so a page's nonce cannot be reused by injected markup.
    assert policy(client.get(voted_poll_page.url))["script-src"][1] != f"'nonce-{nonce}'"


def test_public_pages_have_no_inline_code_without_the_nonce(client, voted_poll_page):
    response = client.get(voted_poll_page.url)
    nonce = policy(response)["script-src"][1][len("'nonce-") : -1]
    soup = BeautifulSoup(response.content, "html.parser")

    inline = soup.select("script:not([src]), style")
    assert len(inline) == 2  # marking JavaScript as available; the partnership's colours
    assert {element.get("nonce") for element in inline} == {nonce}
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
