"""The dashboard's totals and breakdowns (by county, zone, tier and chain) in one statement over the monthly summary.

PostgreSQL: one GROUPING SETS query reads each summary row of the period once. Each firm's row is
joined to its base row, one row per chain (or none) and one per recognised tier, so the sums by county
and zone (over base rows only) are not multiplied by a firm's chains. Elsewhere (SQLite) the same
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


def _statement(names, scoped):
    through = Enterprise.chains.through._meta
    chain_firm, chain = (_quote(through.get_field(name).column) for name in ("enterprise", "industrychain"))
    sums = ", ".join(f"SUM(s.{_quote(stored(name))}) AS {_quote(name)}" for name in names)
    grouped = (
        f"WITH months AS (SELECT * FROM {_table(MonthlySummary)} s WHERE s.period BETWEEN %s AND %s{' AND s.enterprise_id IN ({})' if scoped else ''}), "
        "s AS (SELECT * FROM months WHERE period = %s), "
        f"x AS (SELECT s.enterprise_id, '{BASE}' AS kind, NULL::bigint AS member FROM s "
        f"UNION ALL SELECT s.enterprise_id, '{CHAIN}', c.{chain} FROM s LEFT JOIN {_quote(through.db_table)} c ON c.{chain_firm} = s.enterprise_id "
        f"UNION ALL SELECT DISTINCT p.enterprise_id, '{TIER}', p.tier_id FROM s JOIN {_table(PoolEntry)} p ON p.enterprise_id = s.enterprise_id AND p.status = %s), "
        f"g AS (SELECT x.kind, f.county_id, f.zone_id, x.member, GROUPING(f.county_id) AS all_counties, GROUPING(f.zone_id) AS all_zones, {sums} "
        f"FROM s JOIN x ON x.enterprise_id = s.enterprise_id JOIN {_table(Enterprise)} f ON f.id = s.enterprise_id "
        "GROUP BY x.kind, GROUPING SETS ((), (f.county_id), (f.zone_id), (x.member)) "
        f"HAVING (x.kind = '{BASE}' AND GROUPING(x.member) = 1) OR (x.kind <> '{BASE}' AND GROUPING(x.member) = 0))"
    )
    # The trend: the same sums per month of the year so far (the single-month figures and those of a year before).
    trend = f"SELECT '{TREND}', 1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, period, {sums} FROM months s GROUP BY period"
    return (
        f"{grouped} "
        f"SELECT g.kind, g.all_counties, g.all_zones, g.county_id, r.name, g.zone_id, z.name, ch.sort_order, ch.name, t.rank, t.name, NULL::date, "
        f"{', '.join('g.' + _quote(name) for name in names)} FROM g "
        f"LEFT JOIN {_table(Region)} r ON r.{_quote(Region._meta.pk.column)} = g.county_id "
        f"LEFT JOIN {_table(Zone)} z ON z.id = g.zone_id "
        f"LEFT JOIN {_table(IndustryChain)} ch ON g.kind = '{CHAIN}' AND ch.id = g.member "
        f"LEFT JOIN {_table(Tier)} t ON g.kind = '{TIER}' AND t.id = g.member "
        f"UNION ALL {trend}"
    )


def totals_and_breakdowns(period, names, *, enterprises=None):
    """(totals, {breakdown key: rows}, {period: figures of the year's months}) in one query; rows in the order grouped_figures gives them."""
    params = [period.replace(month=1), period]
    sql = _statement(names, enterprises is not None)
    if enterprises is not None:
        scope_sql, scope_params = enterprises.values("pk").query.sql_with_params()
        sql = sql.replace("IN ({})", f"IN ({scope_sql})", 1)
        params.extend(scope_params)
    params.extend([period, PoolStatus.RECOGNISED])
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
