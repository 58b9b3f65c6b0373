"""Figures and ratios read from Facts, each with the reasons it may be missing.

Every reader returns `(value, why)`: value is None when it cannot be known and
`why` then holds the Chinese sentences saying which data is missing.
"""

from decimal import Decimal

from .wording import FIELD_LABELS, missing_field, missing_year, plain_number

HUNDRED = Decimal(100)
NOTHING_MISSING = ()
_SLOT_OFFSETS = {"current": 0, "prior": 1, "prior2": 2}


def year_of(facts, slot) -> int:
    return facts.base_year - _SLOT_OFFSETS[slot]


def figure(facts, slot, field):
    """One reported figure of one year slot ("current", "prior", "prior2")."""
    figures = getattr(facts, slot)
    if figures is None:
        return None, (missing_year(year_of(facts, slot)),)
    value = getattr(figures, field)
    if value is None:
        return None, (missing_field(figures.year, field),)
    return value, NOTHING_MISSING


def ratio(facts, slot, numerator, denominator, label):
    """numerator / denominator in percent; a zero or negative denominator is missing data."""
    figures = getattr(facts, slot)
    if figures is not None:
        num = getattr(figures, numerator)
        den = getattr(figures, denominator)
        if num is not None and den is not None and den > 0:
            return HUNDRED * num / den, NOTHING_MISSING
    return None, _why_no_ratio(facts, slot, numerator, denominator, label)


def rd_share(facts, slot="current"):
    return ratio(facts, slot, "rd_expense", "revenue", "研发费用占营业收入比重")


def main_business_share(facts):
    return ratio(facts, "current", "main_business_revenue", "revenue", "主营业务收入占营业收入比重")


def debt_ratio(facts):
    return ratio(facts, "current", "total_liabilities", "total_assets", "资产负债率")


def net_profit_margin(facts):
    return ratio(facts, "current", "net_profit", "revenue", "净利润率")


def rd_staff_share(facts):
    return ratio(facts, "current", "rd_staff", "employees", "研发人员占比")


def growth(facts, later, earlier, field, label):
    """Year-on-year growth in percent from slot `earlier` to slot `later`."""
    new, why_new = figure(facts, later, field)
    old, why_old = figure(facts, earlier, field)
    if old is not None and old <= 0:
        return None, why_new + (_unusable(year_of(facts, earlier), field, old, label),)
    if new is None or old is None:
        return None, why_new + why_old
    return HUNDRED * (new - old) / old, NOTHING_MISSING


def main_business_growth(facts):
    """Last year's main-business revenue growth."""
    return growth(facts, "current", "prior", "main_business_revenue", "主营业务收入增长率")


def average_main_business_growth(facts):
    """Mean of the last two yearly growth rates (current vs prior, prior vs prior2)."""
    label = "主营业务收入增长率"
    last, why_last = growth(facts, "current", "prior", "main_business_revenue", label)
    before, why_before = growth(facts, "prior", "prior2", "main_business_revenue", label)
    if last is None or before is None:
        return None, why_last + why_before
    return (last + before) / 2, NOTHING_MISSING


def revenue_cagr(facts):
    """Compound annual revenue growth over the two years from prior2 to current, in percent."""
    new, why_new = figure(facts, "current", "revenue")
    old, why_old = figure(facts, "prior2", "revenue")
    if old is not None and old <= 0:
        return None, why_new + (_unusable(year_of(facts, "prior2"), "revenue", old, "营业收入年均复合增长率"),)
    if new is None or old is None:
        return None, why_new + why_old
    multiple = new / old
    if multiple <= 0:
        return -HUNDRED, NOTHING_MISSING
    return HUNDRED * (multiple.sqrt() - 1), NOTHING_MISSING


def two_year_total(facts, field):
    """current + prior of one figure."""
    last, why_last = figure(facts, "current", field)
    before, why_before = figure(facts, "prior", field)
    if last is None or before is None:
        return None, why_last + why_before
    return last + before, NOTHING_MISSING


def three_year_total(facts, field):
    total, why = two_year_total(facts, field)
    oldest, why_oldest = figure(facts, "prior2", field)
    if total is None or oldest is None:
        return None, why + why_oldest
    return total + oldest, NOTHING_MISSING


def years_in_niche(facts):
    """Whole calendar years between entering the niche and `as_of` (as_of.year - entry year)."""
    if facts.niche_entry_year is None:
        return None, ("缺少进入细分市场年份",)
    return facts.as_of.year - facts.niche_entry_year, NOTHING_MISSING


def _why_no_ratio(facts, slot, numerator, denominator, label):
    num, why_num = figure(facts, slot, numerator)
    den, why_den = figure(facts, slot, denominator)
    if den is not None and den <= 0:
        return why_num + (_unusable(year_of(facts, slot), denominator, den, label),)
    return why_num + why_den


def _unusable(year, field, value, label):
    return f"{year}年{FIELD_LABELS[field]}为{plain_number(value)}，无法计算{label}"
