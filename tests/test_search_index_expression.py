"""The database search filters pages with ``(title || body) @@ query``; on PostgreSQL
an index on exactly that expression lets a selective search read only the matching
rows (Wagtail's own indexes cover the two columns apart). SQLite uses its FTS5 table."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

INDEX = "search_indexentry_title_body_gin"


def index_definition():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [INDEX])
        row = cursor.fetchone()
    return row[0] if row else None


def test_the_expression_index_exists_where_the_expression_is_used():
    definition = index_definition()
    if connection.vendor == "postgresql":
        assert definition is not None
        assert "gin" in definition.lower()
        assert "(title || body)" in definition
    else:
        assert definition is None
