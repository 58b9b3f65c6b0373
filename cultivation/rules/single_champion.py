"""制造业单项冠军企业 (工信部政法〔2023〕138号).

All of: ≥ 10 years in the field (≥ 5 for a new product); 3-year average
main-business revenue ≥ 40000 万元; global market rank within the top 3.
SME status is not required: champions are usually large firms.
"""

from decimal import Decimal

from . import measures
from .assessment import Assessment, at_most
from .conditions import require_years_in_niche
from .measures import figure
from .wording import number_near

TIER, VERSION = "single_champion", "2023"
AVERAGE_REVENUE_MINIMUM = Decimal(40000)
GLOBAL_RANK_MAXIMUM = 3


def evaluate(facts):
    a = Assessment(facts, TIER, VERSION)
    require_years_in_niche(a, 10, 5, "new_product", "新产品", place="相关领域")
    _require_average_revenue(a, facts)
    rank, why = figure(facts, "current", "global_market_rank")
    a.require(
        "global_market_rank", "全球市场占有率排名（前三）", at_most(rank, GLOBAL_RANK_MAXIMUM), rank,
        lambda: f"全球市场占有率排名第{rank}，未进前三", why,
    )
    return a.finish()


def _require_average_revenue(a, facts):
    total, why = measures.three_year_total(facts, "main_business_revenue")
    # Compare the 3-year total with 3 × the minimum so no rounding can flip an edge case.
    outcome = None if total is None else total >= 3 * AVERAGE_REVENUE_MINIMUM
    a.require(
        "average_main_business_revenue", "近3年主营业务收入平均值（≥40000万元）", outcome,
        None if total is None else total / 3,
        lambda: f"近3年主营业务收入平均 {number_near(total / 3, AVERAGE_REVENUE_MINIMUM)}万元，低于 40000万元",
        why, unit="万元",
    )
