"""The stored monthly summary always equals a fresh computation from the monthly rows, whatever writes came before."""

import datetime
import random
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from cultivation.models import MonthlyAreaTotal, MonthlyReport, MonthlySummary
from cultivation.models.monitoring import filled
from cultivation.monitoring.figures import ALL_FIGURES, COUNTED_FIGURES, LATEST_FIGURES, SUMMED_FIGURES, bounds, stored
from cultivation.monitoring.importer import import_monthly
from cultivation.monitoring.periods import Windows, months_from, shift_months
from cultivation.monitoring.services import monthly_report_save, monthly_reports_delete
from cultivation.monitoring.summary import affected_periods
from registry.models import Enterprise, Zone
from registry.services import enterprise_update
from tests.factories import make_enterprise, make_monthly_report, make_user, monthly_xlsx

D = datetime.date
TODAY = D(2026, 11, 30)
PERIODS = months_from(D(2023, 1, 1), D(2025, 6, 1))
FIGURES = ("output_value", "revenue", "main_business_revenue")
# SQLite sums decimals as floats; PostgreSQL exactly.
TOLERANCE = Decimal("0.001")
COUNTIES = ("330902", "330903", "330921", "330922")


def fresh_summary():
    """(firm id, period) → figures, computed in Python from every monthly row and the window definitions."""
    reports = {}
    for row in MonthlyReport.objects.values("enterprise_id", "period", "total_profit", *FIGURES):
        reports.setdefault(row["enterprise_id"], []).append(row)
    # No period after the latest report of any firm.
    horizon = max((row["period"] for rows in reports.values() for row in rows), default=None)
    expected = {}
    for firm, rows in reports.items():
        for period in {target for row in rows for target in affected_periods(row["period"]) if target <= horizon}:
            windows = Windows(period)
            figures = {}
            for name, (field, window) in SUMMED_FIGURES.items():
                first, last = bounds(windows, window)
                values = [row[field] for row in rows if first <= row["period"] <= last and row[field] is not None]
                figures[name] = sum(values, Decimal(0)) if values else None
            for name, window in COUNTED_FIGURES.items():
                first, last = bounds(windows, window)
                figures[name] = sum(1 for row in rows if first <= row["period"] <= last)
            for name, window in LATEST_FIGURES.items():
                first, last = bounds(windows, window)
                figures[name] = max((row["period"] for row in rows if first <= row["period"] <= last), default=None)
            expected[(firm, period)] = figures
    return expected


def stored_summary():
    fields = [stored(name) for name in ALL_FIGURES]
    return {(row["enterprise_id"], row["period"]): {name: row[stored(name)] for name in ALL_FIGURES} for row in MonthlySummary.objects.values("enterprise_id", "period", *fields)}


def assert_summary_is_fresh(context):
    expected, stored = fresh_summary(), stored_summary()
    assert_area_totals_are_fresh(context, expected)
    assert set(stored) == set(expected), f"{context}: rows missing {sorted(set(expected) - set(stored))[:5]}, extra {sorted(set(stored) - set(expected))[:5]}"
    for key, figures in expected.items():
        for name, value in figures.items():
            held = stored[key][name]
            if value is None or held is None or name in LATEST_FIGURES:
                assert held == value, f"{context}: {key} {name} stored {held}, expected {value}"
            else:
                assert abs(Decimal(held) - value) <= TOLERANCE, f"{context}: {key} {name} stored {held}, expected {value}"


def fresh_area_totals(expected):
    """(period, county, zone id or 0) → firms and each figure's sum and count, from the fresh summary and the firms' areas now."""
    areas = dict((pk, (county, zone or 0)) for pk, county, zone in Enterprise.objects.values_list("pk", "county_id", "zone_id"))
    totals = {}
    for (firm, period), figures in expected.items():
        total = totals.setdefault((period, *areas[firm]), {"firms": 0, **{name: 0 for name in SUMMED_FIGURES}, **{filled(name): 0 for name in SUMMED_FIGURES}, **{name: 0 for name in COUNTED_FIGURES}})
        total["firms"] += 1
        for name in SUMMED_FIGURES:
            if figures[name] is not None:
                total[name] += figures[name]
                total[filled(name)] += 1
        for name in COUNTED_FIGURES:
            total[name] += figures[name]
    return totals


