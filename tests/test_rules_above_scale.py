"""规模以上工业企业: last-year main-business revenue ≥ 2000 万元."""

import json
from datetime import date
from decimal import Decimal as D

from cultivation.rules import Facts, YearFigures
from cultivation.rules.above_scale import evaluate

AS_OF = date(2026, 3, 1)


def facts(main_business_revenue=D(2500), **figures):
    return Facts(as_of=AS_OF, current=YearFigures(year=2025, main_business_revenue=main_business_revenue, **figures))


class AboveScaleTests:
    def test_it_accepts_main_business_revenue_of_exactly_2000_wan(self):
        result = evaluate(facts(D(2000)))
        assert result.eligible is True
        assert result.indicators[0].band == "达标"

    def test_it_rejects_revenue_just_under_the_line(self):
        result = evaluate(facts(D("1999.99")))
        assert result.eligible is False
        assert result.unmet == ["上年主营业务收入 1999.99万元，低于 2000万元"]

    def test_it_shows_enough_decimals_that_a_near_miss_never_reads_as_the_line(self):
        assert evaluate(facts(D("1999.999"))).unmet == ["上年主营业务收入 1999.999万元，低于 2000万元"]

    def test_it_uses_main_business_revenue_not_total_revenue(self):
        assert evaluate(facts(D(1500), revenue=D(5000))).eligible is False

    def test_it_does_not_require_sme_status(self):
        assert evaluate(facts(D(900000), employees=20000, revenue=D(1000000))).eligible is True

    def test_it_lists_a_missing_figure(self):
        result = evaluate(facts(None))
        assert result.eligible is False
        assert result.missing == ["缺少2025年主营业务收入"]
        assert result.indicators[0].band == "缺数据"

    def test_it_lists_a_missing_year_inferred_from_as_of(self):
        result = evaluate(Facts(as_of=AS_OF))
        assert result.missing == ["缺少2025年年度数据"]

    def test_it_infers_the_missing_year_from_the_prior_year(self):
        result = evaluate(Facts(as_of=AS_OF, prior=YearFigures(year=2023)))
        assert result.missing == ["缺少2024年年度数据"]

    def test_it_names_its_rule_and_gives_no_score(self):
        result = evaluate(facts())
        assert (result.rule, result.tier, result.version, result.score) == ("above_scale@2011", "above_scale", "2011", None)

    def test_it_summarises_in_one_line(self):
        assert evaluate(facts()).summary() == "规模以上工业企业（2011版）：符合"
        assert evaluate(facts(D(1800))).summary() == "规模以上工业企业（2011版）：不符合；上年主营业务收入 1800万元，低于 2000万元"

    def test_it_turns_into_json_safe_dicts(self):
        data = evaluate(facts(D("2000.5"))).as_dict()
        assert data["indicators"][0]["value"] == "2000.5"
        assert json.loads(json.dumps(data, ensure_ascii=False)) == data
