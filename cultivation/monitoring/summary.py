"""Upkeep of the monthly summary (MonthlySummary): each firm's derived figures at each period, stored.

The SQL is generated from the figure definitions (figures.py) and the windows (periods.Windows), so the
summary and the selectors cannot disagree on what a figure means. A report at period R counts in every
period P whose windows reach back to R (R to December of the next year); a summary row exists when a
firm has a report in some window of P, for every P up to the latest report period of any firm. Every writer of monthly reports calls `refresh_*` in its own
transaction for exactly the (firm, period) pairs it touched: the old rows are deleted and recomputed
set-wise (DELETE, then INSERT … SELECT over a list of target periods with their window bounds), which
is the same SQL on PostgreSQL and SQLite.
"""

from django.db import connection
from django.db.models import Max, Min

from registry.sheets.import_lock import lock_imports

from ..models import MonthlyReport, MonthlySummary
from .figures import ALL_FIGURES, COUNTED_FIGURES, LATEST_FIGURES, SUMMED_FIGURES, bounds, stored, window_of
from .periods import Windows, months_from, shift_months

WINDOWS = tuple(dict.fromkeys(window_of(name) for name in ALL_FIGURES))
PAIRS_PER_STATEMENT = 400  # (firm, period) pairs listed in one statement: SQLite allows 32,766 parameters


def quote(name):
    return connection.ops.quote_name(name)


def first_counted(period):
    """The earliest report period any figure of `period` reads."""
    windows = Windows(period)
    return min(bounds(windows, window)[0] for window in WINDOWS)


def affected_periods(report_period):
    """Every period whose figures a report at `report_period` counts in, oldest first."""
    periods, period = [], report_period
    while first_counted(period) <= report_period:
        periods.append(period)
        period = shift_months(period, 1)
    return periods


def _date(value):
    # PostgreSQL must know a parameter is a date before comparing; SQLite keeps dates as ISO text.
    return "CAST(%s AS DATE)" if connection.vendor == "postgresql" else "%s"


def _targets(periods):
    """A derived table: each target period, the first period it reads, and the bounds of each window."""
    columns = ["period", "first_period"] + [f"{edge}_{window}" for window in WINDOWS for edge in ("from", "to")]
    selects, params = [], []
    for period in sorted(periods):
        windows = Windows(period)
        values = [period, first_counted(period)] + [edge for window in WINDOWS for edge in bounds(windows, window)]
        cells = [f"{_date(value)} AS {column}" if not selects else _date(value) for column, value in zip(columns, values)]
        selects.append("SELECT " + ", ".join(cells))
        params.extend(values)
    return "(" + " UNION ALL ".join(selects) + ")", params


def _figure_columns(alias_reports="m", alias_targets="t"):
    """The column list and the aggregate expressions that compute each figure for a target period."""
    names, expressions = [], []
    for name, (field, window) in SUMMED_FIGURES.items():
        column = MonthlyReport._meta.get_field(field).column
        names.append(stored(name))
        expressions.append(f"SUM(CASE WHEN {alias_reports}.period BETWEEN {alias_targets}.from_{window} AND {alias_targets}.to_{window} THEN {alias_reports}.{quote(column)} END)")
    for name, window in COUNTED_FIGURES.items():
        names.append(stored(name))
        expressions.append(f"COUNT(CASE WHEN {alias_reports}.period BETWEEN {alias_targets}.from_{window} AND {alias_targets}.to_{window} THEN 1 END)")
    for name, window in LATEST_FIGURES.items():
        names.append(stored(name))
        expressions.append(f"MAX(CASE WHEN {alias_reports}.period BETWEEN {alias_targets}.from_{window} AND {alias_targets}.to_{window} THEN {alias_reports}.period END)")
    return names, expressions


