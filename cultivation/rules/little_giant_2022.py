"""专精特新"小巨人"企业, 2022 rules (工信部企业〔2022〕63号 annex 3).

All of: SME; ≥ 3 years in the niche (2 if it fills a key gap); main-business share
≥ 70 %; 2-year average main-business growth ≥ 5 %; debt ratio ≤ 70 %; national
niche market share ≥ 10 %; R&D by revenue band; own R&D institution; ≥ 2 class-I IP.
"""

from decimal import Decimal

from . import measures
from .assessment import Assessment
from .conditions import require_sme, require_years_in_niche
from .measures import figure, year_of

TIER, VERSION = "little_giant", "2022"
MAIN_BUSINESS_SHARE_MINIMUM = Decimal(70)
AVERAGE_GROWTH_MINIMUM = Decimal(5)
DEBT_RATIO_MAXIMUM = Decimal(70)
MARKET_SHARE_MINIMUM = Decimal(10)
LARGE_REVENUE = Decimal(10000)
MIDDLE_REVENUE = Decimal(5000)
LARGE_RD_SHARE = Decimal(3)
MIDDLE_RD_SHARE = Decimal(6)
SMALL_EQUITY = Decimal(8000)
SMALL_RD_TOTAL = Decimal(3000)
SMALL_RD_STAFF_SHARE = Decimal(50)
IP_CLASS1_MINIMUM = 2


def evaluate(facts):
    a = Assessment(facts, TIER, VERSION)
    require_sme(a)
    require_years_in_niche(a, 3, 2, "fills_key_gap", "补短板领域")
    value, why = measures.main_business_share(facts)
    a.require_at_least("main_business_share", "主营业务收入占营业收入比重", value, MAIN_BUSINESS_SHARE_MINIMUM, "%", why)
    value, why = measures.average_main_business_growth(facts)
    a.require_at_least("average_main_business_growth", "近2年主营业务收入平均增长率", value, AVERAGE_GROWTH_MINIMUM, "%", why)
    value, why = measures.debt_ratio(facts)
    a.require_at_most("debt_ratio", "资产负债率", value, DEBT_RATIO_MAXIMUM, "%", why)
    value, why = figure(facts, "current", "niche_market_share")
    a.require_at_least("niche_market_share", "细分市场全国占有率", value, MARKET_SHARE_MINIMUM, "%", why)
    _require_rd(a, facts)
    _require_institution(a, facts)
    value, why = figure(facts, "current", "ip_class1_count")
    a.require_at_least("ip_class1", "与主导产品相关的Ⅰ类知识产权", value, IP_CLASS1_MINIMUM, "项", why, below="少于")
    return a.finish()


def _require_rd(a, facts):
    """The R&D test depends on last year's revenue band; an edge value takes the higher band."""
    revenue, why = figure(facts, "current", "revenue")
    if revenue is None:
        a.require("rd_band", "研发投入（按营业收入分档）", None, None, "", why)
    elif revenue >= LARGE_REVENUE:
        _require_rd_share_each_year(a, facts, LARGE_RD_SHARE, "营业收入1亿元以上")
    elif revenue >= MIDDLE_REVENUE:
        _require_rd_share_each_year(a, facts, MIDDLE_RD_SHARE, "营业收入5000万元至1亿元")
    else:
        _require_small_firm_rd(a, facts)


def _require_rd_share_each_year(a, facts, minimum, band):
    for slot in ("current", "prior"):
        share, why = measures.rd_share(facts, slot)
        label = f"{year_of(facts, slot)}年研发费用占营业收入比重"
        a.require_at_least(f"rd_share_{slot}", f"{label}（{band}）", share, minimum, "%", why)


def _require_small_firm_rd(a, facts):
    band = "（营业收入不足5000万元）"
    equity, why = figure(facts, "current", "equity_financing_2y")
    a.require_at_least("equity_financing_2y", f"近2年新增股权融资{band}", equity, SMALL_EQUITY, "万元", why)
    total, why = measures.two_year_total(facts, "rd_expense")
    a.require_at_least("rd_expense_2y", f"近2年研发费用合计{band}", total, SMALL_RD_TOTAL, "万元", why)
    share, why = measures.rd_staff_share(facts)
    a.require_at_least("rd_staff_share", f"研发人员占比{band}", share, SMALL_RD_STAFF_SHARE, "%", why)


def _require_institution(a, facts):
    level, why = figure(facts, "current", "rd_institution_level")
    a.require(
        "rd_institution", "建有研发机构", None if level is None else level != "none", level,
        "未建立研发机构", why,
    )
