"""Send anonymous visitors' reads to a PostgreSQL replica, when one is configured.

Anonymous page views are most of the traffic and the easiest to move: they can read
data a moment old. Everything else stays on the primary (``default``): every write,
and every read by someone signed in, so that editors see what they have just saved and
a resident's own POST reads what it is about to change. A replica lags the primary by
a moment, so only a whole request is moved, never a single query in the middle of a
write.

AnonymousReadsMiddleware marks the request (a context variable, so that threads and
async tasks each see their own); DATABASE_READ_REPLICA names the alias to use (empty:
no replica, every query goes to ``default``).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

_anonymous_read = ContextVar("anonymous_read", default=False)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@contextmanager
def anonymous_reads():
    token = _anonymous_read.set(True)
    try:
        yield
    finally:
        _anonymous_read.reset(token)


class AnonymousReadsMiddleware:
    """Marks safe requests from visitors who are not signed in. After Django's
    authentication middleware, which reads the session from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "DATABASE_READ_REPLICA", ""):
            # Without a replica, asking who the visitor is would cost a session read
            # on requests that otherwise never touch the session.
            return self.get_response(request)
        if request.method in SAFE_METHODS and not request.user.is_authenticated:
            with anonymous_reads():
                return self.get_response(request)
        return self.get_response(request)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replica = getattr(settings, "DATABASE_READ_REPLICA", "")
        if replica and _anonymous_read.get():
            return replica
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Always named: otherwise Django writes an object back to the database it was
        # read from, which for an anonymous request's objects is the replica.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema through replication.
        return db == DEFAULT_DB_ALIAS
