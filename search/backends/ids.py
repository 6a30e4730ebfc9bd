"""Filtering by a list of ids that a search has just found.

Search hands hundreds of ids from one query to the next (the matches, then the shown
pages among them, then their facets). Written as ``pk__in=ids``, each id is a separate
parameter: Django prepares every one and psycopg quotes every one into the SQL, which
cost more than the queries themselves at a few hundred matches. ``pk_among(ids)`` sends
them to PostgreSQL as one array (``id = ANY(%s)``); other databases get the usual
``IN (...)``, with the same rows either way.
"""

from django.db.models import F
from django.db.models.lookups import In


class InArray(In):
    """``lhs IN rhs``, written ``lhs = ANY(array)`` with one parameter on PostgreSQL."""

    def as_postgresql(self, compiler, connection):
        ids = [value for value in self.rhs if value is not None]
        if not ids:
            return super().as_sql(compiler, connection)  # Django's "matches nothing"
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # One text parameter PostgreSQL reads as an array: psycopg, handed a list,
        # checks every element for quoting in Python, which at 500 ids cost more than
        # the query. Integers need no quoting; int() makes sure they are integers.
        array = "{" + ",".join(str(int(value)) for value in ids) + "}"
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, array)


def pk_among(ids):
    """A filter for rows whose primary key is one of ``ids`` (integers)."""
    return InArray(F("pk"), list(ids))
