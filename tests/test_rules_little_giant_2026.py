"""专精特新"小巨人" 2026 (工信部企业〔2026〕2号): every hard condition and its edge."""

from datetime import date
from decimal import Decimal as D

from cultivation.rules import Facts, YearFigures
from cultivation.rules.little_giant_2026 import evaluate

AS_OF = date(2026, 6, 30)


def this_year(**overrides):
    values = dict(
        year=2025, revenue=D(10000), main_business_revenue=D(9500), total_assets=D(10000), total_liabilities=D(5000),
        rd_expense=D(700), employees=300, ip_class1_count=5, award_level="none", niche_market_share=D(12),
        niche_market_rank=2, evaluation_score=D(75),
    )
    values.update(overrides)
    return YearFigures(**values)


def facts(current=None, prior=None, prior2=None, **overrides):
    values = dict(
        as_of=AS_OF,
        current=this_year() if current is None else current,
        prior=YearFigures(year=2024, revenue=D(9500), rd_expense=D(600)) if prior is None else prior,
        prior2=YearFigures(year=2023, revenue=D(9000)) if prior2 is None else prior2,
        niche_entry_year=2020,
        valid_titles=frozenset({"innovative_sme", "srdi_sme"}),
    )
    values.update(overrides)
    return Facts(**values)


def with_revenue(revenue, **overrides):
    """Current figures scaled to `revenue` so the shares stay where they pass."""
    revenue = D(revenue)
    values = dict(revenue=revenue, main_business_revenue=revenue * D("0.95"), total_assets=revenue, total_liabilities=revenue / 2)
    values.update(overrides)
    return this_year(**values)


class LittleGiant2026Tests:
    def test_it_passes_a_firm_meeting_every_condition(self):
        result = evaluate(facts())
        assert result.eligible is True
        assert result.rule == "little_giant@2026"
        assert result.score == 75
        assert result.unmet == [] and result.missing == []

    def test_it_requires_a_valid_srdi_title(self):
        result = evaluate(facts(valid_titles=frozenset({"innovative_sme"})))
        assert result.unmet == ["未持有有效的专精特新中小企业称号"]

    def test_it_needs_three_years_in_the_niche(self):
        assert evaluate(facts(niche_entry_year=2023)).eligible is True
        assert evaluate(facts(niche_entry_year=2024)).unmet == ["从事细分市场 2年，少于 3年"]

    def test_it_needs_revenue_of_5000_wan(self):
        low_base = YearFigures(year=2023, revenue=D(4000))
        assert evaluate(facts(with_revenue(5000), prior2=low_base)).eligible is True
        result = evaluate(facts(with_revenue("4999.99"), prior2=low_base))
        assert result.unmet == ["上年营业收入 4999.99万元，低于 5000万元"]

    def test_it_needs_main_business_share_of_90_percent(self):
        assert evaluate(facts(this_year(main_business_revenue=D(9000)))).eligible is True
        assert evaluate(facts(this_year(main_business_revenue=D(8999)))).unmet == ["主营业务收入占营业收入比重 89.99%，低于 90%"]

    def test_it_needs_a_revenue_cagr_of_exactly_5_percent_or_more(self):
        base = YearFigures(year=2023, revenue=D(10000))
        assert evaluate(facts(with_revenue(11025), prior2=base)).eligible is True
        result = evaluate(facts(with_revenue(11024), prior2=base))
        assert result.unmet == ["近2年营业收入年均复合增长率 4.9952%，低于 5%"]

    def test_it_skips_the_cagr_at_re_review(self):
        flat = YearFigures(year=2023, revenue=D(10000))
        assert evaluate(facts(prior2=flat)).unmet == ["近2年营业收入年均复合增长率 0%，低于 5%"]
        result = evaluate(facts(prior2=flat, is_review=True))
        assert result.eligible is True
        assert [i.band for i in result.indicators if i.code == "revenue_cagr"] == ["不适用"]

    def test_it_allows_debt_ratio_up_to_75_percent(self):
        assert evaluate(facts(this_year(total_liabilities=D(7500)))).eligible is True
        assert evaluate(facts(this_year(total_liabilities=D(7501)))).unmet == ["资产负债率 75.01%，高于 75%"]

    def test_it_needs_1200_wan_rd_over_two_years_and_3_percent_each_year(self):
        assert evaluate(facts(this_year(rd_expense=D(600)))).eligible is True
        result = evaluate(facts(this_year(rd_expense=D("599.99"))))
        assert result.unmet == ["近2年研发费用合计 1199.99万元，低于 1200万元"]
        prior = YearFigures(year=2024, revenue=D(30000), rd_expense=D(800))
        result = evaluate(facts(prior=prior))
        assert result.unmet == ["2024年研发费用占营业收入比重 2.67%，低于 3%"]

    def test_it_needs_four_class1_ip_or_a_national_award_in_the_top_three(self):
        assert evaluate(facts(this_year(ip_class1_count=4))).eligible is True
        result = evaluate(facts(this_year(ip_class1_count=3)))
        assert result.unmet == ["Ⅰ类知识产权 3项，少于 4项，且无国家级科技奖励（前三名）"]
        assert evaluate(facts(this_year(ip_class1_count=3, award_level="national", award_rank=3))).eligible is True
        assert evaluate(facts(this_year(ip_class1_count=3, award_level="national", award_rank=4))).eligible is False
        assert evaluate(facts(this_year(ip_class1_count=3, award_level="provincial", award_rank=1))).eligible is False

    def test_it_needs_a_10_percent_niche_share_or_a_national_top_three_rank(self):
        assert evaluate(facts(this_year(niche_market_share=D(10), niche_market_rank=8))).eligible is True
        assert evaluate(facts(this_year(niche_market_share=D("9.99"), niche_market_rank=3))).eligible is True
        result = evaluate(facts(this_year(niche_market_share=D("9.99"), niche_market_rank=4)))
        assert result.unmet == ["细分市场全国占有率 9.99%，低于 10%，且全国排名第4，未进前三"]

    def test_it_needs_an_evaluation_score_of_60(self):
        assert evaluate(facts(this_year(evaluation_score=D(60)))).eligible is True
        assert evaluate(facts(this_year(evaluation_score=D("59.5")))).unmet == ["评价得分 59.5分，低于 60分"]

    def test_it_rejects_a_firm_that_is_not_an_sme(self):
        large = this_year(
            employees=1200, revenue=D(40000), main_business_revenue=D(38000), total_assets=D(40000), rd_expense=D(1300),
        )
        result = evaluate(facts(
            large,
            prior=YearFigures(year=2024, revenue=D(35000), rd_expense=D(1100)),
            prior2=YearFigures(year=2023, revenue=D(30000)),
        ))
        assert result.unmet == ["从业人员 1200人且营业收入 40000万元，不属于中小企业"]

    def test_it_is_never_eligible_without_the_evaluation_score(self):
        result = evaluate(facts(this_year(evaluation_score=None)))
        assert result.eligible is False
        assert result.score is None
        assert result.missing == ["缺少2025年评价得分"]

    def test_it_lists_a_missing_base_year_for_the_cagr_unless_re_reviewing(self):
        result = evaluate(facts(prior2=YearFigures(year=2023)))
        assert result.missing == ["缺少2023年营业收入"]
        assert evaluate(facts(prior2=YearFigures(year=2023), is_review=True)).eligible is True

    def test_it_treats_zero_base_revenue_as_missing_cagr(self):
        result = evaluate(facts(prior2=YearFigures(year=2023, revenue=D(0))))
        assert result.eligible is False
        assert result.missing == ["2023年营业收入为0，无法计算营业收入年均复合增长率"]
