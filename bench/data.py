"""Deterministic bench data: firms, and a monthly xlsx of 10,000 firms × 12 months, cached under bench/data/."""

import datetime
import random
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTIES = ("330902", "330903", "330921", "330922")
YEAR = 2025
HEADERS = ("统一社会信用代码", "企业名称", "统计期", "工业总产值（万元）", "营业收入（万元）", "主营业务收入（万元）", "利润总额（万元）", "税收（万元）", "研发费用（万元）", "出口交货值（万元）", "用电量（万千瓦时）", "从业人员（人）")


def firm_uscc(index):
    from registry.uscc import make_uscc

    return make_uscc(f"91{COUNTIES[index % len(COUNTIES)]}{index:09d}")


def firm_name(index):
    return f"基准测试企业{index:06d}有限公司"


def monthly_rows(firms, months, seed=5428, year=YEAR):
    """One row per firm and month: plausible figures in 万元, two decimals."""
    from registry.sheets.values import Month

    rng = random.Random(seed)
    for index in range(firms):
        scale = rng.uniform(50, 5000)
        uscc, name = firm_uscc(index), firm_name(index)
        for month in range(1, months + 1):
            output = round(scale * rng.uniform(0.8, 1.2), 2)
            revenue = round(output * rng.uniform(0.85, 1.05), 2)
            yield (
                uscc, name, Month(year, month, 1), output, revenue, round(revenue * 0.9, 2), round(revenue * rng.uniform(-0.02, 0.1), 2),
                round(revenue * 0.04, 2), round(revenue * 0.03, 2), round(output * rng.uniform(0, 0.3), 2), round(output * 0.02, 2), rng.randint(20, 800),
            )


def monthly_file(firms=10_000, months=12, *, suffix="", year=YEAR):
    """Path of the xlsx of `months` months of `year` from January (written once, then reused); another year is
    what a bureau imports next, onto the year it holds (its figures drawn afresh)."""
    from registry.sheets.formats import write_xlsx

    DATA_DIR.mkdir(exist_ok=True)
    path = DATA_DIR / f"monthly_{firms}x{months}{suffix}{'' if year == YEAR else f'_{year}'}.xlsx"
    if not path.exists():
        rows = monthly_rows(firms, months) if year == YEAR else monthly_rows(firms, months, seed=5428 + year - YEAR, year=year)
        path.write_bytes(write_xlsx(HEADERS, rows, title="月度数据"))
    return path


def create_firms(count):
    """`count` firms in one bulk insert (the benchmark measures the monthly import, not firm creation)."""
    from registry.models import Enterprise

    now = datetime.datetime.now(datetime.timezone.utc)
    firms = [Enterprise(uscc=firm_uscc(i), name=firm_name(i), county_id=COUNTIES[i % len(COUNTIES)], industry_id="3731", created_at=now, updated_at=now) for i in range(count)]
    Enterprise.objects.bulk_create(firms, batch_size=5000)