def stored_area_totals():
    names = ["firms", *(stored(name) for name in SUMMED_FIGURES), *(filled(name) for name in SUMMED_FIGURES), *(stored(name) for name in COUNTED_FIGURES)]
    return {
        (row["period"], row["county_id"], row["zone_id"]): {name.removeprefix("stored_"): row[name] for name in names}
        for row in MonthlyAreaTotal.objects.values("period", "county_id", "zone_id", *names)
    }


def assert_area_totals_are_fresh(context, expected):
    fresh, held = fresh_area_totals(expected), stored_area_totals()
    assert set(held) == set(fresh), f"{context}: area totals missing {sorted(set(fresh) - set(held))[:5]}, extra {sorted(set(held) - set(fresh))[:5]}"
    for key, figures in fresh.items():
        for name, value in figures.items():
            assert abs(Decimal(held[key][name]) - value) <= TOLERANCE, f"{context}: area {key} {name} stored {held[key][name]}, expected {value}"


def money(rng):
    return None if rng.random() < 0.1 else Decimal(rng.randint(0, 500_000)) / 100


def random_import(rng, firms):
    chosen_firms = rng.sample(firms, rng.randint(1, len(firms)))
    chosen_periods = rng.sample(PERIODS, rng.randint(1, 6))
    rows = []
    for firm in chosen_firms:
        for period in chosen_periods:
            if rng.random() < 0.8:
                figures = [money(rng) for _ in FIGURES]
                rows.append((firm.uscc, firm.name, period.strftime("%Y-%m"), *(float(value) if value is not None else None for value in figures), rng.randint(1, 500)))
    if not rows:
        return "empty import"
    outcome = import_monthly(content=monthly_xlsx(rows), file_name="m.xlsx", today=TODAY)
    assert outcome.ok, outcome.errors[:3]
    return f"import of {len(rows)} rows"


def random_edit(rng, firms):
    reports = list(MonthlyReport.objects.all())
    if not reports:
        return "no edit"
    report = rng.choice(reports)
    for field in FIGURES:
        setattr(report, field, money(rng))
    if rng.random() < 0.3:
        taken = set(MonthlyReport.objects.values_list("enterprise_id", "period"))
        free = [(firm.pk, period) for firm in firms for period in PERIODS if (firm.pk, period) not in taken]
        report.enterprise_id, report.period = rng.choice(free)
    monthly_report_save(report=report, acting_user=None)
    return f"edit of report {report.pk}"


def random_add(rng, firms):
    taken = set(MonthlyReport.objects.values_list("enterprise_id", "period"))
    firm_id, period = rng.choice([(firm.pk, period) for firm in firms for period in PERIODS if (firm.pk, period) not in taken])
    monthly_report_save(report=MonthlyReport(enterprise_id=firm_id, period=period, **{field: money(rng) for field in FIGURES}), acting_user=None)
    return f"add {firm_id} {period}"


def random_delete(rng, firms):
    ids = list(MonthlyReport.objects.values_list("pk", flat=True))
    chosen = rng.sample(ids, min(len(ids), rng.randint(1, 8)))
    monthly_reports_delete(reports=MonthlyReport.objects.filter(pk__in=chosen), acting_user=None)
    return f"delete of {len(chosen)} reports"


def random_move(rng, firms):
    """A firm changes county or functional zone through the firm service, as the firm page and the firm import do."""
    firm = rng.choice(firms)
    zone = rng.choice([None, *Zone.objects.all()])
    county = zone.county_id if zone is not None and zone.county_id else rng.choice(COUNTIES)
    acting_user = User.objects.filter(username="mover").first() or make_user("mover", superuser=True)
    enterprise_update(enterprise=firm, acting_user=acting_user, county_id=county, zone=zone)
    return f"move of firm {firm.pk} to {county} {zone}"


