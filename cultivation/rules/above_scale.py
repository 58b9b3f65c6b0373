"""规模以上工业企业: last-year main-business revenue ≥ 2000 万元 (the line since 2011)."""

from decimal import Decimal

from .assessment import Assessment
from .measures import figure

TIER, VERSION = "above_scale", "2011"
MAIN_BUSINESS_REVENUE_MINIMUM = Decimal(2000)


def evaluate(facts):
    a = Assessment(facts, TIER, VERSION)
    value, why = figure(facts, "current", "main_business_revenue")
    a.require_at_least("main_business_revenue", "上年主营业务收入", value, MAIN_BUSINESS_REVENUE_MINIMUM, "万元", why)
    return a.finish()
