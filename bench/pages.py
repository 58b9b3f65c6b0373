"""The monthly-report changelist and the dashboard at 100,000 firms and 1,200,000 monthly rows (PostgreSQL).

The data go into their own database (registry_bench), generated with INSERT … SELECT
generate_series; it is kept between runs and rebuilt with `--rebuild` or when its size is wrong.
Months: January–June 2024 and January–June 2025, so every firm has a year to date and the same
period last year; the pages are measured for June 2025. The rows are laid down month by month, as
imports bring them, then the monthly summary is rebuilt (rebuild_monthly_summary) and timed. A second
database holds the same data laid down firm by firm, for the pages that the order could change.
"""

import json
import statistics
import time

from .context import RESULTS_DIR, postgres_available, postgres_database_exists, recreate_postgres_database
from .measurements import measurement

DATABASE = "registry_bench"
FIRMS = 100_000
PERIODS = [f"{year}-{month:02d}-01" for year in (2024, 2025) for month in range(1, 7)]
REPORTS = FIRMS * len(PERIODS)
RUNS = 5
BASE = "/admin/cultivation/monthlyreport/"
FIRMS_LIST = "/admin/registry/enterprise/"
WATCH_LISTS = ("output_500m", "declining", "above_scale_ready", "above_scale_risk", "billion_yuan", "missing_report")
# Issue 18's targets: (milliseconds, queries) for a page, by its name's start.
TARGETS = {"dashboard, one county": (200, None), "dashboard": (500, 10), "watch list": (300, None), "firm search": (60, None)}
PAGES = {
    "changelist": BASE,
    "changelist, page 100": BASE + "?p=100",
    "changelist, one period": BASE + "?period=2025-06-01",
    "changelist, one county": BASE + "?county=330903",
    "changelist, search a firm": BASE + "?q=基准企业012345",
    "firm search in the firm list": FIRMS_LIST + "?q=基准企业012345",
    "firm search in the firm list, by USCC": FIRMS_LIST + "?q=330903000012345",
    "dashboard": BASE + "dashboard/",
    "dashboard, one county": BASE + "dashboard/?county=330903",
    **{f"watch list {slug}, first page": f"{BASE}watch-lists/{slug}/" for slug in WATCH_LISTS},
    **{f"watch list {slug}, page 400": f"{BASE}watch-lists/{slug}/?p=400" for slug in WATCH_LISTS},
    "watch list declining, one county, page 400": BASE + "watch-lists/declining/?county=330903&p=400",
}


# Issue 18, item 8: the same data laid down firm by firm (each firm's twelve rows together), on these pages.
FIRM_ORDER_DATABASE = "registry_bench_firm_order"
FIRM_ORDER_PAGES = ("changelist", "changelist, one period", "changelist, one county", "dashboard", "dashboard, one county", "watch list declining, page 400")


@measurement("big_pages", "大数据量页面 / pages at 100,000 firms × 1,200,000 monthly rows (PostgreSQL)")
def run(context):
    if not postgres_available():
        return {"skipped": "PostgreSQL 不可用", "summary": [("pages at 1.2 million rows", "skipped: no PostgreSQL", "", None)]}
    url = context.postgres_url(DATABASE)
    generation = _database(context, DATABASE, "month")
    pages = context.run("bench.pages:time_pages", url, runs=2 if context.quick else RUNS)
    result = {"database": DATABASE, "firms": FIRMS, "monthly_reports": REPORTS, "generation": generation, "pages": pages["pages"], "runs_per_page": pages["runs"]}
    result["summary"] = [_row(name, page) for name, page in pages["pages"].items()]
    if generation and "summary_seconds" in generation:
        result["summary"].append(("rebuild_monthly_summary of the 1,200,000 reports (s; rows)", f"{generation['summary_seconds']:,.0f}; {generation['summary_rows']:,}", "", None))
    # Issue 18, item 7: the dashboard when the planner has no statistics of what a bulk write left, then after ANALYZE.
    result["statistics"] = context.run("bench.pages:time_statistics", url, runs=2 if context.quick else RUNS)
    for state in ("without", "with"):
        result["summary"].append((f"dashboard {state} planner statistics of the monthly tables (median ms)", f"{result['statistics'][state]:,.0f}", "", None))
    if not context.quick:
        firm_order = _database(context, FIRM_ORDER_DATABASE, "firm")
        timed = context.run("bench.pages:time_pages", context.postgres_url(FIRM_ORDER_DATABASE), runs=RUNS, names=FIRM_ORDER_PAGES)
        result["firm_order"] = {"database": FIRM_ORDER_DATABASE, "generation": firm_order, "pages": timed["pages"]}
        for name, page in timed["pages"].items():
            result["summary"].append((f"{name}, reports laid down firm by firm (median ms / queries; month by month above)", f"{page['median_ms']:,.0f} / {page['queries']}", "", None))
        if firm_order and "summary_seconds" in firm_order:
            result["summary"].append(("rebuild_monthly_summary, reports laid down firm by firm (s)", f"{firm_order['summary_seconds']:,.0f}", "", None))
    return result


