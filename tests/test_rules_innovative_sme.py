"""创新型中小企业 2022 (annex 1): score bands, group minimums, direct conditions."""

from datetime import date
from decimal import Decimal as D

from cultivation.rules import Facts, YearFigures
from cultivation.rules.innovative_sme_2022 import evaluate

AS_OF = date(2026, 6, 30)


def strong_year(**overrides):
    """2025 figures scoring 100: IP 20, R&D 6 % → 20, growth 33 % → 20, debt 40 % → 10, SEI 10, share 80 % → 20."""
    values = dict(
        year=2025, revenue=D(10000), main_business_revenue=D(8000), net_profit=D(800),
        total_assets=D(10000), total_liabilities=D(4000), rd_expense=D(600), employees=200, rd_staff=40,
        ip_class1_count=2, ip_class1_high_value_count=1, ip_class1_self_developed_count=1, ip_class2_count=3,
        rd_institution_level="none", award_level="none", award_rank=None, high_tech_title=False,
        equity_financing_3y=D(0), strategic_emerging_product=True,
    )
    values.update(overrides)
    return YearFigures(**values)


def weak_year(**overrides):
    """2025 figures scoring 35 (IP 5, R&D 0, growth 5, debt 10, SEI 5, share 10) with no direct condition."""
    values = dict(
        ip_class1_count=0, ip_class1_high_value_count=0, ip_class1_self_developed_count=0, ip_class2_count=1,
        rd_expense=D(50), main_business_revenue=D(5500), strategic_emerging_product=False,
    )
    values.update(overrides)
    return strong_year(**values)


def facts(current=None, prior_main_business=D(6000), **overrides):
    values = dict(
        as_of=AS_OF,
        current=strong_year() if current is None else current,
        prior=YearFigures(year=2024, revenue=D(7000), main_business_revenue=prior_main_business),
    )
    values.update(overrides)
    return Facts(**values)


def points(evaluation, code):
    return next(indicator.points for indicator in evaluation.indicators if indicator.code == code)


class InnovativeSmeScoreTests:
    def test_it_gives_a_strong_firm_full_marks(self):
        result = evaluate(facts())
        assert result.eligible is True
        assert result.score == 100
        assert result.rule == "innovative_sme@2022"
        assert result.unmet == [] and result.missing == [] and result.direct == []

    def test_it_gives_20_points_for_rd_share_exactly_5_percent_and_15_just_below(self):
        assert points(evaluate(facts(strong_year(rd_expense=D(500)))), "rd_share") == 20
        assert points(evaluate(facts(strong_year(rd_expense=D("499.9")))), "rd_share") == 15

    def test_it_scores_rd_share_edges_at_3_2_and_1_percent(self):
        assert points(evaluate(facts(strong_year(rd_expense=D(300)))), "rd_share") == 15
        assert points(evaluate(facts(strong_year(rd_expense=D("299.99")))), "rd_share") == 10
        assert points(evaluate(facts(strong_year(rd_expense=D(200)))), "rd_share") == 10
        assert points(evaluate(facts(strong_year(rd_expense=D(100)))), "rd_share") == 5
        assert points(evaluate(facts(strong_year(rd_expense=D("99.99")))), "rd_share") == 0

    def test_it_scores_main_business_growth_edges(self):
        def growth_points(current_main_business):
            result = evaluate(facts(strong_year(main_business_revenue=D(current_main_business)), prior_main_business=D(7000)))
            return points(result, "main_business_growth")

        assert growth_points("8050") == 20  # exactly 15 %
        assert growth_points("8049.3") == 15  # 14.99 %
        assert growth_points("7700") == 15  # exactly 10 %
        assert growth_points("7350") == 10  # exactly 5 %
        assert growth_points("7000") == 5  # exactly 0 %
        assert growth_points("6999.3") == 0  # -0.01 %

    def test_it_gives_debt_ratio_exactly_55_percent_the_better_band(self):
        assert points(evaluate(facts(strong_year(total_liabilities=D(5500)))), "debt_ratio") == 10
        assert points(evaluate(facts(strong_year(total_liabilities=D(5501)))), "debt_ratio") == 5
        assert points(evaluate(facts(strong_year(total_liabilities=D(7500)))), "debt_ratio") == 5
        assert points(evaluate(facts(strong_year(total_liabilities=D(7501)))), "debt_ratio") == 0

    def test_it_scores_main_business_share_edges(self):
        assert points(evaluate(facts(strong_year(main_business_revenue=D(7000)))), "main_business_share") == 20
        assert points(evaluate(facts(strong_year(main_business_revenue=D(6999)))), "main_business_share") == 15
        assert points(evaluate(facts(strong_year(main_business_revenue=D(5500)))), "main_business_share") == 10
        assert points(evaluate(facts(strong_year(main_business_revenue=D(5000)))), "main_business_share") == 5
        assert points(evaluate(facts(strong_year(main_business_revenue=D(4999)))), "main_business_share") == 0

    def test_it_scores_each_ip_band(self):
        assert points(evaluate(facts(strong_year(ip_class1_high_value_count=0))), "ip") == 15
        assert points(evaluate(facts(strong_year(ip_class1_high_value_count=0, ip_class1_self_developed_count=0))), "ip") == 10
        no_class1 = dict(ip_class1_count=0, ip_class1_high_value_count=0, ip_class1_self_developed_count=0)
        assert points(evaluate(facts(strong_year(**no_class1))), "ip") == 5
        assert points(evaluate(facts(strong_year(**no_class1, ip_class2_count=0))), "ip") == 0

    def test_it_gives_5_points_when_the_main_product_is_not_strategic_emerging(self):
        assert points(evaluate(facts(strong_year(strategic_emerging_product=False))), "strategic_emerging_product") == 5


