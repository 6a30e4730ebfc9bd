"""A Redis cache that lets the site keep serving while Redis is down.

Everything the site keeps in its cache can be done without: a lost entry is rebuilt,
and a rate-limit counter that cannot be kept lets the request through (see
consultation_blocks/spam.py). Django's own Redis backend raises on every call instead,
so an unreachable Redis would turn every page into a server error. While Redis cannot
be reached this backend answers as an empty cache that keeps nothing, and says so in
the log: never with the keys, which may hold a visitor's address, and at most once a
minute per process, so an outage does not drown the log.
"""

import functools
import logging
import time
from contextlib import contextmanager

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
LOG_EVERY_SECONDS = 60


class _Unavailable:
    """Marks a call whose answer, with Redis down, is to raise as for a missing key."""


MISSING_KEY = _Unavailable()
_last_logged = {"at": float("-inf"), "skipped": 0}


def _log(operation, error):
    now = time.monotonic()
    if now - _last_logged["at"] < LOG_EVERY_SECONDS:
        _last_logged["skipped"] += 1
        return
    logger.warning(
        "Redis is unreachable (%s during %s); serving without the cache (%d more failed "
        "calls since the last warning).",
        type(error).__name__,
        operation,
        _last_logged["skipped"],
    )
    _last_logged.update(at=now, skipped=0)


def _fails_soft(answer):
    """Run the cache call; with Redis unreachable, log and give `answer` instead (called
    with the call's arguments when it is a function)."""

    def decorator(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                _log(method.__name__, error)
                if answer is MISSING_KEY:
                    # What Django's caches raise for incr() on a missing key.
                    raise ValueError("The cache is unavailable.") from error
                return answer(*args, **kwargs) if callable(answer) else answer

        return wrapped

    return decorator


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping its ``redis.Redis`` objects.

    Django builds a new ``redis.Redis`` around the connection pool for every cache
    call, which costs more than the round trip to a local Redis; a cached page is one
    cache call, and a page drawn from fragments a dozen. The objects hold no state of
    their own beyond the pool (which reconnects after a fork by itself), so one per pool
    serves every call of this process.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    get = _fails_soft(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _fails_soft(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _fails_soft(False)(RedisCache.has_key)
    set = _fails_soft(None)(RedisCache.set)
    # set_many answers with the keys it failed to store: all of them.
    set_many = _fails_soft(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    add = _fails_soft(False)(RedisCache.add)
    touch = _fails_soft(False)(RedisCache.touch)
    delete = _fails_soft(False)(RedisCache.delete)
    delete_many = _fails_soft(None)(RedisCache.delete_many)
    incr = _fails_soft(MISSING_KEY)(RedisCache.incr)
    clear = _fails_soft(False)(RedisCache.clear)

    @_fails_soft(None)
    def count_in_window(self, key, timeout, version=None):
        """Add one to the counter ``key``, made with ``timeout`` seconds to live by the
        first call, and answer its new value; None while Redis cannot be reached.

        What ``add()`` then ``incr()`` do for a rate limit, in one round trip instead
        of three (Django's ``incr()`` asks whether the key exists first): both commands
        go in one MULTI/EXEC, so the counter cannot expire between them either.
        consultation_blocks/spam.py uses it when the cache offers it.
        """
        key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(key, write=True)
        pipeline = client.pipeline()
        pipeline.set(key, 0, ex=timeout, nx=True)
        pipeline.incr(key)
        _made, count = pipeline.execute()
        return count

    @_fails_soft(None)
    def publish(self, channel, message):
        """Publish `message` on `channel`, named as keys are (sites sharing one Redis
        do not hear each other); None while Redis cannot be reached. pagecache/local.py
        uses it when the cache offers it."""
        return self._cache.get_client(write=True).publish(self.make_key(channel), message)

    @contextmanager
    def listen(self, channel):
        """Subscribe to `channel` (named as in publish) and yield a function that waits
        up to its `timeout` seconds for the next message and answers its data, or None.
        Only once the subscription is confirmed, so that nothing published after the
        yield is missed. Raises while Redis cannot be reached: the caller retries."""
        pubsub = self._cache.get_client(write=True).pubsub()
        try:
            pubsub.subscribe(self.make_key(channel))
            confirmed = pubsub.get_message(timeout=5.0)
            if confirmed is None or confirmed["type"] != "subscribe":
                raise RedisConnectionError("The subscription was not confirmed.")

            def next_message(timeout):
                message = pubsub.get_message(ignore_subscribe_messages=True, timeout=timeout)
                return None if message is None else message["data"]

            yield next_message
        finally:
            pubsub.close()
