"""Small factories: each test builds the data it needs."""

import itertools

from django.contrib.auth import get_user_model

from registry.models import Enterprise
from registry.uscc import make_uscc

_serial = itertools.count(1)


def next_uscc(county="330902"):
    return make_uscc(f"91{county}{next(_serial):09d}")


def make_enterprise(**overrides):
    county = overrides.pop("county_id", "330902")
    chains = overrides.pop("chains", ())
    values = {
        "uscc": next_uscc(county),
        "name": f"测试企业{next(_serial)}有限公司",
        "county_id": county,
        "industry_id": "3731",
    }
    values.update(overrides)
    firm = Enterprise.objects.create(**values)
    if chains:
        firm.chains.set(chains)
    return firm


def make_user(username="staff", *, superuser=False, perms=(), **extra):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-5428", is_staff=True, is_superuser=superuser, **extra)
    if perms:
        from django.contrib.auth.models import Permission

        for perm in perms:
            app_label, codename = perm.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def tier(code):
    from cultivation.models import Tier

    return Tier.objects.get(code=code)


def make_entry(enterprise=None, tier_code="innovative_sme", *, status="candidate", entered_on=None, applied_on=None, recognised_on=None, valid_until=None, **extra):
    """A pool entry in any status, written directly (tests of the services build through the services)."""
    import datetime

    from cultivation.ladder.services import default_valid_until
    from cultivation.models import PoolEntry

    enterprise = enterprise or make_enterprise()
    the_tier = tier(tier_code)
    entered_on = entered_on or min(datetime.date(2024, 1, 10), recognised_on or datetime.date.max)
    if status in ("applied", "recognised", "rejected", "expired") and applied_on is None:
        applied_on = recognised_on or entered_on
    if status in ("recognised", "expired") and recognised_on is None:
        recognised_on = applied_on
    if recognised_on and valid_until is None:
        valid_until = default_valid_until(the_tier, recognised_on)
    return PoolEntry.objects.create(
        enterprise=enterprise, tier=the_tier, status=status, entered_on=entered_on, applied_on=applied_on, recognised_on=recognised_on, valid_until=valid_until, **extra
    )


def make_monthly_report(enterprise=None, period="2024-01", **figures):
    """One firm's figures for one month; `period` as "YYYY-MM" or a date."""
    import datetime

    from cultivation.models import MonthlyReport

    if isinstance(period, str):
        year, month = period.split("-")
        period = datetime.date(int(year), int(month), 1)
    return MonthlyReport.objects.create(enterprise=enterprise or make_enterprise(), period=period, **figures)


MONTHLY_HEADERS = ("统一社会信用代码", "企业名称", "统计期", "工业总产值（万元）", "营业收入（万元）", "主营业务收入（万元）", "从业人员（人）")


def monthly_xlsx(rows, headers=MONTHLY_HEADERS):
    """An xlsx (bytes) written as staff's files are: real number cells, text and date cells as given."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_annual_profile(enterprise=None, year=2025, **figures):
    """One firm's figures for one year (money in 万元); only the figures given are filled."""
    from cultivation.models import AnnualProfile

    return AnnualProfile.objects.create(enterprise=enterprise or make_enterprise(), year=year, **figures)


def innovative_figures(**overrides):
    """Figures that score 80 under the 2022 innovative-SME rules (IP 10, R&D 15, growth 15, debt 10, catalogue 10, share 20)."""
    from decimal import Decimal

    values = {
        "revenue": Decimal(1000), "main_business_revenue": Decimal(800), "net_profit": Decimal(60), "total_assets": Decimal(2000),
        "total_liabilities": Decimal(1000), "rd_expense": Decimal(45), "employees": 120, "rd_staff": 15, "ip_class1_count": 1,
        "ip_class1_high_value_count": 0, "ip_class1_self_developed_count": 0, "ip_class2_count": 2, "strategic_emerging_product": True,
        "rd_institution_level": "none", "award_level": "none", "high_tech_title": False, "equity_financing_3y": Decimal(0),
    }
    values.update(overrides)
    return values


def make_profile_years(enterprise, base_year=2025, growth="1.12", **overrides):
    """Three consecutive profiles ending in `base_year`; revenue figures grow by `growth` a year."""
    from decimal import Decimal

    current = innovative_figures(**overrides)
    profiles = []
    for back in (2, 1, 0):
        divisor = Decimal(growth) ** back
        figures = dict(current)
        for name in ("revenue", "main_business_revenue"):
            if figures.get(name) is not None:
                figures[name] = (figures[name] / divisor).quantize(Decimal("0.0001"))
        profiles.append(make_annual_profile(enterprise, base_year - back, **figures))
    return profiles