def _database(context, name, order):
    """The data set in database `name`, reports laid down in `order` ("month" or "firm"), built when missing or wrong; its generation figures."""
    url = context.postgres_url(name)
    built = False
    if context.rebuild or not postgres_database_exists(name):
        recreate_postgres_database(name)
        built = True
    sizes = context.run("bench.pages:prepare", url)
    if sizes["firms"] != FIRMS or sizes["reports"] != REPORTS:
        context.log(f"  rebuilding {name}: {sizes}")
        recreate_postgres_database(name)
        context.run("bench.pages:prepare", url)
        built = True
    if not built:
        return _previous_generation(name)
    generation = context.run("bench.pages:generate", url, order=order)
    context.log(f"  {name}: generated {REPORTS:,} monthly rows ({order} by {order}) in {generation['seconds']:.0f} s")
    return generation


def _row(name, page):
    """A page's summary row, with the issue's target where it has one."""
    target = next((limit for start, limit in TARGETS.items() if name.startswith(start)), None)
    if target is None:
        return (f"{name} (median ms / queries)", f"{page['median_ms']:,.0f} / {page['queries']}", "", None)
    milliseconds, queries = target
    wanted = f"≤ {milliseconds} ms" + (f", ≤ {queries} queries" if queries else "")
    met = page["median_ms"] <= milliseconds and (queries is None or page["queries"] <= queries)
    return (f"{name} (median ms / queries)", f"{page['median_ms']:,.0f} / {page['queries']}", wanted, met)


def _previous_generation(name):
    """The data were kept from an earlier run: report how long that run took to generate them."""
    previous = RESULTS_DIR / "big_pages.json"
    if not previous.exists():
        return None
    result = json.loads(previous.read_text())
    return result.get("generation") if name == DATABASE else result.get("firm_order", {}).get("generation")


# Tasks: each runs in a fresh worker process with Django set up.


def prepare():
    from django.core.management import call_command

    from cultivation.models import MonthlyReport
    from registry.models import Enterprise

    call_command("migrate", verbosity=0)
    return {"firms": Enterprise.objects.count(), "reports": MonthlyReport.objects.count()}


def insert_select(model, source, expressions, params=()):
    """INSERT every concrete column of `model` from `source`: named columns from SQL, the rest from their defaults.

    Taking defaults from the model keeps this working when other columns are added later.
    """
    from django.db import connection, models

    quote = connection.ops.quote_name
    columns, values, defaults = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(quote(field.column))
        if field.attname in expressions:
            values.append(expressions[field.attname])
        elif isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            values.append("now()")
        elif field.null and not field.has_default():
            values.append("NULL")
        elif field.get_default() is not None:  # an explicit default, or "" for a text field
            values.append("%s")
            defaults.append(field.get_db_prep_save(field.get_default(), connection))
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs an expression")
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {source}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*defaults, *params])


