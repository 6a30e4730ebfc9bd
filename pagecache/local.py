"""Copies of cached pages and page fragments kept in each web process's own memory as
well.

A copy read from Redis costs a round trip and the Redis server's time, which on a busy
page is most of what serving it costs. Each web process therefore keeps the copies and
fragments it has used (at most PAGE_CACHE_LOCAL_MB of them, the least recently used
dropped first) and uses them without asking Redis, for as long as it knows they are
current and no longer than Redis keeps them.

It knows because every change says so: moving the generation (services.py) publishes a
message on a Redis channel, and a thread in each process listens to it. On each message
the thread stops serving kept copies, then reads the generation afresh from Redis (so
messages arriving out of order cannot leave it behind); it reads it every few seconds
anyway. A kept copy is served only if it carries the generation the thread last read.
The process that makes a change forgets its copies at once, before anyone else hears
of it; other processes hear within the moment a message takes to cross Redis. While
the thread is not listening (starting, or Redis unreachable) every copy is read from
Redis as before.

Only a cache that offers ``publish`` and ``listen`` (config.cache.ResilientRedisCache)
is listened to; with any other cache, or PAGE_CACHE_LOCAL_MB at 0, nothing is kept.
"""

import logging
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches

logger = logging.getLogger(__name__)

CHANNEL = "pagecache:changed"
# How often the listening thread reads the generation even with no message: a change
# whose message was lost (a dropped connection that went unnoticed) is caught by then.
CHECK_SECONDS = 5
# How long the thread waits before listening again after Redis could not be reached.
RETRY_SECONDS = 2


def local_bytes():
    return max(0, getattr(settings, "PAGE_CACHE_LOCAL_MB", 0)) * 1024 * 1024


def _size(stored):
    """Roughly what a copy takes in memory: its bytes, and an allowance per header."""
    return sum(len(piece) for piece in stored["pieces"]) + 64 * len(stored["headers"])


class LocalCopies:
    """The copies one process keeps, with the generation it last heard (None while it
    is not listening, when nothing is served from here)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._copies = OrderedDict()  # key -> (copy, its size in bytes)
        self._bytes = 0
        self._generation = None
        # Moved on by forget(): a generation read before it must not be taken as
        # current after it.
        self._epoch = 0

    def get(self, key):
        with self._lock:
            found = self._copies.get(key)
            if found is None or self._generation is None:
                return None
            stored, size = found
            if stored["generation"] != self._generation:
                return None
            if stored["expires"] <= time.time():
                # As long as the shared cache keeps it, not longer: what changes with
                # time alone (a consultation closing) shows as promised.
                del self._copies[key]
                self._bytes -= size
                return None
            self._copies.move_to_end(key)
            return stored

    def put(self, key, stored, limit, size=None):
        """Keep ``stored``: a dict with the ``generation`` it was made in and the time it
        ``expires`` (time.time()); ``size``: its bytes, a page copy's by default."""
        size = _size(stored) if size is None else size
        if size > limit or "expires" not in stored:
            return
        with self._lock:
            old = self._copies.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._copies[key] = (stored, size)
            self._bytes += size
            while self._bytes > limit:
                _, (_, dropped) = self._copies.popitem(last=False)
                self._bytes -= dropped

    @property
    def epoch(self):
        return self._epoch

    @property
    def generation(self):
        """The generation last heard; None while nothing kept is served."""
        return self._generation

    def heard(self, generation, epoch):
        """The generation read from Redis when the epoch was `epoch`."""
        with self._lock:
            if epoch != self._epoch:
                return  # forgotten since it was read: wait for the next read
            if generation != self._generation:
                # Only copies of this generation can be served again.
                for key, (stored, size) in list(self._copies.items()):
                    if stored["generation"] != generation:
                        del self._copies[key]
                        self._bytes -= size
            self._generation = generation

    def forget(self):
        """A change was made here, or nothing is heard: serve nothing kept until the
        generation has been read again."""
        with self._lock:
            self._epoch += 1
            self._generation = None
            self._copies.clear()
            self._bytes = 0

    def __len__(self):
        return len(self._copies)


copies = LocalCopies()
_listening = {"pid": None}
_start_lock = threading.Lock()


def _read_generation():
    from .services import current_generation

    return current_generation()


def _listen():
    """Run while this process's cache offers `listen`: listen, and start again after
    any failure, or when the cache is another one (settings changed, as in tests)."""
    failing = False
    while hasattr(caches[DEFAULT_CACHE_ALIAS], "listen"):
        backend = caches[DEFAULT_CACHE_ALIAS]
        try:
            with backend.listen(CHANNEL) as messages:
                epoch = copies.epoch
                copies.heard(_read_generation(), epoch)
                failing = False
                checked = time.monotonic()
                while caches[DEFAULT_CACHE_ALIAS] is backend:
                    message = messages(timeout=1.0)
                    if message is not None:
                        # Stop serving kept copies before the round trip that reads
                        # the new generation.
                        copies.forget()
                    if message is not None or time.monotonic() - checked > CHECK_SECONDS:
                        epoch = copies.epoch
                        copies.heard(_read_generation(), epoch)
                        checked = time.monotonic()
        except Exception:
            if not failing:  # once per outage, not at every retry
                logger.warning(
                    "Not listening for page changes: cached pages are read from the cache "
                    "until it can be reached again.",
                    exc_info=True,
                )
            failing = True
            copies.forget()
            time.sleep(RETRY_SECONDS)
        copies.forget()
    _listening["pid"] = None


def usable():
    """Whether this process keeps copies: starts its listening thread on first use (in
    each process: a thread does not survive the fork of a web worker)."""
    if not local_bytes() or not hasattr(cache, "listen"):
        return False
    if _listening["pid"] != os.getpid():
        with _start_lock:
            if _listening["pid"] != os.getpid():
                copies.forget()
                threading.Thread(target=_listen, name="page-changes", daemon=True).start()
                _listening["pid"] = os.getpid()
    return True


def announce_change():
    """Tell every process that the generation has moved (services.py moves it)."""
    copies.forget()
    publish = getattr(cache, "publish", None)
    if publish is not None:
        publish(CHANNEL, "1")
