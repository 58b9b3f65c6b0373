"""Eligibility: 10,000 firms with three years of profiles, evaluated against every rule set on PostgreSQL.

The data go into their own database (registry_bench_eligibility), rebuilt on every run because
building takes seconds. The timed part is the selector end to end: loading the facts from the
database and evaluating every firm against every rule set.
"""

import statistics
import time

from .context import postgres_available, recreate_postgres_database
from .measurements import measurement

DATABASE = "registry_bench_eligibility"
FIRMS = 10_000
RUNS = 5
LIMIT_SECONDS = 5.0


@measurement("eligibility", "条件测评 / eligibility of 10,000 firms against every rule set (PostgreSQL)")
def run(context):
    if not postgres_available():
        return {"skipped": "PostgreSQL 不可用", "summary": [("eligibility", "skipped: no PostgreSQL", "", None)]}
    recreate_postgres_database(DATABASE)
    url = context.postgres_url(DATABASE)
    counts = context.run("bench.eligibility:build", url)
    result = {**counts, **context.run("bench.eligibility:measure", url, runs=2 if context.quick else RUNS)}
    seconds = result["all_rule_sets_seconds"]["median"]
    result["summary"] = [
        (f"{result['firms']:,} firms × {len(result['rule_sets'])} rule sets (median s)", f"{seconds:.2f}", f"< {LIMIT_SECONDS:.0f}", seconds < LIMIT_SECONDS),
        ("loading the facts only (median s)", f"{result['load_seconds']['median']:.2f}", "", None),
        ("queries for one full evaluation", str(result["queries"]), "", None),
    ]
    return result


EVALUATION_DATE = (2026, 6, 1)


def build():
    """Firms, three years of profiles, titles and provincial scores, in bulk and deterministically."""
    import datetime
    import random

    from django.core.management import call_command
    from django.db import connection, transaction

    from cultivation.eligibility.demo import profiles_for, seed_provincial_scores
    from cultivation.models import AnnualProfile, PoolEntry, Tier
    from registry.models import Enterprise
    from registry.uscc import make_uscc

    call_command("migrate", verbosity=0)
    rng = random.Random(5428)
    on = datetime.date(*EVALUATION_DATE)
    counties = ("330902", "330903", "330921", "330922")
    shapes = ("innovative_ready", "weak_rd", "high_debt", "srdi_ready", "srdi_low_main", "giant_ready", "giant_few_ip", "near_scale", "billion_champion", "large_below_billion", "incomplete", "current_only", "zero_revenue")
    with transaction.atomic():
        Enterprise.objects.bulk_create(
            [Enterprise(uscc=make_uscc(f"91{counties[i % 4]}B{i:08d}"), name=f"测评基准企业{i:05d}有限公司", county_id=counties[i % 4], industry_id="3731", niche_entry_year=2008 + i % 17) for i in range(FIRMS)],
            batch_size=2000,
        )
        firms = list(Enterprise.objects.order_by("pk"))
        tiers = {tier.code: tier for tier in Tier.objects.all()}
        entries, profiles, points = [], [], []
        for index, firm in enumerate(firms):
            rows, provincial = profiles_for(rng, firm, shapes[index % len(shapes)], on.year - 1)
            profiles.extend(rows)
            points.append(provincial)
            for code, every in (("innovative_sme", 3), ("srdi_sme", 9), ("little_giant", 27)):
                if index % every == 0:
                    recognised = datetime.date(2024, 6, 20)
                    entries.append(PoolEntry(enterprise=firm, tier=tiers[code], status="recognised", entered_on=recognised, applied_on=recognised, recognised_on=recognised, valid_until=datetime.date(2027, 6, 19)))
        PoolEntry.objects.bulk_create(entries, batch_size=5000)
        AnnualProfile.objects.bulk_create(profiles, batch_size=5000)
        seed_provincial_scores(profiles, firms, points, on.year - 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"firms": len(firms), "profiles": len(profiles), "titles": len(entries)}


def _timed(function, runs):
    seconds = []
    value = None
    for _ in range(runs):
        started = time.perf_counter()
        value = function()
        seconds.append(round(time.perf_counter() - started, 3))
    return {"median": statistics.median(seconds), "best": min(seconds), "runs": seconds}, value


def measure(runs=RUNS):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cultivation.eligibility.firm_facts import facts_by_firm
    from cultivation.eligibility.selectors import evaluate_every_rule_set, evaluate_firms
    from cultivation.rules import RULES

    on = datetime.date(*EVALUATION_DATE)
    evaluate_every_rule_set(on=on)  # warm-up: connection, imports, caches
    with CaptureQueriesContext(connection) as queries:
        evaluate_every_rule_set(on=on)
    all_rule_sets, evaluations = _timed(lambda: evaluate_every_rule_set(on=on), runs)
    by_date, _ = _timed(lambda: evaluate_firms(on=on), runs)
    load, _ = _timed(lambda: facts_by_firm(on=on), runs)
    eligible = {key: sum(1 for row in evaluations.values() if row[key].eligible) for key in RULES}
    return {
        "benchmark": "eligibility",
        "database": connection.vendor,
        "evaluation_date": on.isoformat(),
        "rule_sets": list(RULES),
        "evaluations": sum(len(row) for row in evaluations.values()),
        "queries": len(queries),
        "all_rule_sets_seconds": all_rule_sets,
        "tiers_by_date_seconds": by_date,
        "load_seconds": load,
        "eligible": eligible,
        "limit_seconds": LIMIT_SECONDS,
    }
