"""Each web process keeps the cached pages it served in its own memory as well
(pagecache/local.py): served with no round trip to Redis while it listens for
changes, and never once a change has been made, here or in another process."""

import time
from html import escape

import pytest
import redis
from django.test import Client

from config.cache import ResilientRedisCache
from pagecache import fragments, local
from pagecache.local import CHANNEL, LocalCopies
from pagecache.services import GENERATION_KEY
from tests.page_cache_support import (
    REDIS_URL,
    redis_key,
    redis_page_cache,
    use_redis_page_cache,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_redis(settings):
    with redis_page_cache(settings):
        yield


@pytest.fixture
def page(open_consultation):
    return open_consultation


@pytest.fixture
def redis_reads(monkeypatch):
    """The keys each round trip of the page cache to Redis asked for."""
    asked = []
    original = ResilientRedisCache.get_many

    def get_many(self, keys, *args, **kwargs):
        asked.append(list(keys))
        return original(self, keys, *args, **kwargs)

    monkeypatch.setattr(ResilientRedisCache, "get_many", get_many)
    return asked


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError("Timed out")


def test_a_page_served_again_comes_from_the_process_memory(on_redis, page, redis_reads):
    first = Client().get(page.url)
    second = Client().get(page.url)
    reads_before = len(redis_reads)

    third = Client().get(page.url)

    assert [r.headers["X-Page-Cache"] for r in (first, second, third)] == ["miss", "hit", "hit"]
    assert len(redis_reads) == reads_before  # no round trip for the third
    assert escape(page.title) in third.content.decode()
    assert len(local.copies) == 1


def test_a_change_made_in_this_process_shows_at_once(on_redis, page):
    Client().get(page.url)
    Client().get(page.url)

    page.title = "Library opening hours: new proposals"
    page.save_revision().publish()

    # No waiting: the process that made the change forgets its copies itself.
    response = Client().get(page.url)
    assert response.headers["X-Page-Cache"] == "miss"
    assert "new proposals" in response.content.decode()


def test_a_change_made_by_another_process_is_heard(on_redis, page, redis_reads):
    Client().get(page.url)
    assert Client().get(page.url).headers["X-Page-Cache"] == "hit"
    # Another server changes the page (no signal reaches this process) and moves the
    # generation as pagecache.services does: an increment, and a message.
    type(page).objects.filter(pk=page.pk).update(title="Library opening hours changed")
    other_server = redis.Redis.from_url(REDIS_URL)
    other_server.incr(redis_key(GENERATION_KEY))
    other_server.publish(redis_key(CHANNEL), "1")

    wait_until(lambda: local.copies.generation == int(other_server.get(redis_key(GENERATION_KEY))))

    response = Client().get(page.url)
    assert response.headers["X-Page-Cache"] == "miss"


def test_a_missed_message_is_caught_by_the_regular_check(on_redis, page, monkeypatch, redis_reads):
    monkeypatch.setattr(local, "CHECK_SECONDS", 0.1)
    Client().get(page.url)
    Client().get(page.url)
    other_server = redis.Redis.from_url(REDIS_URL)
    other_server.incr(redis_key(GENERATION_KEY))  # and no message

    wait_until(lambda: local.copies.generation == int(other_server.get(redis_key(GENERATION_KEY))))

    assert Client().get(page.url).headers["X-Page-Cache"] == "miss"


def test_while_not_listening_every_copy_is_read_from_redis(on_redis, page, redis_reads):
    Client().get(page.url)
    Client().get(page.url)
    local.copies.forget()  # as when the connection to Redis drops
    reads_before = len(redis_reads)

    response = Client().get(page.url)

    assert response.headers["X-Page-Cache"] == "hit"
    assert len(redis_reads) == reads_before + 1


def test_nothing_is_kept_when_switched_off(settings, page, redis_reads):
    settings.PAGE_CACHE_SECONDS = 60
    remove_keys = use_redis_page_cache(settings, local_mb=0)
    try:
        for _ in range(3):
            Client().get(page.url)
        assert len(redis_reads) == 3
        assert len(local.copies) == 0
        assert not local.usable()
    finally:
        remove_keys()


def test_nothing_is_kept_with_a_cache_that_cannot_announce_changes(settings, page):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_LOCAL_MB = 16  # the test settings' cache is in memory
    local.copies.forget()

    responses = [Client().get(page.url) for _ in range(2)]

    assert [r.headers["X-Page-Cache"] for r in responses] == ["miss", "hit"]
    assert not local.usable()
    assert len(local.copies) == 0


# The copies themselves ---------------------------------------------------------------


def copy(generation, size, expires_in=60):
    return {
        "generation": generation,
        "pieces": [b"x" * size],
        "headers": [],
        "expires": time.time() + expires_in,
    }


def test_copies_are_served_only_in_the_generation_last_heard():
    copies = LocalCopies()
    copies.put("page", copy(1, 10), limit=10_000)
    assert copies.get("page") is None  # nothing heard yet

    copies.heard(1, copies.epoch)
    assert copies.get("page")["generation"] == 1

    copies.put("newer", copy(2, 10), limit=10_000)
    copies.heard(2, copies.epoch)
    assert copies.get("page") is None
    assert copies.get("newer")["generation"] == 2
    assert len(copies) == 1  # an older generation's copies are dropped


def test_a_generation_read_before_a_change_here_is_not_taken_as_current():
    copies = LocalCopies()
    epoch = copies.epoch  # the listening thread starts a read...
    copies.forget()  # ...a change is made in this process...
    copies.heard(1, epoch)  # ...and the read comes back with the old generation
    copies.put("page", copy(1, 10), limit=10_000)

    assert copies.generation is None
    assert copies.get("page") is None


def test_the_least_recently_served_copies_go_first_when_memory_is_full():
    copies = LocalCopies()
    copies.heard(1, copies.epoch)
    limit = 2_500
    copies.put("a", copy(1, 1_000), limit)
    copies.put("b", copy(1, 1_000), limit)
    assert copies.get("a") is not None  # "a" is now the more recently served
    copies.put("c", copy(1, 1_000), limit)

    assert copies.get("b") is None
    assert copies.get("a") is not None and copies.get("c") is not None
    copies.put("huge", copy(1, 5_000), limit)  # larger than all the room there is
    assert copies.get("huge") is None and len(copies) == 2


def test_a_copy_is_kept_no_longer_than_the_cache_keeps_it():
    copies = LocalCopies()
    copies.heard(1, copies.epoch)
    copies.put("fresh", copy(1, 10), limit=10_000)
    copies.put("expired", copy(1, 10, expires_in=-1), limit=10_000)
    copies.put("undated", {"generation": 1, "pieces": [b"x"], "headers": []}, limit=10_000)

    assert copies.get("fresh") is not None
    assert copies.get("expired") is None
    assert copies.get("undated") is None  # written before copies carried the time
    assert len(copies) == 1


def test_a_page_kept_in_the_process_goes_when_its_time_is_up(settings, page):
    """What changes with time alone (a consultation closing) shows within
    PAGE_CACHE_SECONDS, whether the copy is in Redis or in a process's memory."""
    with redis_page_cache(settings, page_seconds=1):
        served = [Client().get(page.url).headers["X-Page-Cache"] for _ in range(2)]
        time.sleep(1.2)
        after = Client().get(page.url).headers["X-Page-Cache"]

    assert served == ["miss", "hit"]
    assert after == "miss"


# Fragments (pagecache/fragments.py) ---------------------------------------------------


@pytest.fixture
def fragments_on_redis(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60
    with redis_page_cache(settings, page_seconds=0):
        yield


@pytest.fixture
def cache_reads(monkeypatch):
    """Every read of the cache in Redis: get_many's keys, and get's key alone."""
    asked = []
    get_many, get = ResilientRedisCache.get_many, ResilientRedisCache.get

    def counted_get_many(self, keys, *args, **kwargs):
        asked.append(list(keys))
        return get_many(self, keys, *args, **kwargs)

    def counted_get(self, key, *args, **kwargs):
        asked.append([key])
        return get(self, key, *args, **kwargs)

    monkeypatch.setattr(ResilientRedisCache, "get_many", counted_get_many)
    monkeypatch.setattr(ResilientRedisCache, "get", counted_get)
    return asked


def test_a_page_drawn_again_takes_its_fragments_from_the_process_memory(
    fragments_on_redis, page, cache_reads
):
    first = Client().get(page.url)
    Client().get(page.url)
    reads_before = len(cache_reads)

    again = Client().get(page.url)

    assert again.status_code == 200
    assert len(cache_reads) == reads_before  # not one round trip for its fragments
    assert again.content.split(b"<main")[0] == first.content.split(b"<main")[0]


def test_each_request_gets_its_own_copy_of_a_kept_fragment(fragments_on_redis, rf):
    """Fragments hold pages and sites, which a request may change: a change made by
    one request must not reach the next."""
    first = fragments.cached_fragment(rf.get("/"), "test", [], lambda: {"title": "Parks"})
    first["title"] = "Changed by one request"

    second = fragments.cached_fragment(rf.get("/"), "test", [], lambda: {"title": "Drawn again"})

    assert second == {"title": "Parks"}
    assert len(local.copies) == 1  # and it was kept in this process


def test_a_fragment_kept_in_the_process_goes_when_its_time_is_up(settings, rf):
    settings.FRAGMENT_CACHE_SECONDS = 1
    with redis_page_cache(settings, page_seconds=0):
        kept = fragments.cached_fragment(rf.get("/"), "test", [], lambda: "first")
        again = fragments.cached_fragment(rf.get("/"), "test", [], lambda: "second")
        time.sleep(1.2)
        later = fragments.cached_fragment(rf.get("/"), "test", [], lambda: "third")

    assert (kept, again, later) == ("first", "first", "third")


def test_a_fragment_changed_by_another_process_is_drawn_again(fragments_on_redis, rf):
    fragments.cached_fragment(rf.get("/"), "test", [], lambda: "before")
    other_server = redis.Redis.from_url(REDIS_URL)
    other_server.incr(redis_key(GENERATION_KEY))
    other_server.publish(redis_key(CHANNEL), "1")

    wait_until(lambda: local.copies.generation == int(other_server.get(redis_key(GENERATION_KEY))))

    assert fragments.cached_fragment(rf.get("/"), "test", [], lambda: "after") == "after"
