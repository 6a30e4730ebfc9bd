"""Rate limits, the poll's per-address cap and comment reporters are keyed on the
visitor's real address: behind trusted proxies it is read from their forwarding header,
and otherwise a forwarding header, which anyone can send, is ignored."""

import pytest
from django.test import Client, RequestFactory

from consultation_blocks.models import Comment
from consultation_blocks.spam import client_address
from tests.factories import ConsultationPageFactory, comments_block
from tests.public_forms import guard_fields

PROXY = "10.1.2.3"


def address(remote_addr, forwarded=None, **headers):
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))


def test_without_trusted_proxies_a_forwarding_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []

    assert address("203.0.113.5", "198.51.100.1") == "203.0.113.5"


def test_a_trusted_proxy_names_the_client_it_saw(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    # The client put a made-up address first; the proxy appended the real one.
    assert address(PROXY, "192.0.2.66, 203.0.113.5") == "203.0.113.5"


def test_a_request_from_an_untrusted_machine_keeps_its_own_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert address("198.51.100.20", "203.0.113.5") == "198.51.100.20"


def test_the_walk_skips_every_trusted_proxy_and_stops_at_the_first_untrusted_hop(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "172.16.0.0/12"]

    # CDN edge (172.16.x) -> load balancer (10.x) -> app. 198.51.100.7 is the visitor;
    # what lies to its left came from the visitor and is never read, even an address
    # that looks like a trusted proxy.
    chain = "10.9.9.9, 192.0.2.1, 198.51.100.7, 172.16.0.4"
    assert address(PROXY, chain) == "198.51.100.7"


def test_a_garbled_hop_stops_the_walk_at_the_nearest_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert address(PROXY, "203.0.113.5, not-an-address, 10.0.0.9") == "10.0.0.9"
    assert address(PROXY, "203.0.113.5, not-an-address") == PROXY


def test_ports_and_brackets_as_proxies_write_them_are_understood(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    assert address(PROXY, "203.0.113.5:51234") == "203.0.113.5"
    assert address(PROXY, "[2001:db8::1]:443") == "2001:db8::1"


def test_another_header_can_be_named_for_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.CONSULTATION_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"

    assert address(PROXY, "192.0.2.66", HTTP_X_REAL_IP="203.0.113.5") == "203.0.113.5"


# Through the comment form's rate limit (a real view, a real count).


@pytest.fixture
def page(consultation_index):
    page = ConsultationPageFactory(parent=consultation_index, body=[comments_block()])
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def post_comment(page, **meta):
    data = {"name": "Sam", "email": "sam@example.org", "body": "More benches.", **guard_fields()}
    return Client(**meta).post(page.url + page.reverse_subpage("comment"), data).status_code


@pytest.mark.django_db
def test_a_spoofed_header_does_not_escape_the_rate_limit(page, settings):
    settings.TRUSTED_PROXIES = []
    settings.CONSULTATION_RATE_LIMIT = 2

    statuses = [
        post_comment(page, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_resident_has_their_own_limit(page, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.CONSULTATION_RATE_LIMIT = 1

    # Every request arrives from the same proxy; the proxy's address is never the key.
    first = post_comment(page, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    second = post_comment(page, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9")
    # The first resident again, now claiming another address to the left of theirs.
    again = post_comment(page, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5")

    assert (first, second, again) == (302, 302, 429)
