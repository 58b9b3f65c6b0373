"""Upkeep of the monthly summary (MonthlySummary): each firm's derived figures at each period, stored; and of
its sums per period, county and zone (MonthlyAreaTotal), which the dashboard reads.

A report at period R counts in every period P whose windows reach back to R (R to December of the next
year); a summary row exists when a firm has a report in some window of P, for every P up to the latest
report period of any firm. Every writer of monthly reports calls `refresh_*` in its own transaction for
exactly the (firm, period) pairs it touched: the old rows are deleted and recomputed set-wise. The figures
come from window functions over each firm's months laid out densely (FRAMES says how each window of
periods.Windows reads there; the property test holds the two to each other), the same SQL on PostgreSQL
and SQLite. The area totals are kept by adding what is inserted and taking away what is deleted; a firm
moving to another county or zone moves its rows (registry/services.py calls `move_firm_area`).
"""

import datetime

from django.db import connection
from django.db.models import Max, Min

from registry.models import Enterprise
from registry.sheets.import_lock import lock_imports

from ..models import MonthlyAreaTotal, MonthlyReport, MonthlySummary
from ..models.monitoring import filled
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
    """A derived table: each target period and the first period it reads."""
    selects, params = [], []
    for index, period in enumerate(sorted(periods)):
        selects.append(f"SELECT {_date(None)} AS period, {_date(None)} AS first_period" if index == 0 else f"SELECT {_date(None)}, {_date(None)}")
        params.extend([period, first_counted(period)])
    return "(" + " UNION ALL ".join(selects) + ")", params


# How each window of periods.Windows reads on a firm's months laid out densely, oldest first: a frame of
# rows around the period (the property test holds these to the Windows bounds), or a base window a year back.
FRAMES = {
    "month": None,  # the row itself: no window, so one sort fewer
    "year_to_date": ("firm_year", "ROWS UNBOUNDED PRECEDING"),
    "trailing_12": ("firm_months", "ROWS BETWEEN 11 PRECEDING AND CURRENT ROW"),
    "before_period": ("firm_months", "ROWS BETWEEN 12 PRECEDING AND 1 PRECEDING"),
}
A_YEAR_BEFORE = {"month_last_year": "month", "year_to_date_last_year": "year_to_date"}


def _measures():
    """(figure name, aggregate, report column, window) for each stored figure."""
    measures = []
    for name, (field, window) in SUMMED_FIGURES.items():
        measures.append((stored(name), "SUM", f"m.{quote(MonthlyReport._meta.get_field(field).column)}", window))
    for name, window in COUNTED_FIGURES.items():
        measures.append((stored(name), "COUNT", "m.id", window))
    for name, window in LATEST_FIGURES.items():
        measures.append((stored(name), "MAX", "m.period", window))
    return measures


def _periods_table(periods):
    """A derived table of periods with their year, oldest first."""
    selects, params = [], []
    for index, period in enumerate(periods):
        selects.append(f"SELECT {_date(None)} AS period, %s AS year" if index == 0 else f"SELECT {_date(None)}, %s")
        params.extend([period, period.year])
    return "(" + " UNION ALL ".join(selects) + ")", params


def _over(aggregate, column, window):
    """The aggregate of `column` over the window's frame around the row."""
    if FRAMES[window] is None:
        return f"CASE WHEN {column} IS NULL THEN 0 ELSE 1 END" if aggregate == "COUNT" else column
    partition, frame = FRAMES[window]
    return f"{aggregate}({column}) OVER ({partition} {frame})"


