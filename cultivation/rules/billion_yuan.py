"""上十亿企业: annual output ≥ 100000 万元 (1 billion yuan), the 5428 plan's large-firm line.

The plan counts industrial output (产值), which YearFigures does not carry; revenue
(营业收入) of the last completed year stands in for it.
"""

from decimal import Decimal

from .assessment import Assessment
from .measures import figure

TIER, VERSION = "billion_yuan", "2024"
BILLION_YUAN = Decimal(100000)  # 10亿元, in 万元


def evaluate(facts):
    a = Assessment(facts, TIER, VERSION)
    value, why = figure(facts, "current", "revenue")
    a.require_at_least("revenue", "上年营业收入（代产值）", value, BILLION_YUAN, "万元", why)
    return a.finish()