OPERATIONS = (random_import, random_import, random_edit, random_add, random_delete, random_move)


@pytest.mark.django_db
class MonthlySummaryTests:
    @pytest.mark.parametrize("seed", range(12))
    def test_random_imports_edits_and_deletes_keep_it_fresh(self, seed):
        rng = random.Random(seed)
        firms = [make_enterprise() for _ in range(rng.randint(2, 5))]
        for step in range(8):
            operation = rng.choice(OPERATIONS)
            done = operation(rng, firms)
            assert_summary_is_fresh(f"seed {seed}, step {step}: {done}")

    def test_a_report_counts_until_december_of_the_next_year(self):
        periods = affected_periods(D(2024, 3, 1))
        assert periods[0] == D(2024, 3, 1) and periods[-1] == D(2025, 12, 1) and len(periods) == 22

    def test_the_rebuild_gives_the_same_rows(self):
        firm = make_enterprise()
        for period in ("2024-01", "2024-07", "2025-02"):
            make_monthly_report(firm, period, output_value=100, revenue=80)
        kept = stored_summary()
        MonthlySummary.objects.all().delete()
        call_command("rebuild_monthly_summary", verbosity=0)
        assert stored_summary() == kept
        assert_summary_is_fresh("rebuild")
        # From the first report to the latest: the summary runs no further than the reports.
        assert len(kept) == len(months_from(D(2024, 1, 1), D(2025, 2, 1)))

    def test_a_deleted_firm_month_leaves_no_row_behind(self):
        report = make_monthly_report(make_enterprise(), "2024-05", output_value=10)
        make_monthly_report(make_enterprise(), "2024-09", output_value=10)
        assert MonthlySummary.objects.filter(enterprise=report.enterprise).count() == 5  # May to September
        monthly_reports_delete(reports=[report], acting_user=None)
        assert not MonthlySummary.objects.filter(enterprise=report.enterprise).exists()

    def test_a_new_latest_month_gives_every_firm_that_reported_before_its_row(self):
        lapsed, current = make_enterprise(), make_enterprise()
        make_monthly_report(lapsed, "2024-05", output_value=10)
        make_monthly_report(current, "2024-07", output_value=10)
        row = MonthlySummary.objects.get(enterprise=lapsed, period=D(2024, 7, 1))
        assert (row.stored_reported_in_period, row.stored_reported_before_period, row.stored_latest_period) == (0, 1, D(2024, 5, 1))
        monthly_reports_delete(reports=list(current.monthly_reports.all()), acting_user=None)
        assert not MonthlySummary.objects.filter(period__gt=D(2024, 5, 1)).exists()

    def test_a_report_moved_to_another_month_moves_its_figures(self):
        report = make_monthly_report(make_enterprise(), "2024-05", output_value=10)
        report.period = shift_months(report.period, 3)
        monthly_report_save(report=report, acting_user=None)
        assert not MonthlySummary.objects.filter(period=D(2024, 5, 1)).exists()
        assert MonthlySummary.objects.get(period=D(2024, 8, 1)).stored_month_output == 10
        assert_summary_is_fresh("moved")


@pytest.mark.django_db
class PlannerStatisticsTests:
    def test_a_large_import_refreshes_the_statistics_and_a_small_one_does_not(self):
        from django.db import connection

        from cultivation.monitoring.summary import large_write

        if connection.vendor != "postgresql":
            pytest.skip("statistics are PostgreSQL's")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {MonthlyReport._meta.db_table}")  # statistics of this test's empty table, not those an earlier test left
        firms = [make_enterprise() for _ in range(3)]
        rows = [(firm.uscc, firm.name, f"2024-{month:02d}", 10.0, 8.0, 7.0, 5) for firm in firms for month in range(1, 13)]
        assert import_monthly(content=monthly_xlsx(rows), file_name="m.xlsx", today=TODAY).ok
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [MonthlyReport._meta.db_table])
            assert cursor.fetchone()[0] == 36  # analysed inside the import: the planner knows the rows are there
        assert large_write(36) is True
        assert large_write(3) is False
