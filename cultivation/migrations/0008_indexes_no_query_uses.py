"""Indexes no query uses (issue 18, item 5), dropped: each costs every import a write per row.

* cultivation_monthlyreport.enterprise_id (and the summary's): the unique (enterprise_id, period) index
  leads with the same column and answers every lookup by firm.
* The summary's foreign-key constraint as well: its rows are derived, written only for firms with reports
  (which protect the firm), and the deferred check cost an import a lookup per row at commit.
* On PostgreSQL, the LIKE-pattern copy (varchar_pattern_ops) of the monthly history's change-reason index:
  an import's page finds its rows by equality (registry/audit.py), which the plain index serves.
"""

import django.db.models.deletion
from django.db import migrations, models


HISTORY_TABLE = "cultivation_historicalmonthlyreport"


def drop_pattern_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s", [HISTORY_TABLE, "%history_change_reason varchar_pattern_ops%"])
        for (name,) in cursor.fetchall():
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ('cultivation', '0007_monthly_summary'),
    ]

    operations = [
        migrations.AlterField(
            model_name='monthlyreport',
            name='enterprise',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='monthly_reports', to='registry.enterprise', verbose_name='企业'),
        ),
        migrations.AlterField(
            model_name='monthlysummary',
            name='enterprise',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='monthly_summaries', to='registry.enterprise', verbose_name='企业'),
        ),
        migrations.RunPython(drop_pattern_index, migrations.RunPython.noop),
    ]
