"""The seeded demo kept as rows, so that a test gets it back in a fraction of a second.

Seeding the demo runs thousands of queries: several seconds a test, and most of the
time of the browser tests. So each test process seeds it once (the ``demo_snapshot``
fixture in ``tests/conftest.py``), copies every table's rows into memory, and puts the
database back as it was. A test that asks for the demo gets exactly those rows back:
every table emptied and refilled in one transaction, inside the test's own transaction
when it has one, so that it rolls back with the test.

The copy is the database's own: PostgreSQL's COPY text format, SQLite's values as
stored. Sequences come back too, so the rows that a test adds get the ids they would
have had after a fresh seed. Content types keep their ids (the snapshot is of this same
database), so the process's cache of them stays right.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction


@dataclass(frozen=True)
class TableRows:
    table: str
    # SQLite: the column names and a list of row tuples. PostgreSQL: no columns (COPY
    # uses the table's own order) and the COPY text, one line a row.
    columns: tuple
    rows: object

    @property
    def count(self):
        return self.rows.count(b"\n") if isinstance(self.rows, bytes) else len(self.rows)


@dataclass(frozen=True)
class Snapshot:
    tables: tuple
    sequences: tuple

    @classmethod
    def take(cls, connection):
        with connection.cursor() as cursor:
            tables = _tables(connection, cursor)
            if connection.vendor == "postgresql":
                return cls(
                    tuple(_copy_out(cursor, table) for table in tables),
                    _postgresql_sequences(cursor),
                )
            return cls(
                tuple(_select(cursor, table) for table in tables),
                _select(cursor, "sqlite_sequence").rows,
            )

    def tables_changed_since(self, connection):
        """The tables whose number of rows is no longer the snapshot's: one query."""
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT {index}, COUNT(*) FROM {qn(table.table)}"
                    for index, table in enumerate(self.tables)
                )
            )
            counts = dict(cursor.fetchall())
        return [
            table.table for index, table in enumerate(self.tables) if counts[index] != table.count
        ]

    def restore(self, connection):
        """Empty every table and put the rows back, as one transaction. Foreign keys are
        checked at commit (Django makes them deferrable), so the order does not matter."""
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            qn = connection.ops.quote_name
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                cursor.execute("".join(f"DELETE FROM {qn(t.table)};" for t in self.tables))
                for table in self.tables:
                    if table.rows:
                        with cursor.cursor.copy(f"COPY {qn(table.table)} FROM STDIN") as copy:
                            copy.write(table.rows)
                if self.sequences:
                    cursor.execute(
                        "SELECT setval(quote_ident(name)::regclass, value, called) FROM "
                        "unnest(%s::text[], %s::bigint[], %s::boolean[]) AS s(name, value, called)",
                        [list(column) for column in zip(*self.sequences, strict=True)],
                    )
            else:
                for table in self.tables:
                    cursor.execute(f"DELETE FROM {qn(table.table)}")
                    _insert(cursor, qn, table)
                cursor.execute("DELETE FROM sqlite_sequence")
                _insert(cursor, qn, TableRows("sqlite_sequence", ("name", "seq"), self.sequences))


def _tables(connection, cursor):
    tables = set(connection.introspection.django_table_names(only_existing=True))
    if connection.vendor == "sqlite":
        # The search's full-text tables are virtual and kept by triggers on the index
        # entries: refilling those refills them.
        cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
        tables -= {name for (name,) in cursor.fetchall()}
    return tuple(sorted(tables))


def _select(cursor, table):
    cursor.execute(f'SELECT * FROM "{table}"')
    return TableRows(table, tuple(column[0] for column in cursor.description), cursor.fetchall())


def _insert(cursor, qn, table):
    if table.rows:
        columns = ", ".join(qn(column) for column in table.columns)
        values = ", ".join(["%s"] * len(table.columns))
        cursor.executemany(
            f"INSERT INTO {qn(table.table)} ({columns}) VALUES ({values})", table.rows
        )


def _copy_out(cursor, table):
    with cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
        return TableRows(table, (), b"".join(bytes(block) for block in copy))


def _postgresql_sequences(cursor):
    # last_value is NULL for a sequence never used: its next value is its start.
    cursor.execute(
        "SELECT sequencename, COALESCE(last_value, start_value), last_value IS NOT NULL "
        "FROM pg_sequences WHERE schemaname = current_schema()"
    )
    return tuple(cursor.fetchall())


class SeededDemo(NamedTuple):
    """What the ``demo_snapshot`` fixture keeps for a test process."""

    # The database before seeding: what a test that did not ask for the demo expects.
    before: Snapshot
    # The database as seeding left it.
    seeded: Snapshot
    # What seed_demo said it made.
    report: object
