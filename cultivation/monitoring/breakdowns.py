"""The dashboard's totals and breakdowns (by county, zone, tier and chain) in one statement over the monthly summary.

PostgreSQL: one statement reads the summary rows of the period once: totals, counties and zones are
one GROUPING SETS aggregate over them, chains and recognised tiers a hash aggregate each (a firm counts
in each of its chains), and the trend sums the rows of each month of the year so far. Elsewhere (SQLite) the same
figures come from grouped_figures, one query per breakdown. Rows carry the keys grouped_figures gives.
"""

from django.db import connection

from registry.models import Enterprise, IndustryChain, Region, Zone

from ..models import MonthlyAreaTotal, MonthlySummary, PoolEntry, Tier
from ..models.monitoring import filled
from ..models.ladder import PoolStatus
from .figures import COUNTED_FIGURES, stored
from .growth import growth_of
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
            row[name] = growth_of(row[current], row[previous])
    for name in COUNTED_FIGURES:
        if row.get(name) is not None:
            row[name] = int(row[name])
    return row


def _sums(names, wanted):
    # Every branch of the union has the same columns; a figure its rows do not show stays NULL (a numeric sum less).
    return ", ".join(f"SUM(s.{_quote(stored(name))}) AS {_quote(name)}" if name in wanted else f"NULL AS {_quote(name)}" for name in names)


def _area_sums(names, wanted):
    """The same sums from the area totals: a figure no summary row held stays empty, as SUM over the rows leaves it."""

    def total(name):
        if name in COUNTED_FIGURES:
            return f"SUM(a.{_quote(stored(name))})"
        return f"CASE WHEN SUM(a.{_quote(filled(name))}) > 0 THEN SUM(a.{_quote(stored(name))}) END"

    return ", ".join(f"{total(name)} AS {_quote(name)}" if name in wanted else f"NULL AS {_quote(name)}" for name in names)


def _statement(period, names, scope, area, *, breakdown_names, trend_names):
    """(SQL, parameters). `scope` is (sql, params) of the firms' ids or None for every firm, `area` the
    (sql, params) of the area totals' ids for the same firms, or None when they are not an area (a chain is chosen)."""
    through = Enterprise.chains.through._meta
    chain_firm, chain = (_quote(through.get_field(name).column) for name in ("enterprise", "industrychain"))
    sums = _sums(names, names)
    columns = ", ".join(f"s.{_quote(stored(name))}" for name in names)
    in_scope, scope_params = (f" AND s.enterprise_id IN ({scope[0]})", list(scope[1])) if scope else ("", [])
    # The period's summary rows, read once; each breakdown is a hash aggregate over them.
    rows = f"WITH s AS MATERIALIZED (SELECT s.enterprise_id, {columns} FROM {_table(MonthlySummary)} s WHERE s.period = %s{in_scope}) "
    params = [period, *scope_params]
    if area is None:
        areas = (
            f"SELECT '{BASE}' AS kind, GROUPING(f.county_id) AS all_counties, GROUPING(f.zone_id) AS all_zones, f.county_id, f.zone_id, NULL::bigint AS member, NULL::date AS month, {sums} "
            f"FROM s JOIN {_table(Enterprise)} f ON f.id = s.enterprise_id GROUP BY GROUPING SETS ((), (f.county_id), (f.zone_id))"
        )
    else:
        # Totals, counties and zones from the area totals (summary.py keeps them): a few hundred rows, not every firm's.
        zone = "NULLIF(a.zone_id, 0)"
        areas = (
            f"SELECT '{BASE}' AS kind, GROUPING(a.county_id) AS all_counties, GROUPING({zone}) AS all_zones, a.county_id, {zone} AS zone_id, NULL::bigint AS member, NULL::date AS month, {_area_sums(names, names)} "
            f"FROM {_table(MonthlyAreaTotal)} a WHERE a.period = %s AND a.id IN ({area[0]}) GROUP BY GROUPING SETS ((), (a.county_id), ({zone}))"
        )
        params += [period, *area[1]]
    chains = f"SELECT '{CHAIN}', 1, 1, NULL, NULL, c.{chain}, NULL, {_sums(names, breakdown_names)} FROM s LEFT JOIN {_quote(through.db_table)} c ON c.{chain_firm} = s.enterprise_id GROUP BY c.{chain}"
    # Few firms hold a recognised tier: the period's rows, read once above, are probed for them.
    tiers = (
        f"SELECT '{TIER}', 1, 1, NULL, NULL, p.tier_id, NULL, {_sums(names, breakdown_names)} FROM (SELECT DISTINCT enterprise_id, tier_id FROM {_table(PoolEntry)} WHERE status = %s) p "
        "JOIN s ON s.enterprise_id = p.enterprise_id GROUP BY p.tier_id"
    )
    params.append(PoolStatus.RECOGNISED)
    # The trend: the same sums at each month of the year so far (each carries its month a year before).
    if area is None:
        trend = f"SELECT '{TREND}', 1, 1, NULL, NULL, NULL, s.period, {_sums(names, trend_names)} FROM {_table(MonthlySummary)} s WHERE s.period BETWEEN %s AND %s{in_scope} GROUP BY s.period"
        params += [period.replace(month=1), period, *scope_params]
    else:
        trend = f"SELECT '{TREND}', 1, 1, NULL, NULL, NULL, a.period, {_area_sums(names, trend_names)} FROM {_table(MonthlyAreaTotal)} a WHERE a.period BETWEEN %s AND %s AND a.id IN ({area[0]}) GROUP BY a.period"
        params += [period.replace(month=1), period, *area[1]]
    sql = (
        f"{rows}SELECT g.kind, g.all_counties, g.all_zones, g.county_id, r.name, g.zone_id, z.name, ch.sort_order, ch.name, t.rank, t.name, g.month, "
        f"{', '.join('g.' + _quote(name) for name in names)} FROM ({areas} UNION ALL {chains} UNION ALL {tiers} UNION ALL {trend}) g "
        f"LEFT JOIN {_table(Region)} r ON r.{_quote(Region._meta.pk.column)} = g.county_id "
        f"LEFT JOIN {_table(Zone)} z ON z.id = g.zone_id "
        f"LEFT JOIN {_table(IndustryChain)} ch ON g.kind = '{CHAIN}' AND ch.id = g.member "
        f"LEFT JOIN {_table(Tier)} t ON g.kind = '{TIER}' AND t.id = g.member"
    )
    return sql, params


def totals_and_breakdowns(period, names, *, breakdown_names, trend_names, enterprises=None, area=None):
    """(totals, {breakdown key: rows}, {period: figures of the year's months}) in one query; rows in the order grouped_figures gives them.

    `names` are the totals' figures; chains and tiers sum only `breakdown_names`, the trend `trend_names`.
    `area` (a Q on the firms' county_id and zone_id, Q() for all) says the firms of `enterprises` are an
    area's: totals, counties, zones and the trend are then read from the area totals.
    """
    scope = enterprises.order_by().values("pk").query.sql_with_params() if enterprises is not None else None
    area_ids = MonthlyAreaTotal.objects.filter(area).order_by().values("pk").query.sql_with_params() if area is not None else None
    sql, params = _statement(period, names, scope, area_ids, breakdown_names=breakdown_names, trend_names=trend_names)
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
