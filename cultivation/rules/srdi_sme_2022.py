"""专精特新中小企业, 2022 rules (工信部企业〔2022〕63号 annex 2), as Zhejiang applies them.

All of: SME; a valid innovative-SME title (Zhejiang); ≥ 2 years in the niche;
last-year R&D ≥ 100 万元 and ≥ 3 % of revenue; revenue ≥ 1000 万元 (or ≥ 2000 万元
new equity in 2 years); score ≥ 60 or one direct condition.
"""

from decimal import Decimal

from . import measures
from .assessment import Assessment, any_of, at_least, bands_at_least, bands_at_most
from .conditions import (
    award_text,
    award_within,
    flag,
    ip_points,
    require_revenue_or_equity,
    require_sme,
    require_title,
    require_years_in_niche,
)
from .measures import figure
from .wording import plain_number

TIER, VERSION = "srdi_sme", "2022"
PASS_SCORE = 60
RD_MINIMUM = Decimal(100)
RD_SHARE_MINIMUM = Decimal(3)

MAIN_BUSINESS_SHARE = bands_at_least("%", (80, 5), (70, 3), (60, 1))
AVERAGE_GROWTH = bands_at_least("%", (10, 10), (8, 8), (6, 6), (4, 4), (0, 2))
DIGITALISATION = bands_at_least("级", (3, 5), (2, 3))
NET_PROFIT_MARGIN = bands_at_least("%", (10, 10), (8, 8), (6, 6), (4, 4), (2, 2))
DEBT_RATIO = bands_at_most("%", (50, 5), (60, 3), (70, 1))
RD_AMOUNT = bands_at_least("万元", (500, 10), (400, 8), (300, 6), (200, 4), (100, 2))
RD_SHARE = bands_at_least("%", (10, 10), (8, 8), (6, 6), (4, 4), (3, 2))
RD_STAFF_SHARE = bands_at_least("%", (20, 5), (10, 3), (5, 1))
IP_STEPS = (
    ("ip_class1_high_value_count", 10, "高价值Ⅰ类知识产权≥1项"),
    ("ip_class1_self_developed_count", 8, "自主研发Ⅰ类知识产权≥1项"),
    ("ip_class1_count", 6, "Ⅰ类知识产权≥1项"),
    ("ip_class2_count", 2, "Ⅱ类知识产权≥1项"),
)
MAIN_PRODUCT_FIELD = {"key_gap": (5, "补短板/关键领域"), "strategic": (3, "制造强国重点领域"), "other": (0, "其他")}
RD_INSTITUTION = {"national": (10, "国家级"), "provincial": (8, "省级"), "city": (4, "市级"), "other": (2, "市级以下"), "none": (0, "无")}
PROVINCIAL_MAX = Decimal(15)
QUALITY_POINTS_EACH, QUALITY_MAX = 3, 5
NICHE_YEARS_PER_POINT, NICHE_MAX = 2, 5
AVERAGE_RD_DIRECT = Decimal(1000)
PROVINCIAL, NATIONAL = frozenset({"provincial"}), frozenset({"national"})
EQUITY_DIRECT = Decimal(6000)


def evaluate(facts):
    a = Assessment(facts, TIER, VERSION)
    require_sme(a)
    require_title(a, "innovative_sme")
    require_years_in_niche(a, 2)
    _require_rd(a, facts)
    require_revenue_or_equity(a, 1000, 2000)
    _score_specialisation(a, facts)
    _score_refinement(a, facts)
    _score_distinctiveness(a, facts)
    _score_innovation(a, facts)
    _direct_conditions(a, facts)
    a.require_score_or_direct(PASS_SCORE)
    return a.finish(score=a.tally())


def _require_rd(a, facts):
    amount, why_amount = figure(facts, "current", "rd_expense")
    share, why_share = measures.rd_share(facts)
    a.require_at_least("rd_expense", "上年研发费用", amount, RD_MINIMUM, "万元", why_amount)
    a.require_at_least("rd_share", "上年研发费用占营业收入比重", share, RD_SHARE_MINIMUM, "%", why_share)