class InnovativeSmePassTests:
    def test_it_passes_at_exactly_60_points(self):
        # IP 20 + R&D 0 | growth 0 % → 5 + debt 10 | SEI 5 + share 20 = 60
        result = evaluate(facts(strong_year(rd_expense=D(50), strategic_emerging_product=False), prior_main_business=D(8000)))
        assert result.score == 60
        assert result.eligible is True

    def test_it_fails_at_55_points_and_says_so(self):
        result = evaluate(facts(
            strong_year(rd_expense=D(50), strategic_emerging_product=False, main_business_revenue=D(6000)),
            prior_main_business=D(6000),
        ))
        assert result.score == 55
        assert result.eligible is False
        assert "评价得分 55分，低于 60分" in result.unmet
        assert "未满足任何直通条件" in result.unmet

    def test_it_fails_when_innovation_is_under_20_despite_a_high_total(self):
        # IP 10 + R&D 1 % → 5 = 15 innovation; total 75
        result = evaluate(facts(strong_year(ip_class1_high_value_count=0, ip_class1_self_developed_count=0, rd_expense=D(100))))
        assert result.score == 75
        assert result.eligible is False
        assert result.unmet[0] == "创新能力得分 15分，低于 20分"

    def test_it_fails_when_growth_is_under_15(self):
        # growth 5–10 % → 10, debt 55–75 % → 5: growth group 15 passes; 0–5 % → 5 gives 10
        result = evaluate(facts(strong_year(total_liabilities=D(6000)), prior_main_business=D(7800)))
        assert result.eligible is False
        assert "成长性得分 10分，低于 15分" in result.unmet

    def test_it_fails_when_specialisation_is_under_15(self):
        weak_focus = strong_year(strategic_emerging_product=False, main_business_revenue=D(5200))
        result = evaluate(facts(weak_focus, prior_main_business=D(4000)))
        assert result.eligible is False
        assert "专业化得分 10分，低于 15分" in result.unmet