def _figures_sql(firms_sql, firms_params, periods):
    """SELECT enterprise_id, period and every stored figure, for each firm of `firms_sql` at each of `periods`
    where it has a report in some window: window functions over its months laid out densely (one pass)."""
    # From January of the year before the first period, or from the first report if later (the months before it
    # are empty), and never after the first period (a delete may have left every target before the first report).
    first_report = MonthlyReport.objects.aggregate(first=Min("period"))["first"] or periods[0]
    first = min(periods[0], max(datetime.date(periods[0].year - 1, 1, 1), first_report))
    grid, grid_params = _periods_table(months_from(first, periods[-1]))
    measures = _measures()
    base = {}  # (aggregate, column, base window) → alias in the inner query
    for _name, aggregate, column, window in measures:
        base.setdefault((aggregate, column, A_YEAR_BEFORE.get(window, window)), f"b{len(base)}")
    for window in WINDOWS:  # a report in any window gives the firm a row
        base.setdefault(("COUNT", "m.id", A_YEAR_BEFORE.get(window, window)), f"b{len(base)}")
    inner = ", ".join(f"{_over(aggregate, column, window)} AS {alias}" for (aggregate, column, window), alias in base.items())

    def read(aggregate, column, window):
        alias = base[(aggregate, column, A_YEAR_BEFORE.get(window, window))]
        return f"LAG({alias}, 12) OVER firm_months" if window in A_YEAR_BEFORE else alias

    figures = ", ".join(f"{read(aggregate, column, window)} AS {quote(name)}" for name, aggregate, column, window in measures)
    reported = " + ".join(f"COALESCE({read('COUNT', 'm.id', window)}, 0)" for window in WINDOWS)
    targets = ", ".join([_date(None)] * len(periods))
    sql = (
        f"SELECT enterprise_id, period, {', '.join(quote(name) for name, *_ in measures)} FROM ("
        f"SELECT enterprise_id, period, {figures}, {reported} AS reported FROM ("
        f"SELECT g.enterprise_id, g.period, g.year, {inner} FROM ("
        f"SELECT f.enterprise_id, p.period, p.year FROM ({firms_sql}) f CROSS JOIN {grid} p) g "
        f"LEFT JOIN {quote(MonthlyReport._meta.db_table)} m ON m.enterprise_id = g.enterprise_id AND m.period = g.period "
        "WINDOW firm_months AS (PARTITION BY g.enterprise_id ORDER BY g.year, g.period), firm_year AS (PARTITION BY g.enterprise_id, g.year ORDER BY g.period)"
        ") b WINDOW firm_months AS (PARTITION BY enterprise_id ORDER BY year, period)"
        f") s WHERE reported > 0 AND period IN ({targets})"
    )
    return sql, [*firms_params, *grid_params, *periods]


def _insert(select_sql):
    names = [quote(name) for name, *_ in _measures()]
    return f"INSERT INTO {quote(MonthlySummary._meta.db_table)} (enterprise_id, period, {', '.join(names)}) {select_sql}"


def _area_totals_sql(sign, rows, where, *, area=None):
    """(SQL, its leading parameters): add (sign 1) or take away (-1) the summary rows of `rows` (a table or a
    WITH name) matching `where` to their area's totals; `area` is the (county, zone id) to count them in, by
    default the firm's own, read from the registry."""
    totals = quote(MonthlyAreaTotal._meta.db_table)
    columns, sums = ["firms"], ["%s * COUNT(*)"]
    for name in SUMMED_FIGURES:
        columns += [stored(name), filled(name)]
        sums += [f"%s * COALESCE(SUM(s.{quote(stored(name))}), 0)", f"%s * COUNT(s.{quote(stored(name))})"]
    for name in COUNTED_FIGURES:
        columns.append(stored(name))
        sums.append(f"%s * COALESCE(SUM(s.{quote(stored(name))}), 0)")
    if area is None:
        source, county, zone, area_params = f"{rows} s JOIN {quote(Enterprise._meta.db_table)} f ON f.id = s.enterprise_id", "f.county_id", "COALESCE(f.zone_id, 0)", []
        group_by = f"s.period, {county}, {zone}"
    else:
        source, county, zone, area_params = f"{rows} s", "CAST(%s AS VARCHAR(6))", "CAST(%s AS INTEGER)", [area[0], area[1] or 0]
        group_by = "s.period"
    updates = ", ".join(f"{quote(column)} = {totals}.{quote(column)} + EXCLUDED.{quote(column)}" for column in columns)
    # The WHERE is never empty: SQLite reads "ON CONFLICT" after a bare join as the join's condition.
    sql = (
        f"INSERT INTO {totals} (period, county_id, zone_id, {', '.join(quote(column) for column in columns)}) "
        f"SELECT s.period, {county}, {zone}, {', '.join(sums)} FROM {source} WHERE {where} GROUP BY {group_by} "
        f"ON CONFLICT (period, county_id, zone_id) DO UPDATE SET {updates}"
    )
    return sql, [*area_params, *[sign] * len(sums)]


def _add_to_area_totals(sign, where, params, *, area=None):
    sql, head = _area_totals_sql(sign, quote(MonthlySummary._meta.db_table), where, area=area)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*head, *params])
    if sign < 0:
        _drop_empty_areas()


def _drop_empty_areas():
    MonthlyAreaTotal.objects.filter(firms=0).delete()