def _score_specialisation(a, facts):
    value, why = measures.main_business_share(facts)
    a.score("main_business_share", "主营业务收入占营业收入比重", value, MAIN_BUSINESS_SHARE, why)
    value, why = measures.average_main_business_growth(facts)
    a.score("average_main_business_growth", "近2年主营业务收入平均增长率", value, AVERAGE_GROWTH, why)
    years, why = measures.years_in_niche(facts)
    label = "从事细分市场年限（每满2年得1分）"
    if years is None:
        a.points("niche_years", label, None, "缺数据", 0, NICHE_MAX, why, NICHE_MAX)
    else:
        points = min(max(years, 0) // NICHE_YEARS_PER_POINT, NICHE_MAX)
        a.points("niche_years", label, years, f"{years}年", points, NICHE_MAX, unit="年")
    _score_choice(a, facts, "main_product_field", "主导产品所属领域", MAIN_PRODUCT_FIELD, 5)


def _score_refinement(a, facts):
    value, why = figure(facts, "current", "digitalisation_level")
    a.score("digitalisation_level", "数字化水平", value, DIGITALISATION, why)
    items, why = figure(facts, "current", "quality_items")
    label = "质量管理水平（每项3分）"
    if items is None:
        a.points("quality_items", label, None, "缺数据", 0, QUALITY_MAX, why, QUALITY_MAX)
    else:
        a.points("quality_items", label, items, f"{items}项", min(items * QUALITY_POINTS_EACH, QUALITY_MAX), QUALITY_MAX, unit="项")
    value, why = measures.net_profit_margin(facts)
    a.score("net_profit_margin", "净利润率", value, NET_PROFIT_MARGIN, why)
    value, why = measures.debt_ratio(facts)
    a.score("debt_ratio", "资产负债率", value, DEBT_RATIO, why)


def _score_distinctiveness(a, facts):
    # Zhejiang's own indicator set is unconfirmed, so staff enter the 15 points as data.
    points = facts.provincial_points
    label = "特色化指标（省级）"
    if points is None:
        a.points("provincial_points", label, None, "缺数据", 0, PROVINCIAL_MAX, ("缺少省级特色化指标得分",), PROVINCIAL_MAX)
    else:
        points = min(max(points, 0), PROVINCIAL_MAX)
        a.points("provincial_points", label, facts.provincial_points, "省定指标", points, PROVINCIAL_MAX, unit="分")


def _score_innovation(a, facts):
    points, band, value, why, upper = ip_points(facts, IP_STEPS, 10)
    a.points("ip", "与主导产品相关的有效知识产权", value, band, points, 10, why, upper, unit="项")
    _score_rd(a, facts)
    value, why = measures.rd_staff_share(facts)
    a.score("rd_staff_share", "研发人员占比", value, RD_STAFF_SHARE, why)
    _score_choice(a, facts, "rd_institution_level", "研发机构", RD_INSTITUTION, 10)


def _score_rd(a, facts):
    """R&D scores on the amount or on the share of revenue, whichever is better."""
    amount, why = figure(facts, "current", "rd_expense")
    label = "研发投入（金额或占比）"
    if amount is None:
        a.points("rd_input", label, None, "缺数据", 0, 10, why, 10)
        return
    points, band = RD_AMOUNT.lookup(amount)
    share, why = measures.rd_share(facts)
    if share is None:
        a.points("rd_input", label, amount, f"研发费用{band}", points, 10, why if points < 10 else (), 10, unit="万元")
        return
    share_points, share_band = RD_SHARE.lookup(share)
    if share_points > points:
        a.points("rd_input", label, share, f"研发费用占比{share_band}", share_points, 10, unit="%")
    else:
        a.points("rd_input", label, amount, f"研发费用{band}", points, 10, unit="万元")


def _score_choice(a, facts, field, label, table, max_points):
    choice, why = figure(facts, "current", field)
    if choice is None:
        a.points(field, label, None, "缺数据", 0, max_points, why, max_points)
    else:
        points, band = table[choice]
        a.points(field, label, choice, band, points, max_points)


def _direct_conditions(a, facts):
    award, why = award_within(facts, PROVINCIAL, 3)
    national, why_national = award_within(facts, NATIONAL, 5)
    award = any_of(award, national)
    a.direct_if(award, lambda: f"近三年获得{award_text(facts)}（直通条件）", why + why_national)
    total, why = measures.two_year_total(facts, "rd_expense")
    a.direct_if(
        at_least(total, 2 * AVERAGE_RD_DIRECT),
        lambda: f"近2年研发费用年均 {plain_number(total / 2)}万元，不低于 1000万元（直通条件）", why,
    )
    equity, why = figure(facts, "current", "equity_financing_2y")
    a.direct_if(
        at_least(equity, EQUITY_DIRECT),
        lambda: f"近2年新增股权融资 {plain_number(equity)}万元，不低于 6000万元（直通条件）", why,
    )
    top500, why = flag(facts, "maker_china_top500")
    a.direct_if(top500, "获得“创客中国”中小企业创新创业大赛全国500强（直通条件）", why)