class InnovativeSmeDirectTests:
    def test_it_makes_a_weak_firm_eligible_with_a_provincial_award(self):
        assert evaluate(facts(weak_year())).eligible is False
        result = evaluate(facts(weak_year(award_level="provincial", award_rank=2)))
        assert result.eligible is True
        assert result.direct == ["近三年获得省级科学技术奖励（直通条件）"]

    def test_it_makes_a_weak_firm_eligible_with_a_high_tech_title(self):
        result = evaluate(facts(weak_year(high_tech_title=True)))
        assert result.eligible is True
        assert result.direct == ["拥有有效高新技术企业等称号（直通条件）"]

    def test_it_makes_a_weak_firm_eligible_with_a_provincial_rd_institution_but_not_a_city_one(self):
        assert evaluate(facts(weak_year(rd_institution_level="national"))).eligible is True
        assert evaluate(facts(weak_year(rd_institution_level="provincial"))).direct == ["拥有省级研发机构（直通条件）"]
        assert evaluate(facts(weak_year(rd_institution_level="city"))).eligible is False

    def test_it_makes_a_weak_firm_eligible_with_500_wan_equity_exactly(self):
        result = evaluate(facts(weak_year(equity_financing_3y=D(500))))
        assert result.eligible is True
        assert result.direct == ["近三年新增股权融资 500万元，不低于 500万元（直通条件）"]
        assert evaluate(facts(weak_year(equity_financing_3y=D("499.99")))).eligible is False

    def test_it_lets_a_direct_condition_pass_even_when_scoring_data_is_missing(self):
        result = evaluate(facts(weak_year(rd_expense=None, high_tech_title=True)))
        assert result.eligible is True
        assert "缺少2025年研发费用" in result.missing


class InnovativeSmeHardConditionTests:
    def test_it_rejects_a_firm_that_is_not_an_sme_even_with_a_direct_condition(self):
        result = evaluate(facts(strong_year(employees=1000, revenue=D(40000), high_tech_title=True)))
        assert result.eligible is False
        assert result.unmet == ["从业人员 1000人且营业收入 40000万元，不属于中小企业"]

    def test_it_counts_a_firm_as_sme_when_either_staff_or_revenue_is_under_the_line(self):
        assert evaluate(facts(strong_year(employees=999, revenue=D(50000), main_business_revenue=D(40000)))).eligible is True
        result = evaluate(facts(strong_year(employees=1500, revenue=D("39999.99"), main_business_revenue=D(32000))))
        assert result.eligible is True
        assert result.indicators[0].band == "达标"


class InnovativeSmeMissingDataTests:
    def test_it_is_never_eligible_when_sme_status_cannot_be_checked(self):
        result = evaluate(facts(strong_year(employees=None, revenue=D(50000), high_tech_title=True)))
        assert result.eligible is False
        assert "缺少2025年从业人员数" in result.missing

    def test_it_lists_missing_rd_and_scores_it_zero(self):
        result = evaluate(facts(weak_year(rd_expense=None)))
        assert result.eligible is False
        assert points(result, "rd_share") == 0
        assert "缺少2025年研发费用" in result.missing

    def test_it_passes_on_proven_points_when_missing_data_could_only_add(self):
        # 80 points without R&D: the missing 20 cannot lower the score
        result = evaluate(facts(strong_year(rd_expense=None)))
        assert result.score == 80
        assert result.eligible is True
        assert result.missing == ["缺少2025年研发费用"]

    def test_it_lists_missing_direct_data_only_when_the_score_fails(self):
        result = evaluate(facts(weak_year(high_tech_title=None)))
        assert result.eligible is False
        assert result.unmet == []
        assert result.missing == ["缺少2025年高新技术企业等称号情况"]
        assert evaluate(facts(strong_year(high_tech_title=None))).missing == []

    def test_it_treats_zero_revenue_and_zero_assets_as_missing_not_a_crash(self):
        result = evaluate(facts(strong_year(revenue=D(0), total_assets=D(0), employees=10)))
        assert result.eligible is False
        assert "2025年营业收入为0，无法计算研发费用占营业收入比重" in result.missing
        assert "2025年营业收入为0，无法计算主营业务收入占营业收入比重" in result.missing
        assert "2025年资产总额为0，无法计算资产负债率" in result.missing
        assert points(result, "debt_ratio") == 0

    def test_it_treats_a_zero_prior_year_as_missing_growth(self):
        result = evaluate(facts(prior_main_business=D(0)))
        assert "2024年主营业务收入为0，无法计算主营业务收入增长率" in result.missing
        assert points(result, "main_business_growth") == 0

    def test_it_reports_a_missing_year_once(self):
        result = evaluate(Facts(as_of=AS_OF, current=strong_year(), prior=None))
        assert result.missing == ["缺少2024年年度数据"]
        result = evaluate(Facts(as_of=AS_OF))
        assert result.eligible is False
        assert "缺少2025年年度数据" in result.missing