def _write_counting_areas(sign, write_sql, params, where, where_params):
    """Run `write_sql`, a DELETE (sign -1) or INSERT (1) of summary rows, and take them out of or add them to their
    areas' totals (the rows `where` matches): on PostgreSQL in one statement, from what the write returns."""
    if connection.vendor == "postgresql":
        sql, head = _area_totals_sql(sign, "changed", "1 = 1")
        with connection.cursor() as cursor:
            cursor.execute(f"WITH changed AS ({write_sql} RETURNING *) {sql}", [*params, *head])
        if sign < 0:
            _drop_empty_areas()
        return
    if sign < 0:
        _add_to_area_totals(sign, where, where_params)
    with connection.cursor() as cursor:
        cursor.execute(write_sql, params)
    if sign > 0:
        _add_to_area_totals(sign, where, where_params)


def move_firm_area(firm_id, old_area, new_area):
    """A firm moved to another county or zone: its summary rows leave the old area's totals for the new one's."""
    lock_imports()
    _add_to_area_totals(-1, "s.enterprise_id = %s", [firm_id], area=old_area)
    _add_to_area_totals(1, "s.enterprise_id = %s", [firm_id], area=new_area)


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
        _drop_periods()
        return
    if held is not None and held > latest:
        _drop_periods(after=latest)
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
        f"(SELECT c.enterprise_id, t.period FROM (SELECT enterprise_id, MIN(period) AS first_changed, MAX(period) AS last_changed FROM ({changed_sql}) c0 GROUP BY enterprise_id) c "
        f"JOIN {targets} t ON t.period >= c.first_changed AND t.first_period <= c.last_changed)"
    )
    params = [*changed_params, *target_params]
    table = quote(MonthlySummary._meta.db_table)
    # A row-value IN: SQLite reads the keys once (a correlated EXISTS would read them again for every row).
    in_keys = f"(s.enterprise_id, s.period) IN (SELECT k.enterprise_id, k.period FROM {keys} k)"
    delete = f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM {keys} k WHERE k.enterprise_id = {table}.enterprise_id AND k.period = {table}.period)"
    _write_counting_areas(-1, delete, params, in_keys, params)
    figures, figure_params = _figures_sql(f"SELECT DISTINCT enterprise_id FROM ({changed_sql}) c1", changed_params, periods)
    insert = _insert(f"SELECT s.* FROM ({figures}) s WHERE {in_keys}")
    _write_counting_areas(1, insert, [*figure_params, *params], in_keys, params)


def _insert_every_firm(periods):
    """Every firm's rows at `periods` (none held yet), a year of periods a statement."""
    for year in sorted({period.year for period in periods}):
        of_year = [period for period in periods if period.year == year]
        first = datetime.date(year - 1, 1, 1)
        firms = f"SELECT DISTINCT enterprise_id FROM {quote(MonthlyReport._meta.db_table)} WHERE period BETWEEN {_date(None)} AND {_date(None)}"
        figures, params = _figures_sql(firms, [first, of_year[-1]], of_year)
        _write_counting_areas(1, _insert(figures), params, f"s.period BETWEEN {_date(None)} AND {_date(None)}", [of_year[0], of_year[-1]])


def _drop_periods(after=None):
    """The summary and its area totals after `after` (every period when None)."""
    for model in (MonthlySummary, MonthlyAreaTotal):
        (model.objects.all() if after is None else model.objects.filter(period__gt=after)).delete()


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
    _drop_periods()
    extent = MonthlyReport.objects.aggregate(first=Min("period"), last=Max("period"))
    if extent["first"] is None:
        return 0
    _insert_every_firm(months_from(extent["first"], extent["last"]))
    analyse(MonthlySummary, MonthlyAreaTotal)
    return MonthlySummary.objects.count()


def analyse(*models):
    """Fresh planner statistics for these tables (autovacuum may lag behind a bulk write by minutes)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


# A write touching more than this share of a table leaves its planner statistics misleading until autovacuum
# catches up (minutes, or never where it is off): the dashboard took 1.16 s after seed_demo, 0.14 s after ANALYZE.
LARGE_SHARE = 0.1


def large_write(written):
    """True when `written` rows are a large share of the monthly reports held (always False but on PostgreSQL)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [MonthlyReport._meta.db_table])
        held = max(cursor.fetchone()[0], 0)
    return written >= LARGE_SHARE * held or held == 0


def refresh_bulk_write(record_id, report_periods, *, written):
    """After a bulk write of `written` reports pointing to the ImportRecord `record_id`: the summary refreshed and, when
    the rows are a large share of the reports, the planner statistics of the reports before it (the refresh's own plans
    read them: a re-import ran its summary statements on nested loops sized for one row) and of the summary after."""
    large = large_write(written)
    if large:
        analyse(MonthlyReport)
    refresh_import(record_id, report_periods)
    if large:
        analyse(MonthlySummary)
    return large
