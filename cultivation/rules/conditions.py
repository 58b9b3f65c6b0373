"""Hard conditions and score items that several rule sets share."""

from decimal import Decimal
from functools import lru_cache

from .assessment import any_of, at_least, at_most
from .measures import figure, years_in_niche
from .wording import TIER_NAMES, missing_field, plain_number

SME_STAFF_LIMIT = 1000
SME_REVENUE_LIMIT = Decimal(40000)
AT_LEAST_PROVINCIAL = frozenset({"national", "provincial"})
LEVEL_NAMES = {"national": "国家级", "provincial": "省级"}
CLASS1_SUBSETS = frozenset({"ip_class1_high_value_count", "ip_class1_self_developed_count"})
SME_LABEL = "中小企业（从业人员<1000人或营业收入<40000万元）"
TITLE_TEXTS = {code: (f"持有有效的{name}称号", f"未持有有效的{name}称号") for code, name in TIER_NAMES.items()}


def require_sme(a):
    """SME (工信部联企业〔2011〕300号, industry): fewer than 1000 staff or revenue under 40000 万元."""
    current = a.facts.current
    staff = None if current is None else current.employees
    revenue = None if current is None else current.revenue
    if (staff is not None and staff < SME_STAFF_LIMIT) or (revenue is not None and revenue < SME_REVENUE_LIMIT):
        outcome, why = True, ()
    elif staff is None or revenue is None:
        outcome = None
        why = figure(a.facts, "current", "employees")[1] + figure(a.facts, "current", "revenue")[1]
    else:
        outcome, why = False, ()
    a.require(
        "sme", SME_LABEL, outcome, staff,
        lambda: f"从业人员 {staff}人且营业收入 {plain_number(revenue)}万元，不属于中小企业", why, unit="人",
    )


def require_title(a, tier_code):
    """The firm must already hold the lower rung validly on as_of."""
    held = tier_code in a.facts.valid_titles
    label, unmet = TITLE_TEXTS[tier_code]
    a.require(f"title_{tier_code}", label, held, held, unmet)


def require_years_in_niche(a, minimum, relaxed_minimum=None, relaxed_field=None, relaxed_label="", place="细分市场"):
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
    a.require(
        "years_in_niche", _years_label(place, minimum, relaxed_label, relaxed_minimum), outcome, years,
        lambda: _years_unmet(place, years, minimum, relaxed_minimum, relaxed_label), why, unit="年",
    )


def _years_unmet(place, years, minimum, relaxed_minimum, relaxed_label):
    sentence = f"从事{place} {years}年，少于 {minimum}年"
    if not relaxed_label:
        return sentence
    if years >= relaxed_minimum:
        return f"{sentence}，且不属于{relaxed_label}"
    return f"{sentence}（{relaxed_label}为 {relaxed_minimum}年）"


@lru_cache(maxsize=16)
def _years_label(place, minimum, relaxed_label, relaxed_minimum):
    relaxed = f"，{relaxed_label}≥{relaxed_minimum}年" if relaxed_label else ""
    return f"从事{place}年限（≥{minimum}年{relaxed}）"


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
        why_revenue + why_equity, unit="万元",
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
    no_class1 = current.ip_class1_count == 0
    for field, points, text in steps:
        count = getattr(current, field)
        if count is None and no_class1 and field in CLASS1_SUBSETS:
            # with no class-I IP at all, its high-value and self-developed subsets are empty too
            count = 0
        if count is None:
            why.append(missing_field(current.year, field))
            if upper is None:
                upper = points
        elif count >= 1:
            return points, text, count, tuple(why), upper
    return 0, "无", current.ip_class1_count, tuple(why), upper
