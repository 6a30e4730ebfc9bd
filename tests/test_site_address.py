"""The default site answers at WAGTAILADMIN_BASE_URL, so absolute links in emails and the
read API use the configured address."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Site

pytestmark = pytest.mark.django_db


def default_site():
    return Site.objects.get(is_default_site=True)


@pytest.mark.parametrize(
    ("base_url", "hostname", "port", "root_url"),
    [
        ("https://engage.example.org", "engage.example.org", 443, "https://engage.example.org"),
        ("http://127.0.0.1:8000", "127.0.0.1", 8000, "http://127.0.0.1:8000"),
        ("http://hub.example.org:8080/", "hub.example.org", 8080, "http://hub.example.org:8080"),
    ],
)
def test_the_default_site_follows_the_base_url(
    settings, home_page, base_url, hostname, port, root_url
):
    settings.WAGTAILADMIN_BASE_URL = base_url
    call_command("set_site_address", verbosity=0)
    site = default_site()
    assert (site.hostname, site.port) == (hostname, port)
    assert site.root_url == root_url
    assert home_page.get_full_url() == f"{root_url}/"


def test_running_it_again_changes_nothing(settings, home_page, capsys):
    settings.WAGTAILADMIN_BASE_URL = "https://engage.example.org"
    call_command("set_site_address")
    call_command("set_site_address")
    assert "already answers at https://engage.example.org" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("engage.example.org", "must be an http"),
        ("ftp://engage.example.org", "must be an http"),
        ("https://", "must be an http"),
        # Wagtail gives a site its scheme from its port.
        ("https://hub.example.org:8443", "https on port 443"),
        ("http://hub.example.org:443", "https on port 443"),
    ],
)
def test_an_address_the_site_cannot_answer_at_is_refused(settings, home_page, base_url, message):
    before = (default_site().hostname, default_site().port)
    settings.WAGTAILADMIN_BASE_URL = base_url
    with pytest.raises(ImproperlyConfigured, match=message):
        call_command("set_site_address", verbosity=0)
    assert (default_site().hostname, default_site().port) == before
