"""Eligibility bench: 10,000 firms with three years of profiles, evaluated against every rule set on PostgreSQL.

`run(results_dir)` creates its own database (registry_bench_eligibility), fills it in a child process
with Django pointed at it, measures, writes `eligibility.json` and drops the database. The timed part
is the selector end to end: loading Facts from the database and evaluating every firm.

    python -m bench.measure_eligibility            # writes bench/results/eligibility.json
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "registry_bench_eligibility"
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
FIRMS = 10_000
RUNS = 5
LIMIT_SECONDS = 5.0
RESULT_FILE = "eligibility.json"


def run(results_dir=ROOT / "bench" / "results"):
    """Create the bench database, measure in a child process, drop the database; returns the result dict."""
    results_dir = Path(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    _recreate_database()
    try:
        env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "config.settings", "DB_CONN_MAX_AGE": "0"}
        subprocess.run([sys.executable, "-m", "bench.measure_eligibility", "--child", str(results_dir)], cwd=ROOT, env=env, check=True)
    finally:
        _drop_database()
    return json.loads((results_dir / RESULT_FILE).read_text(encoding="utf-8"))


def _database_url():
    return SERVER.rsplit("/", 1)[0] + "/" + DATABASE


def _server_connection():
    import psycopg

    return psycopg.connect(SERVER, autocommit=True)


def _recreate_database():
    _drop_database()
    with _server_connection() as connection:
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def _drop_database():
    with _server_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def _child(results_dir):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    counts = _build()
    result = {**counts, **_measure()}
    path = Path(results_dir) / RESULT_FILE
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"eligibility: {result['firms']} firms × {len(result['rule_sets'])} rule sets in {result['all_rule_sets_seconds']['median']:.2f} s (median of {RUNS}) → {path}")


EVALUATION_DATE = (2026, 6, 1)


def _build():
    """Firms, three years of profiles, titles and provincial scores, in bulk and deterministically."""
    import datetime
    import random

    from django.db import transaction

    from cultivation.eligibility.demo import profiles_for
    from cultivation.models import AnnualProfile, PoolEntry, ProvincialIndicator, ProvincialScore, Tier
    from registry.models import Enterprise
    from registry.uscc import make_uscc

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
        indicator = ProvincialIndicator.objects.get(code="zhejiang_distinctive")
        current = {profile.enterprise_id: profile for profile in profiles if profile.year == on.year - 1}
        ProvincialScore.objects.bulk_create(
            [ProvincialScore(profile=current[firm.pk], indicator=indicator, points=value) for firm, value in zip(firms, points) if value is not None and firm.pk in current],
            batch_size=5000,
        )
    with _server_cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"firms": len(firms), "profiles": len(profiles), "titles": len(entries)}


def _server_cursor():
    from django.db import connection

    return connection.cursor()


def _timed(function):
    runs = []
    value = None
    for _ in range(RUNS):
        started = time.perf_counter()
        value = function()
        runs.append(round(time.perf_counter() - started, 3))
    return {"median": statistics.median(runs), "best": min(runs), "runs": runs}, value


def _measure():
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cultivation.eligibility.facts import facts_by_firm
    from cultivation.eligibility.selectors import evaluate_every_rule_set, evaluate_firms
    from cultivation.rules import RULES

    on = datetime.date(*EVALUATION_DATE)
    evaluate_every_rule_set(on=on)  # warm-up: connection, imports, caches
    with CaptureQueriesContext(connection) as queries:
        evaluate_every_rule_set(on=on)
    all_rule_sets, evaluations = _timed(lambda: evaluate_every_rule_set(on=on))
    by_date, _ = _timed(lambda: evaluate_firms(on=on))
    load, _ = _timed(lambda: facts_by_firm(on=on))
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
        "within_limit": all_rule_sets["median"] < LIMIT_SECONDS,
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2])
    else:
        print(json.dumps(run(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench" / "results"), ensure_ascii=False, indent=2))
