"""创新型中小企业, 2022 rules (工信部企业〔2022〕63号 annex 1).

Pass = SME and (score ≥ 60 with innovation ≥ 20, growth ≥ 15, specialisation ≥ 15,
or any one direct condition).
"""

from decimal import Decimal

from . import measures
from .assessment import Assessment, bands_at_least, bands_at_most
from .conditions import AT_LEAST_PROVINCIAL, LEVEL_NAMES, flag, ip_points, require_sme
from .measures import figure
from .wording import plain_number

TIER, VERSION = "innovative_sme", "2022"
INNOVATION, GROWTH, SPECIALISATION = "创新能力", "成长性", "专业化"
PASS_SCORE = 60
GROUP_MINIMUMS = (
    (INNOVATION, ("ip", "rd_share"), 20),
    (GROWTH, ("main_business_growth", "debt_ratio"), 15),
    (SPECIALISATION, ("strategic_emerging_product", "main_business_share"), 15),
)
EQUITY_DIRECT = Decimal(500)

IP_STEPS = (
    ("ip_class1_high_value_count", 20, "高价值Ⅰ类知识产权≥1项"),
    ("ip_class1_self_developed_count", 15, "自主研发Ⅰ类知识产权≥1项"),
    ("ip_class1_count", 10, "Ⅰ类知识产权≥1项"),
    ("ip_class2_count", 5, "Ⅱ类知识产权≥1项"),
)
RD_SHARE = bands_at_least("%", (5, 20), (3, 15), (2, 10), (1, 5))
GROWTH_BANDS = bands_at_least("%", (15, 20), (10, 15), (5, 10), (0, 5))
DEBT_RATIO = bands_at_most("%", (55, 10), (75, 5))
MAIN_BUSINESS_SHARE = bands_at_least("%", (70, 20), (60, 15), (55, 10), (50, 5))


def evaluate(facts):
    a = Assessment(facts, TIER, VERSION)
    require_sme(a)
    _score_innovation(a, facts)
    _score_growth(a, facts)
    _score_specialisation(a, facts)
    _direct_conditions(a, facts)
    a.require_score_or_direct(PASS_SCORE, GROUP_MINIMUMS)
    return a.finish(score=a.tally())


def _score_innovation(a, facts):
    points, band, value, why, upper = ip_points(facts, IP_STEPS, 20)
    a.points("ip", "与主导产品相关的有效知识产权", value, band, points, 20, why, upper, unit="项")
    value, why = measures.rd_share(facts)
    a.score("rd_share", "上年研发费用占营业收入比重", value, RD_SHARE, why)


def _score_growth(a, facts):
    value, why = measures.main_business_growth(facts)
    a.score("main_business_growth", "上年主营业务收入增长率", value, GROWTH_BANDS, why)
    value, why = measures.debt_ratio(facts)
    a.score("debt_ratio", "上年资产负债率", value, DEBT_RATIO, why)


def _score_specialisation(a, facts):
    listed, why = flag(facts, "strategic_emerging_product")
    label = "主导产品属于战略性新兴产业"
    if listed is None:
        a.points("strategic_emerging_product", label, None, "缺数据", 0, 10, why, 10)
    else:
        a.points("strategic_emerging_product", label, listed, "是" if listed else "否", 10 if listed else 5, 10)
    value, why = measures.main_business_share(facts)
    a.score("main_business_share", "上年主营业务收入占营业收入比重", value, MAIN_BUSINESS_SHARE, why)


def _direct_conditions(a, facts):
    level, why = figure(facts, "current", "award_level")
    a.direct_if(
        None if level is None else level in AT_LEAST_PROVINCIAL,
        lambda: f"近三年获得{LEVEL_NAMES[level]}科学技术奖励（直通条件）", why,
    )
    titled, why = flag(facts, "high_tech_title")
    a.direct_if(titled, "拥有有效高新技术企业等称号（直通条件）", why)
    institution, why = figure(facts, "current", "rd_institution_level")
    a.direct_if(
        None if institution is None else institution in AT_LEAST_PROVINCIAL,
        lambda: f"拥有{LEVEL_NAMES[institution]}研发机构（直通条件）", why,
    )
    equity, why = figure(facts, "current", "equity_financing_3y")
    a.direct_if(
        None if equity is None else equity >= EQUITY_DIRECT,
        lambda: f"近三年新增股权融资 {plain_number(equity)}万元，不低于 500万元（直通条件）", why,
    )
