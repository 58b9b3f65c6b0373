"""History of monthly reports on the bulk path, written by the database in set-based statements.

An import that creates reports writes no history rows: the live row and its `source` say all there is
until the figures change. Before figures are replaced (by a later import or an edit), each report
without history gets a "+" row holding its earlier figures, dated and tagged as what wrote them; the
replacing import then adds a "~" row with the new figures. So every past value stays, and the year-at-
once import of a new period pays nothing for it.
"""

from django.db import connection

from cultivation.models import MonthlyReport
from registry.models import ImportRecord


def quote(name):
    return connection.ops.quote_name(name)


def history_columns(prefix=""):
    return ", ".join(prefix + quote(field.column) for field in MonthlyReport._meta.concrete_fields)


def insert_history():
    history = MonthlyReport.history.model._meta.db_table
    return f"INSERT INTO {quote(history)} ({history_columns()}, history_date, history_type, history_user_id, history_change_reason) "


def _has_history():
    return f"EXISTS (SELECT 1 FROM {quote(MonthlyReport.history.model._meta.db_table)} h WHERE h.id = m.id)"


def keep_earlier_figures(cursor, *, join="", where="1 = 1", params=()):
    """A "+" history row with the current figures of each report matched by `join`/`where` that has none yet."""
    table = quote(MonthlyReport._meta.db_table)
    cursor.execute(
        insert_history() + f"SELECT {history_columns('m.')}, m.updated_at, '+', NULL, "
        f"CASE WHEN m.source_id IS NULL THEN NULL ELSE CAST(%s AS VARCHAR(100)) || CAST(m.source_id AS VARCHAR(20)) END "
        f"FROM {table} m {join} WHERE {where} AND NOT {_has_history()}",
        [ImportRecord.CHANGE_REASON_PREFIX, *params],
    )


def record_replaced_figures(cursor, record, now):
    """After the upsert: a "~" history row for every report of `record` whose earlier figures are kept."""
    cursor.execute(
        insert_history() + f"SELECT {history_columns('m.')}, %s, '~', %s, %s FROM {quote(MonthlyReport._meta.db_table)} m WHERE m.source_id = %s AND {_has_history()}",
        [now, record.user_id, record.change_reason, record.pk],
    )
