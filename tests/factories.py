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
