"""上十亿企业: last-year revenue (standing in for output) ≥ 100000 万元."""

from datetime import date
from decimal import Decimal as D

from cultivation.rules import Facts, YearFigures
from cultivation.rules.billion_yuan import evaluate

AS_OF = date(2026, 2, 1)


def facts(revenue=D(120000), **figures):
    return Facts(as_of=AS_OF, current=YearFigures(year=2025, revenue=revenue, **figures))


class BillionYuanTests:
    def test_it_accepts_revenue_of_exactly_one_billion_yuan(self):
        assert evaluate(facts(D(100000))).eligible is True

    def test_it_rejects_revenue_just_under_one_billion(self):
        result = evaluate(facts(D("99999.99")))
        assert result.eligible is False
        assert result.unmet == ["上年营业收入（代产值） 99999.99万元，低于 100000万元"]

    def test_it_accepts_integer_figures(self):
        assert evaluate(facts(100000)).eligible is True

    def test_it_uses_revenue_not_main_business_revenue(self):
        assert evaluate(facts(D(100000), main_business_revenue=D(60000))).eligible is True
        assert evaluate(facts(D(90000), main_business_revenue=D(150000))).eligible is False

    def test_it_does_not_require_sme_status(self):
        assert evaluate(facts(D(500000), employees=8000)).eligible is True

    def test_it_lists_missing_revenue(self):
        result = evaluate(facts(None))
        assert result.eligible is False
        assert result.missing == ["缺少2025年营业收入"]
        assert result.unmet == []

    def test_it_lists_a_missing_year(self):
        assert evaluate(Facts(as_of=AS_OF)).missing == ["缺少2025年年度数据"]

    def test_it_labels_the_indicator_as_standing_in_for_output(self):
        assert evaluate(facts()).indicators[0].label == "上年营业收入（代产值）（≥100000万元）"

    def test_it_names_its_rule(self):
        result = evaluate(facts())
        assert (result.rule, result.score) == ("billion_yuan@2024", None)

    def test_it_summarises_missing_data(self):
        assert evaluate(facts(None)).summary() == "上十亿企业（2024版）：数据不全；缺少2025年营业收入"
