"""Hard conditions and score items that several rule sets share."""

from decimal import Decimal

from .assessment import any_of, at_least, at_most
from .measures import figure, years_in_niche
from .text import TIER_NAMES, missing_field, plain_number

SME_STAFF_LIMIT = 1000
SME_REVENUE_LIMIT = Decimal(40000)
AT_LEAST_PROVINCIAL = frozenset({"national", "provincial"})
LEVEL_NAMES = {"national": "国家级", "provincial": "省级"}


def require_sme(a):
    """SME (工信部联企业〔2011〕300号, industry): fewer than 1000 staff or revenue under 40000 万元."""
    staff, why_staff = figure(a.facts, "current", "employees")
    revenue, why_revenue = figure(a.facts, "current", "revenue")
    outcome = any_of(
        None if staff is None else staff < SME_STAFF_LIMIT,
        None if revenue is None else revenue < SME_REVENUE_LIMIT,
    )
    a.require(
        "sme", "中小企业（从业人员<1000人或营业收入<40000万元）", outcome, staff,
        lambda: f"从业人员 {staff}人且营业收入 {plain_number(revenue)}万元，不属于中小企业",
        why_staff + why_revenue,
    )


def require_title(a, tier_code):
    """The firm must already hold the lower rung validly on as_of."""
    name = TIER_NAMES[tier_code]
    held = tier_code in a.facts.valid_titles
    a.require(f"title_{tier_code}", f"持有有效的{name}称号", held, held, f"未持有有效的{name}称号")


def require_years_in_niche(a, minimum, relaxed_minimum=None, relaxed_field=None, relaxed_label=""):
    """Years in the niche (as_of.year - entry year), with a shorter minimum when `relaxed_field` holds."""
    years, why = years_in_niche(a.facts)
    if years is None:
        outcome = None
    elif years >= minimum:
        outcome = True
    elif relaxed_field is None or years < relaxed_minimum:
        outcome = False
    else:
        outcome, why = flag(a.facts, relaxed_field)
    rule = f"≥{minimum}年"
    unmet = f"从事细分市场 {years}年，少于 {minimum}年"
    if relaxed_field is not None:
        rule += f"，{relaxed_label}≥{relaxed_minimum}年"
        unmet += f"（{relaxed_label}为 {relaxed_minimum}年）"
    a.require("years_in_niche", f"从事细分市场年限（{rule}）", outcome, years, unmet, why)


def flag(facts, field):
    """A yes/no fact of the current year as a three-valued outcome."""
    value, why = figure(facts, "current", field)
    return (None if value is None else bool(value)), why


def award_within(facts, levels, max_rank):
    """Whether the last-3-years award is at one of `levels` with rank ≤ max_rank."""
    level, why = figure(facts, "current", "award_level")
    if level is None:
        return None, why
    if level not in levels:
        return False, ()
    rank, why = figure(facts, "current", "award_rank")
    return at_most(rank, max_rank), why


def award_text(facts):
    current = facts.current
    return f"{LEVEL_NAMES[current.award_level]}科技奖励（第{current.award_rank}名）"


def require_revenue_or_equity(a, revenue_limit, equity_limit):
    """Last-year revenue at or above `revenue_limit`, or 2-year new equity at or above `equity_limit`."""
    revenue, why_revenue = figure(a.facts, "current", "revenue")
    equity, why_equity = figure(a.facts, "current", "equity_financing_2y")
    outcome = any_of(at_least(revenue, revenue_limit), at_least(equity, equity_limit))
    a.require(
        "revenue", f"营业收入（≥{revenue_limit}万元，或近2年新增股权融资≥{equity_limit}万元）", outcome, revenue,
        lambda: (
            f"营业收入 {plain_number(revenue)}万元，低于 {revenue_limit}万元，"
            f"且近2年新增股权融资 {plain_number(equity)}万元，低于 {equity_limit}万元"
        ),
        why_revenue + why_equity,
    )


def ip_points(facts, steps, max_points):
    """Points for IP tied to the main product: the best band whose count is at least 1.

    `steps` pairs count fields with points, best first. A count that is not
    reported above the band reached leaves the indicator open (missing), scored
    at what is already proven.
    """
    current = facts.current
    if current is None:
        return 0, "缺数据", None, figure(facts, "current", "ip_class1_count")[1], max_points
    why, upper = [], None
    for field, points, text in steps:
        count = getattr(current, field)
        if count is None:
            why.append(missing_field(current.year, field))
            if upper is None:
                upper = points
        elif count >= 1:
            return points, text, count, tuple(why), upper
    return 0, "无", current.ip_class1_count, tuple(why), upper