def generate(order="month"):
    from django.db import connection

    from cultivation.models import MonthlyReport, PoolEntry, Target, Tier
    from cultivation.monitoring.summary import rebuild
    from registry.models import Enterprise, IndustryChain, Zone

    started = time.perf_counter()
    zones = list(Zone.objects.values_list("pk", flat=True))
    chains = list(IndustryChain.objects.values_list("pk", flat=True))
    insert_select(
        Enterprise,
        "generate_series(1, %s) AS g",
        {
            "uscc": "'91' || (ARRAY['330902','330903','330921','330922'])[1 + mod(g, 4)] || lpad(g::text, 9, '0') || '0'",
            "name": "'基准企业' || lpad(g::text, 6, '0') || '有限公司'",
            "county_id": "(ARRAY['330902','330903','330921','330922'])[1 + mod(g, 4)]",
            "zone_id": f"CASE WHEN mod(g, 3) = 0 THEN (ARRAY{zones}::bigint[])[1 + mod(g, {len(zones)})] END",
            "industry_id": "'3731'",
            "is_above_scale": "mod(g, 5) = 0",
            "size_class": "'small'",
        },
        [FIRMS],
    )
    through = Enterprise.chains.through
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {through._meta.db_table} (enterprise_id, industrychain_id) SELECT id, (ARRAY{chains}::bigint[])[1 + mod(id, {len(chains)})] FROM {Enterprise._meta.db_table} WHERE mod(id, 5) <> 0"
        )
    # Base monthly output by firm (50–5,050 万元), ±15 % a year, a little seasonality.
    figure = "round(((50 + mod(e.id * 7919, 5000)) * CASE WHEN p.period >= DATE '2025-01-01' THEN 0.85 + mod(e.id, 31) / 100.0 ELSE 1 END * (0.97 + extract(month from p.period) / 100.0))::numeric, 2)"
    periods = ", ".join(f"(DATE '{period}')" for period in PERIODS)
    insert_select(
        MonthlyReport,
        # Month by month, as the imports arrive (a firm's rows lie in twelve places of the table), or firm by firm to compare.
        f"{Enterprise._meta.db_table} e CROSS JOIN (VALUES {periods}) AS p(period) ORDER BY " + ("p.period, e.id" if order == "month" else "e.id, p.period"),
        {
            "enterprise_id": "e.id",
            "period": "p.period",
            "output_value": figure,
            "revenue": f"round({figure} * 0.92, 2)",
            "main_business_revenue": f"round({figure} * 0.85, 2)",
            "total_profit": f"round({figure} * 0.05, 2)",
            "tax": f"round({figure} * 0.03, 2)",
            "rd_expense": f"round({figure} * 0.02, 2)",
            "export_delivery_value": f"round({figure} * 0.1, 2)",
            "electricity": f"round({figure} * 0.02, 2)",
            "employees": "20 + mod(e.id, 500)",
        },
    )
    tiers = {tier.code: tier.pk for tier in Tier.objects.all()}
    for code, every, status in (("innovative_sme", 20, "recognised"), ("srdi_sme", 100, "recognised"), ("little_giant", 1000, "recognised"), ("above_scale_candidate", 10, "candidate")):
        recognised = "DATE '2024-06-30'" if status == "recognised" else "NULL"
        insert_select(
            PoolEntry,
            f"{Enterprise._meta.db_table} e WHERE mod(e.id, {every}) = 3",
            {"enterprise_id": "e.id", "tier_id": str(tiers[code]), "status": f"'{status}'", "entered_on": "DATE '2024-01-10'", "recognised_on": recognised, "applied_on": recognised, "valid_until": "DATE '2027-06-29'" if status == "recognised" else "NULL"},
        )
    for code in tiers:
        Target.objects.update_or_create(year=2025, tier_id=tiers[code], county=None, zone=None, defaults={"count": 1000})
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    summary_started = time.perf_counter()
    rows = rebuild()
    return {"seconds": round(seconds, 1), "summary_seconds": round(time.perf_counter() - summary_started, 1), "summary_rows": rows}


def _plain_static_files():
    """The pages are timed, not their static files: plain names need no manifest from collectstatic."""
    from django.conf import settings
    from django.test.utils import override_settings

    return override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}})


def time_pages(runs, names=None):
    with _plain_static_files():
        return _time_pages(runs, names)


def _time_pages(runs, names):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client()
    results = {}
    for name, url in PAGES.items():
        if names is not None and name not in names:
            continue
        response = client.get(url)  # warm-up: caches, plans
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        results[name] = {"url": url, "median_ms": round(statistics.median(timings), 1), "min_ms": round(min(timings), 1), "max_ms": round(max(timings), 1), "queries": len(captured)}
    return {"pages": results, "runs": runs}


def time_statistics(runs):
    """The dashboard with the monthly tables' planner statistics forgotten (as after a bulk write that autovacuum has
    not reached, or where it is off), then after the ANALYZE that imports and the rebuild run (summary.analyse)."""
    from django.db import connection

    from cultivation.models import MonthlyAreaTotal, MonthlyReport, MonthlySummary
    from cultivation.monitoring.summary import analyse

    tables = [model._meta.db_table for model in (MonthlyReport, MonthlySummary, MonthlyAreaTotal)]
    with connection.cursor() as cursor:
        # Superuser only (the bench's server): what a table never analysed looks like to the planner.
        cursor.execute("DELETE FROM pg_statistic WHERE starelid = ANY(%s::regclass[])", [tables])
        cursor.execute("UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE oid = ANY(%s::regclass[])", [tables])
    with _plain_static_files():
        without = _median_ms(PAGES["dashboard"], runs)
        analyse(MonthlyReport, MonthlySummary, MonthlyAreaTotal)
        return {"without": without, "with": _median_ms(PAGES["dashboard"], runs)}


def _client():
    """A test client signed in as the bench's superuser."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get_or_create(username="bench", defaults={"is_staff": True, "is_superuser": True})[0])
    return client


def _median_ms(url, runs):
    client = _client()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)
