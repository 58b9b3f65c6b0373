"""专精特新"小巨人"企业, 2026 rules (工信部企业〔2026〕2号), in force from 2026-04-01.

All of: SME; a valid SRDI title; ≥ 3 years in the niche; revenue ≥ 5000 万元;
main-business share ≥ 90 %; 2-year revenue CAGR ≥ 5 % (skipped at re-review);
debt ratio ≤ 75 %; R&D over 2 years ≥ 1200 万元 and ≥ 3 % each year; ≥ 4 class-I IP
(or a national award top 3); national niche share ≥ 10 % or national top 3;
evaluation score ≥ 60.
"""

from decimal import Decimal

from . import measures
from .assessment import Assessment, any_of, at_least, at_most
from .conditions import award_within, require_sme, require_title, require_years_in_niche
from .measures import figure, year_of
from .wording import plain_number

TIER, VERSION = "little_giant", "2026"
REVENUE_MINIMUM = Decimal(5000)
MAIN_BUSINESS_SHARE_MINIMUM = Decimal(90)
CAGR_MINIMUM = Decimal(5)
DEBT_RATIO_MAXIMUM = Decimal(75)
RD_TOTAL_MINIMUM = Decimal(1200)
RD_SHARE_MINIMUM = Decimal(3)
IP_CLASS1_MINIMUM = 4
MARKET_SHARE_MINIMUM = Decimal(10)
MARKET_RANK_MAXIMUM = 3
EVALUATION_SCORE_MINIMUM = Decimal(60)
NATIONAL = frozenset({"national"})


def evaluate(facts):
    a = Assessment(facts, TIER, VERSION)
    require_sme(a)
    require_title(a, "srdi_sme")
    require_years_in_niche(a, 3)
    value, why = figure(facts, "current", "revenue")
    a.require_at_least("revenue", "上年营业收入", value, REVENUE_MINIMUM, "万元", why)
    value, why = measures.main_business_share(facts)
    a.require_at_least("main_business_share", "主营业务收入占营业收入比重", value, MAIN_BUSINESS_SHARE_MINIMUM, "%", why)
    _require_growth(a, facts)
    value, why = measures.debt_ratio(facts)
    a.require_at_most("debt_ratio", "资产负债率", value, DEBT_RATIO_MAXIMUM, "%", why)
    _require_rd(a, facts)
    _require_ip(a, facts)
    _require_market_position(a, facts)
    score, why = figure(facts, "current", "evaluation_score")
    a.require_at_least("evaluation_score", "评价得分", score, EVALUATION_SCORE_MINIMUM, "分", why)
    return a.finish(score=score)


def _require_growth(a, facts):
    label = "近2年营业收入年均复合增长率"
    if facts.is_review:
        a.not_applicable("revenue_cagr", f"{label}（复核不考核）")
        return
    value, why = measures.revenue_cagr(facts)
    a.require_at_least("revenue_cagr", label, value, CAGR_MINIMUM, "%", why)


def _require_rd(a, facts):
    total, why = measures.two_year_total(facts, "rd_expense")
    a.require_at_least("rd_expense_2y", "近2年研发费用合计", total, RD_TOTAL_MINIMUM, "万元", why)
    for slot in ("current", "prior"):
        share, why = measures.rd_share(facts, slot)
        label = f"{year_of(facts, slot)}年研发费用占营业收入比重"
        a.require_at_least(f"rd_share_{slot}", label, share, RD_SHARE_MINIMUM, "%", why)


def _require_ip(a, facts):
    count, why_count = figure(facts, "current", "ip_class1_count")
    award, why_award = award_within(facts, NATIONAL, 3)
    a.require(
        "ip_class1", "Ⅰ类知识产权≥4项（或国家级科技奖励前三名）", any_of(at_least(count, IP_CLASS1_MINIMUM), award), count,
        lambda: f"Ⅰ类知识产权 {count}项，少于 {IP_CLASS1_MINIMUM}项，且无国家级科技奖励（前三名）",
        why_count + why_award, unit="项",
    )


def _require_market_position(a, facts):
    share, why_share = figure(facts, "current", "niche_market_share")
    rank, why_rank = figure(facts, "current", "niche_market_rank")
    a.require(
        "niche_market", "细分市场全国占有率≥10%（或全国前三）",
        any_of(at_least(share, MARKET_SHARE_MINIMUM), at_most(rank, MARKET_RANK_MAXIMUM)), share,
        lambda: f"细分市场全国占有率 {plain_number(share)}%，低于 10%，且全国排名第{rank}，未进前三",
        why_share + why_rank, unit="%",
    )
