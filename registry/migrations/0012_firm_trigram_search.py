"""Trigram indexes for the firm search (issue 18): PostgreSQL only; on SQLite this migration does nothing.

Django's admin search (icontains) asks `UPPER(col::text) LIKE UPPER('%term%')`: each index is on that
expression, so the planner can use it (a plain index on the column cannot serve a LIKE with a leading %).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TABLE = "registry_enterprise"
COLUMNS = ("name", "short_name", "uscc")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{TABLE}_{column}_upper_trgm" ON "{TABLE}" USING gin (UPPER("{column}"::text) gin_trgm_ops)')


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{TABLE}_{column}_upper_trgm"')


class Migration(migrations.Migration):
    dependencies = [("registry", "0011_jobs_and_kept_uploads")]

    # TrigramExtension (CREATE EXTENSION pg_trgm) skips any database but PostgreSQL.
    operations = [TrigramExtension(), migrations.RunPython(create_indexes, drop_indexes)]
