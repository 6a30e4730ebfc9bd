"""On PostgreSQL, an index on the expression the database search filters with.

Wagtail's PostgreSQL search matches pages with ``(title || body) @@ query`` over its
index table. Its own GIN indexes cover ``title`` and ``body`` apart, which that
expression cannot use, so every search read the whole table. A GIN index on the same
expression lets PostgreSQL find the matching rows from the index. SQLite searches its
own FTS5 table and needs nothing.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING GIN ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("site_search", "0001_document_text_and_synonyms"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
