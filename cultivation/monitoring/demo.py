"""Two years of demo monthly reports, so every watch list and chart has something to show."""

from decimal import Decimal

from django.db import transaction

from registry.models import ImportRecord

from ..models import MonthlyReport, PoolEntry
from ..models.ladder import OPEN_STATUSES
from ..models.monitoring import MONTHLY_FIGURES
from .periods import month_start, shift_months
from .summary import refresh_bulk_write
from .watchlists import ABOVE_SCALE_CANDIDATE_TIER

MONTHS = 24
CENTS = Decimal("0.01")
# Monthly output (万元) by size class: large firms land on the 5亿 list, some over 10亿 a year.
OUTPUT_RANGE = {"large": (5000, 16000), "medium": (600, 3000), "small": (120, 450), "micro": (20, 120)}
STAFF_RANGE = {"large": (800, 3000), "medium": (150, 800), "small": (30, 150), "micro": (5, 30)}
SEASON = {1: 0.95, 2: 0.75, 12: 1.1}  # the Spring Festival dip and the year-end push
DEMO_SOURCE = "演示数据（seed_demo 生成）"


def yearly_growth(rng):
    """Year-on-year trend of one firm: most grow, about one in five is declining."""
    roll = rng.random()
    if roll < 0.2:
        return rng.uniform(-0.25, -0.05)
    if roll < 0.3:
        return rng.uniform(-0.08, 0.0)
    return rng.uniform(0.0, 0.15)


def firm_plan(rng, firm, candidate):
    """Base monthly output and main-business share; candidates hover around the 2,000 万元 line."""
    size = firm.size_class or "small"
    output = rng.uniform(*OUTPUT_RANGE[size])
    main_share = rng.uniform(0.85, 0.98)
    line = 2000 / 12 / 0.92 / main_share  # monthly output whose main-business revenue makes 2,000 万元 a year
    if candidate:
        output = line * rng.uniform(0.75, 1.3)  # about half of the candidates have crossed the line
    elif firm.is_above_scale and size in ("small", "micro"):
        output = line * (rng.uniform(0.6, 0.95) if rng.random() < 0.2 else rng.uniform(1.1, 2.5))  # a few at 降规 risk
    return output, main_share, yearly_growth(rng)


def month_figures(rng, firm, base, main_share, growth, months_ago, month):
    output = base * (1 + growth) ** (-months_ago / 12) * SEASON.get(month, 1.0) * rng.uniform(0.95, 1.05)
    revenue = output * rng.uniform(0.88, 0.96)
    staff = STAFF_RANGE[firm.size_class or "small"]
    values = {
        "output_value": output,
        "revenue": revenue,
        "main_business_revenue": revenue * main_share,
        "total_profit": revenue * rng.uniform(-0.03, 0.1),
        "tax": revenue * rng.uniform(0.02, 0.05),
        "rd_expense": revenue * rng.uniform(0.01, 0.05),
        "export_delivery_value": output * rng.uniform(0, 0.3) if rng.random() < 0.4 else 0,
        "electricity": output * rng.uniform(0.01, 0.05),
    }
    figures = {name: Decimal(value).quantize(CENTS) for name, value in values.items()}
    figures["employees"] = rng.randint(*staff)
    return figures


@transaction.atomic
def seed_monthly_reports(rng, firms, today):
    """Reports for the 24 months before `today`'s month; upserted, so running it again changes nothing."""
    latest = shift_months(month_start(today), -1)
    periods = [shift_months(latest, -offset) for offset in range(MONTHS - 1, -1, -1)]
    candidates = set(PoolEntry.objects.filter(enterprise__in=firms, tier__code=ABOVE_SCALE_CANDIDATE_TIER, status__in=OPEN_STATUSES).values_list("enterprise_id", flat=True))
    source, _ = ImportRecord.objects.get_or_create(kind="monthly", file_name=DEMO_SOURCE, defaults={"checksum": "", "notes": "演示数据"})
    reports = []
    for firm in firms:
        reporting = firm.is_above_scale or firm.pk in candidates or rng.random() < 0.5
        base, main_share, growth = firm_plan(rng, firm, firm.pk in candidates)
        skips_latest = rng.random() < 0.04  # a few firms have not filed the latest month yet
        if not reporting:
            continue
        for months_ago, period in zip(range(MONTHS - 1, -1, -1), periods):
            if months_ago == 0 and skips_latest:
                continue
            figures = month_figures(rng, firm, base, main_share, growth, months_ago, period.month)
            reports.append(MonthlyReport(enterprise=firm, period=period, source=source, **figures))
    MonthlyReport.objects.bulk_create(reports, batch_size=2000, update_conflicts=True, unique_fields=["enterprise", "period"], update_fields=[*MONTHLY_FIGURES, "source", "updated_at"])
    refresh_bulk_write(source.pk, periods, written=len(reports))
    source.rows_added = len(reports)
    source.save(update_fields=["rows_added"])
    return len(reports)

