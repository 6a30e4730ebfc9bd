"""With Redis unreachable the site keeps serving: the cache answers as an empty one,
rate limits let requests through and say so in the log, without the visitor's address."""

import logging
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
import redis
from django.core.cache import cache
from django.test import Client, RequestFactory

import config.cache
from consultation_blocks.models import SurveyResponse
from consultation_blocks.spam import _over_rate_limit
from tests.survey_support import first_survey, survey_url, valid_post

pytestmark = pytest.mark.django_db
VISITOR = "203.0.113.5"


def closed_port():
    """A loopback port nothing listens on: bound, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_cache(location):
    return {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "faults-test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def forget_earlier_outage_warnings(monkeypatch):
    # The outage warning is written once a minute per process: start afresh.
    monkeypatch.setattr(config.cache, "_last_logged", {"at": float("-inf"), "skipped": 0})


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{closed_port()}/9")


@pytest.fixture
def redis_up(settings):
    settings.CACHES = redis_cache("redis://127.0.0.1:6379/9")
    cache.clear()
    yield
    cache.clear()


def test_pages_still_serve(redis_down, open_consultation, home_page):
    for url in (
        home_page.url,
        open_consultation.url,
        survey_url(open_consultation),
        "/search/?q=x",
    ):
        assert Client().get(url).status_code == 200, url


def test_rate_limits_let_residents_through_and_log_it_without_their_address(
    redis_down, open_consultation, settings, caplog, monkeypatch
):
    settings.CONSULTATION_RATE_LIMIT = 1
    forget_earlier_outage_warnings(monkeypatch)
    survey = first_survey(open_consultation)
    resident = Client(REMOTE_ADDR=VISITOR)

    with caplog.at_level(logging.WARNING):
        statuses = [
            resident.post(survey_url(open_consultation), valid_post(survey)).status_code
            for _ in range(3)
        ]

    assert statuses == [302, 302, 302]
    assert SurveyResponse.objects.count() == 3
    warnings = [r for r in caplog.records if r.name == "consultation_blocks.spam"]
    assert len(warnings) == 3
    assert "Rate limit for the survey form not counted" in warnings[0].getMessage()
    assert all(VISITOR not in record.getMessage() for record in caplog.records)
    assert any(r.name == "config.cache" for r in caplog.records)


def test_the_same_backend_counts_rate_limits_while_redis_is_up(
    redis_up, open_consultation, settings
):
    settings.CONSULTATION_RATE_LIMIT = 1
    survey = first_survey(open_consultation)
    resident = Client(REMOTE_ADDR=VISITOR)

    statuses = [
        resident.post(survey_url(open_consultation), valid_post(survey)).status_code
        for _ in range(2)
    ]

    assert statuses == [302, 429]
    assert SurveyResponse.objects.count() == 1


def test_a_rate_limit_is_counted_in_one_round_trip_and_expires_with_its_window(
    redis_up, settings, monkeypatch
):
    settings.CONSULTATION_RATE_LIMIT = 2
    settings.CONSULTATION_RATE_LIMIT_WINDOW = 600
    request = RequestFactory().post("/", REMOTE_ADDR=VISITOR)
    round_trips = []
    for owner in (redis.Redis, redis.client.Pipeline):
        # Pipeline's execute_command only queues a command: its execute() sends them.
        method = "execute" if owner is redis.client.Pipeline else "execute_command"
        original = getattr(owner, method)
        monkeypatch.setattr(
            owner,
            method,
            lambda self, *args, _original=original, **kwargs: (
                round_trips.append(args[:1]) or _original(self, *args, **kwargs)
            ),
        )

    over = [_over_rate_limit(request, "survey") for _ in range(3)]

    assert over == [False, False, True]
    assert len(round_trips) == 3
    monkeypatch.undo()
    bucket = int(time.time() // 600)
    key = f"consultation:rate:survey:{VISITOR}:{bucket}"
    assert cache.get(key) == 3
    client = cache._cache.get_client(write=True)
    assert 0 < client.ttl(cache.make_and_validate_key(key)) <= 600


def test_an_unreachable_redis_answers_as_an_empty_cache(redis_down):
    cache.set("key", "value")

    assert cache.get("key", "fallback") == "fallback"
    assert cache.get_many(["key"]) == {}
    assert cache.add("key", 1) is False
    assert cache.get_or_set("key", "computed") == "computed"
    with pytest.raises(ValueError):
        cache.incr("key")


def test_every_cache_call_of_a_process_reuses_one_redis_client(redis_up):
    """Django builds a redis.Redis object per call; ours keeps one per connection pool,
    and it still reads and writes."""
    cache.set("reused", "value")
    first = cache._cache.get_client("reused", write=True)
    cache.get_many(["reused", "other"])

    assert cache._cache.get_client("reused") is first
    assert cache.get("reused") == "value"
    assert cache.get_many(["reused", "other"]) == {"reused": "value"}


@contextmanager
def private_redis(port):
    """A Redis of the test's own on ``port``, stopped on leaving."""
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_kept_client_serves_again_once_redis_is_back(settings, monkeypatch):
    """The kept client holds no connection of its own: when Redis restarts, calls fail
    softly meanwhile and the pool connects again once it answers."""
    forget_earlier_outage_warnings(monkeypatch)
    port = closed_port()
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{port}/0")
    with private_redis(port):
        cache.set("back", "before")
        client = cache._cache.get_client(None)
        assert cache.get("back") == "before"

    assert cache.get("back", "fallback") == "fallback"

    with private_redis(port):
        cache.set("back", "again")
        assert cache._cache.get_client(None) is client
        assert cache.get("back") == "again"
