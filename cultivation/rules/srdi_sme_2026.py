"""专精特新中小企业, 2026 rules (工信部企业〔2026〕2号), in force from 2026-04-01.

All of: SME; a valid innovative (科技和创新型) title; ≥ 3 years in the niche;
revenue ≥ 1500 万元 (or ≥ 2000 万元 new equity in 2 years); main-business share
≥ 80 %; debt ratio ≤ 80 %; R&D ≥ 100 万元 and ≥ 3 % in each of the last 2 years;
≥ 1 class-I IP (or a provincial-or-higher award top 3 / provincial-or-higher R&D
institution); platform score ≥ 50; last year's data updated by 31 May.
"""

from datetime import date
from decimal import Decimal

from . import measures
from .assessment import any_of, at_least, Assessment
from .conditions import (
    AT_LEAST_PROVINCIAL,
    award_within,
    require_revenue_or_equity,
    require_sme,
    require_title,
    require_years_in_niche,
)
from .measures import figure, year_of

TIER, VERSION = "srdi_sme", "2026"
RD_MINIMUM = Decimal(100)
RD_SHARE_MINIMUM = Decimal(3)
MAIN_BUSINESS_SHARE_MINIMUM = Decimal(80)
DEBT_RATIO_MAXIMUM = Decimal(80)
PLATFORM_SCORE_MINIMUM = Decimal(50)
UPDATE_DEADLINE = (5, 31)


def evaluate(facts):
    a = Assessment(facts, TIER, VERSION)
    require_sme(a)
    require_title(a, "innovative_sme")
    _require_data_updated(a, facts)
    require_years_in_niche(a, 3)
    require_revenue_or_equity(a, 1500, 2000)
    value, why = measures.main_business_share(facts)
    a.require_at_least("main_business_share", "主营业务收入占营业收入比重", value, MAIN_BUSINESS_SHARE_MINIMUM, "%", why)
    value, why = measures.debt_ratio(facts)
    a.require_at_most("debt_ratio", "资产负债率", value, DEBT_RATIO_MAXIMUM, "%", why)
    for slot in ("current", "prior"):
        _require_rd(a, facts, slot)
    _require_ip(a, facts)
    score, why = figure(facts, "current", "platform_score")
    a.require_at_least("platform_score", "平台评分", score, PLATFORM_SCORE_MINIMUM, "分", why)
    return a.finish(score=score)


def _require_data_updated(a, facts):
    """After 31 May the last completed year must be on file (2026 rules: yearly update)."""
    as_of = facts.as_of
    due = as_of.year - 1
    stale = as_of > date(as_of.year, *UPDATE_DEADLINE) and facts.base_year < due
    a.require(
        "data_updated", "上年数据已按期更新（每年5月31日前）", None if stale else True, facts.base_year, "",
        (f"缺少{due}年年度数据（须于{as_of.year}年5月31日前更新）",),
    )


def _require_rd(a, facts, slot):
    year = year_of(facts, slot)
    amount, why = figure(facts, slot, "rd_expense")
    a.require_at_least(f"rd_expense_{slot}", f"{year}年研发费用", amount, RD_MINIMUM, "万元", why)
    share, why = measures.rd_share(facts, slot)
    a.require_at_least(f"rd_share_{slot}", f"{year}年研发费用占营业收入比重", share, RD_SHARE_MINIMUM, "%", why)


def _require_ip(a, facts):
    count, why_count = figure(facts, "current", "ip_class1_count")
    award, why_award = award_within(facts, AT_LEAST_PROVINCIAL, 3)
    institution, why_institution = figure(facts, "current", "rd_institution_level")
    outcome = any_of(
        at_least(count, 1),
        award,
        None if institution is None else institution in AT_LEAST_PROVINCIAL,
    )
    a.require(
        "ip_class1", "Ⅰ类知识产权≥1项（或省级以上科技奖励前三名、省级以上研发机构）", outcome, count,
        f"Ⅰ类知识产权 {count}项，少于 1项，且无省级以上科技奖励（前三名）或省级以上研发机构",
        why_count + why_award + why_institution, unit="项",
    )