def _insert(source, params, *, firm="k.enterprise_id"):
    """INSERT the figures of every (firm, target period) that `source` joins: monthly reports `m` to target periods `k`."""
    names, expressions = _figure_columns("m", "k")
    sql = (
        f"INSERT INTO {quote(MonthlySummary._meta.db_table)} (enterprise_id, period, {', '.join(quote(name) for name in names)}) "
        f"SELECT {firm}, k.period, {', '.join(expressions)} FROM {source} GROUP BY {firm}, k.period"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refresh_for(changed_sql, changed_params, report_periods):
    """Recompute the summary rows that the changed reports (a SELECT of enterprise_id, period) count in.

    `report_periods` are the periods of those reports: they name the target periods. Call it in the
    transaction of the write, after the reports are written (or deleted). A firm's pairs run from the
    first period its earliest change counts in to the last its latest one does (the months between
    two changes years apart are recomputed too, unchanged), up to the horizon: the summary holds no
    period after the latest report of any firm, so it never runs ahead of the current month. When the
    latest report moves forward, the new months are computed for every firm (a firm that reported
    before must show up as missing); when it moves back, the months after it are dropped.
    """
    # One writer of the summary at a time (imports hold this lock already): two edits of a firm's months
    # would otherwise each delete what the other had not yet committed, and one insert would collide.
    lock_imports()
    held, latest = MonthlySummary.objects.aggregate(last=Max("period"))["last"], MonthlyReport.objects.aggregate(last=Max("period"))["last"]
    if latest is None:
        MonthlySummary.objects.all().delete()
        return
    if held is not None and held > latest:
        MonthlySummary.objects.filter(period__gt=latest).delete()
        held = latest
    periods = sorted({target for period in report_periods for target in affected_periods(period) if held is not None and target <= held})
    if periods:
        _refresh_firms(changed_sql, changed_params, periods)
    if held is None or latest > held:
        first = shift_months(held, 1) if held else MonthlyReport.objects.aggregate(first=Min("period"))["first"]
        _insert_every_firm(months_from(first, latest))


def _refresh_firms(changed_sql, changed_params, periods):
    targets, target_params = _targets(periods)
    keys = (
        f"(SELECT c.enterprise_id, t.* FROM (SELECT enterprise_id, MIN(period) AS first_changed, MAX(period) AS last_changed FROM ({changed_sql}) c0 GROUP BY enterprise_id) c "
        f"JOIN {targets} t ON t.period >= c.first_changed AND t.first_period <= c.last_changed)"
    )
    params = [*changed_params, *target_params]
    table = quote(MonthlySummary._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM {keys} k WHERE k.enterprise_id = {table}.enterprise_id AND k.period = {table}.period)", params)
    _insert(f"{keys} k JOIN {quote(MonthlyReport._meta.db_table)} m ON m.enterprise_id = k.enterprise_id AND m.period BETWEEN k.first_period AND k.period", params)


def _insert_every_firm(periods):
    """Every firm's rows at `periods` (none held yet), one statement a period."""
    for period in periods:
        targets, params = _targets([period])
        _insert(f"{targets} k JOIN {quote(MonthlyReport._meta.db_table)} m ON m.period BETWEEN k.first_period AND k.period", params, firm="m.enterprise_id")


def refresh_pairs(pairs):
    """After reports of these (firm id, period) pairs were added, changed or deleted."""
    pairs = sorted(set(pairs))
    for start in range(0, len(pairs), PAIRS_PER_STATEMENT):
        chunk = pairs[start : start + PAIRS_PER_STATEMENT]
        selects = " UNION ALL ".join(f"SELECT %s AS enterprise_id, {_date(None)} AS period" if index == 0 else f"SELECT %s, {_date(None)}" for index in range(len(chunk)))
        refresh_for(selects, [value for pair in chunk for value in pair], [period for _, period in chunk])


def refresh_import(record_id, report_periods):
    """After an import wrote its rows (each pointing to its ImportRecord through `source`)."""
    refresh_for(f"SELECT enterprise_id, period FROM {quote(MonthlyReport._meta.db_table)} WHERE source_id = %s", [record_id], report_periods)


def rebuild():
    """The whole summary from the monthly reports, one target period at a time; returns the rows written."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(MonthlySummary._meta.db_table)}")
    extent = MonthlyReport.objects.aggregate(first=Min("period"), last=Max("period"))
    if extent["first"] is None:
        return 0
    _insert_every_firm(months_from(extent["first"], extent["last"]))
    analyse(MonthlySummary)
    return MonthlySummary.objects.count()


def analyse(*models):
    """Fresh planner statistics for these tables (autovacuum may lag behind a bulk write by minutes)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


# A write touching more than this share of a table leaves its planner statistics misleading until autovacuum
# catches up (minutes, or never where it is off): the dashboard took 1.16 s after seed_demo, 0.14 s after ANALYZE.
LARGE_SHARE = 0.1


def analyse_after_bulk_write(*, written):
    """ANALYZE the monthly reports and the summary when `written` rows are a large share of the reports held."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [MonthlyReport._meta.db_table])
        held = max(cursor.fetchone()[0], 0)
    if written < LARGE_SHARE * held and held > 0:
        return False
    analyse(MonthlyReport, MonthlySummary)
    return True
