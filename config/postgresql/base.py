"""Django's PostgreSQL backend, with a health check that costs no round trip.

With CONN_HEALTH_CHECKS, Django checks a persistent connection before the first query
of each request by sending ``SELECT 1``: on a form post that is a round trip, and work
for the server, added to every request. A connection the server has dropped (a
restart, a failover, ``pg_terminate_backend``) shows without asking: the server sends
its reason and closes the socket, so an idle connection has something to read. An
idle connection that is well has nothing to read (nothing here LISTENs). So an idle
connection with nothing waiting on its socket is taken as usable, and one with
anything waiting is replaced (at worst a needless reconnection, after the server has
sent a setting's new value on a configuration reload). A connection in any other
state is checked as Django checks it.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None:
            return False
        if connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != pq.TransactionStatus.IDLE:
            return super().is_usable()
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN)
            waiting = poller.poll(0)
        except (OSError, ValueError):
            return False
        return not waiting
