"""The dashboard's totals and breakdowns (by county, zone, tier and chain) in one statement over the monthly summary.

PostgreSQL: one statement reads the summary rows of the period once: totals, counties and zones are
one GROUPING SETS aggregate over them, chains and recognised tiers a hash aggregate each (a firm counts
in each of its chains), and the trend sums the rows of each month of the year so far. Elsewhere (SQLite) the same
figures come from grouped_figures, one query per breakdown. Rows carry the keys grouped_figures gives.
"""

from django.db import connection

from registry.models import Enterprise, IndustryChain, Region, Zone

from ..models import MonthlySummary, PoolEntry, Tier
from ..models.ladder import PoolStatus
from .figures import COUNTED_FIGURES, stored
from .selectors import GROWTH_FIGURES

BASE, CHAIN, TIER, TREND = "firm", "chain", "tier", "trend"
# Breakdown key → its group fields as grouped_figures names them (name field last).
GROUP_FIELDS = {
    "county": ("enterprise__county", "enterprise__county__name"),
    "zone": ("enterprise__zone", "enterprise__zone__name"),
    TIER: ("enterprise__pool_entries__tier__rank", "enterprise__pool_entries__tier__name"),
    CHAIN: ("enterprise__chains__sort_order", "enterprise__chains__name"),
}


def one_statement():
    return connection.vendor == "postgresql"


def _quote(name):
    return connection.ops.quote_name(name)


def _table(model):
    return _quote(model._meta.db_table)


def _growth(row):
    """The growth figures of a row whose two sums are there, as selectors.with_growth computes them in SQL."""
    for name, (current, previous) in GROWTH_FIGURES.items():
        if current in row and previous in row:
            now, before = row[current], row[previous]
            row[name] = float((now - before) * 100 / before) if now is not None and before is not None and before > 0 else None
    for name in COUNTED_FIGURES:
        if row.get(name) is not None:
            row[name] = int(row[name])
    return row


def _sums(names, wanted):
    # Every branch of the union has the same columns; a figure its rows do not show stays NULL (a numeric sum less).
    return ", ".join(f"SUM(s.{_quote(stored(name))}) AS {_quote(name)}" if name in wanted else f"NULL AS {_quote(name)}" for name in names)


def _statement(names, scoped, *, breakdown_names, trend_names):
    through = Enterprise.chains.through._meta
    chain_firm, chain = (_quote(through.get_field(name).column) for name in ("enterprise", "industrychain"))
    sums = _sums(names, names)
    columns = ", ".join(f"s.{_quote(stored(name))}" for name in names)
    in_scope = " AND s.enterprise_id IN ({})" if scoped else ""
    # The period's summary rows, read once; each breakdown is a hash aggregate over them.
    rows = f"WITH s AS MATERIALIZED (SELECT s.enterprise_id, {columns} FROM {_table(MonthlySummary)} s WHERE s.period = %s{in_scope}) "
    areas = (
        f"SELECT '{BASE}' AS kind, GROUPING(f.county_id) AS all_counties, GROUPING(f.zone_id) AS all_zones, f.county_id, f.zone_id, NULL::bigint AS member, NULL::date AS month, {sums} "
        f"FROM s JOIN {_table(Enterprise)} f ON f.id = s.enterprise_id GROUP BY GROUPING SETS ((), (f.county_id), (f.zone_id))"
    )
    chains = f"SELECT '{CHAIN}', 1, 1, NULL, NULL, c.{chain}, NULL, {_sums(names, breakdown_names)} FROM s LEFT JOIN {_quote(through.db_table)} c ON c.{chain_firm} = s.enterprise_id GROUP BY c.{chain}"
    # Few firms hold a recognised tier: their summary rows are looked up by the unique (firm, period) index.
    tiers = (
        f"SELECT '{TIER}', 1, 1, NULL, NULL, p.tier_id, NULL, {_sums(names, breakdown_names)} FROM (SELECT DISTINCT enterprise_id, tier_id FROM {_table(PoolEntry)} WHERE status = %s) p "
        f"JOIN {_table(MonthlySummary)} s ON s.enterprise_id = p.enterprise_id AND s.period = %s{in_scope} GROUP BY p.tier_id"
    )
    # The trend: the same sums at each month of the year so far (each carries its month a year before).
    trend = f"SELECT '{TREND}', 1, 1, NULL, NULL, NULL, s.period, {_sums(names, trend_names)} FROM {_table(MonthlySummary)} s WHERE s.period BETWEEN %s AND %s{in_scope} GROUP BY s.period"
    return (
        f"{rows}SELECT g.kind, g.all_counties, g.all_zones, g.county_id, r.name, g.zone_id, z.name, ch.sort_order, ch.name, t.rank, t.name, g.month, "
        f"{', '.join('g.' + _quote(name) for name in names)} FROM ({areas} UNION ALL {chains} UNION ALL {tiers} UNION ALL {trend}) g "
        f"LEFT JOIN {_table(Region)} r ON r.{_quote(Region._meta.pk.column)} = g.county_id "
        f"LEFT JOIN {_table(Zone)} z ON z.id = g.zone_id "
        f"LEFT JOIN {_table(IndustryChain)} ch ON g.kind = '{CHAIN}' AND ch.id = g.member "
        f"LEFT JOIN {_table(Tier)} t ON g.kind = '{TIER}' AND t.id = g.member"
    )


def totals_and_breakdowns(period, names, *, breakdown_names, trend_names, enterprises=None):
    """(totals, {breakdown key: rows}, {period: figures of the year's months}) in one query; rows in the order grouped_figures gives them.

    `names` are the totals' figures; chains and tiers sum only `breakdown_names`, the trend `trend_names`.
    """
    sql = _statement(names, enterprises is not None, breakdown_names=breakdown_names, trend_names=trend_names)
    scope_params = []
    if enterprises is not None:
        scope_sql, scope_params = enterprises.values("pk").query.sql_with_params()
        sql = sql.replace("IN ({})", f"IN ({scope_sql})")
    # In the order of the placeholders: the period's rows, the tiers, the trend.
    params = [period, *scope_params, PoolStatus.RECOGNISED, period, *scope_params, period.replace(month=1), period, *scope_params]
    totals, rows, months = {}, {key: [] for key in GROUP_FIELDS}, {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, all_counties, all_zones, county, county_name, zone, zone_name, chain_order, chain_name, tier_rank, tier_name, month, *figures in cursor.fetchall():
            row = _growth(dict(zip(names, figures)))
            if kind == TREND:
                months[month] = row
            elif kind == CHAIN:
                rows[CHAIN].append(dict(zip(GROUP_FIELDS[CHAIN], (chain_order, chain_name)), **row))
            elif kind == TIER:
                rows[TIER].append(dict(zip(GROUP_FIELDS[TIER], (tier_rank, tier_name)), **row))
            elif not all_counties:
                rows["county"].append(dict(zip(GROUP_FIELDS["county"], (county, county_name)), **row))
            elif not all_zones:
                rows["zone"].append(dict(zip(GROUP_FIELDS["zone"], (zone, zone_name)), **row))
            else:
                totals = row
    for key, fields in GROUP_FIELDS.items():
        # NULL last, as PostgreSQL orders ascending.
        rows[key].sort(key=lambda row: tuple((row[field] is None, row[field] if row[field] is not None else 0) for field in fields))
    return totals, rows, months
