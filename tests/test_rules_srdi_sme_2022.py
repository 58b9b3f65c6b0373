"""专精特新中小企业 2022 (annex 2, Zhejiang): hard conditions, 100-point score, direct conditions."""

from datetime import date
from decimal import Decimal as D

from cultivation.rules import Facts, YearFigures
from cultivation.rules.srdi_sme_2022 import evaluate

AS_OF = date(2025, 6, 30)


def strong_year(**overrides):
    """2024 figures worth the full 85 points outside the 15 provincial ones."""
    values = dict(
        year=2024, revenue=D(5000), main_business_revenue=D(4500), net_profit=D(600),
        total_assets=D(5000), total_liabilities=D(2000), rd_expense=D(600), employees=100, rd_staff=30,
        ip_class1_count=2, ip_class1_high_value_count=1, ip_class1_self_developed_count=1, ip_class2_count=0,
        rd_institution_level="national", digitalisation_level=3, quality_items=2, main_product_field="key_gap",
        award_level="none", equity_financing_2y=D(0), maker_china_top500=False,
    )
    values.update(overrides)
    return YearFigures(**values)


def weak_year(**overrides):
    """Passes every hard condition but scores 45 of 100 once provincial points are 0."""
    values = dict(
        ip_class1_count=0, ip_class1_high_value_count=0, ip_class1_self_developed_count=0, ip_class2_count=0,
        rd_institution_level="none", digitalisation_level=1, quality_items=0, main_product_field="other", rd_staff=0,
    )
    values.update(overrides)
    return strong_year(**values)


def facts(current=None, prior=None, prior2=None, **overrides):
    values = dict(
        as_of=AS_OF,
        current=strong_year() if current is None else current,
        prior=YearFigures(year=2023, revenue=D(4500), main_business_revenue=D(4000), rd_expense=D(500)) if prior is None else prior,
        prior2=YearFigures(year=2022, main_business_revenue=D(3500)) if prior2 is None else prior2,
        niche_entry_year=2015,
        valid_titles=frozenset({"innovative_sme"}),
        provincial_points=D(15),
    )
    values.update(overrides)
    return Facts(**values)


def weak_facts(**year_overrides):
    return facts(weak_year(**year_overrides), provincial_points=D(0))


def points(evaluation, code):
    return next(indicator.points for indicator in evaluation.indicators if indicator.code == code)


class SrdiSme2022HardConditionTests:
    def test_it_passes_a_strong_firm_with_full_marks(self):
        result = evaluate(facts())
        assert result.eligible is True
        assert result.score == 100
        assert result.unmet == [] and result.missing == []

    def test_it_requires_a_valid_innovative_sme_title(self):
        result = evaluate(facts(valid_titles=frozenset({"srdi_sme"})))
        assert result.eligible is False
        assert result.unmet == ["未持有有效的创新型中小企业称号"]

    def test_it_needs_two_years_in_the_niche(self):
        assert evaluate(facts(niche_entry_year=2023)).eligible is True
        result = evaluate(facts(niche_entry_year=2024))
        assert result.eligible is False
        assert result.unmet == ["从事细分市场 1年，少于 2年"]

    def test_it_needs_rd_of_100_wan_exactly_or_more(self):
        assert evaluate(facts(strong_year(revenue=D(3000), rd_expense=D(100)))).unmet == []
        result = evaluate(facts(strong_year(revenue=D(3000), main_business_revenue=D(2700), rd_expense=D("99.99"))))
        assert result.eligible is False
        assert "上年研发费用 99.99万元，低于 100万元" in result.unmet

    def test_it_needs_rd_share_of_3_percent_exactly_or_more(self):
        assert evaluate(facts(strong_year(rd_expense=D(150)))).eligible is True
        result = evaluate(facts(strong_year(rd_expense=D("149.5"))))
        assert result.eligible is False
        assert result.unmet == ["上年研发费用占营业收入比重 2.99%，低于 3%"]

    def test_it_needs_1000_wan_revenue_or_2000_wan_equity(self):
        small = dict(revenue=D(1000), main_business_revenue=D(900), rd_expense=D(100), net_profit=D(100))
        assert evaluate(facts(strong_year(**small))).eligible is True
        smaller = dict(small, revenue=D(999))
        result = evaluate(facts(strong_year(**smaller)))
        assert result.eligible is False
        assert result.unmet == ["营业收入 999万元，低于 1000万元，且近2年新增股权融资 0万元，低于 2000万元"]
        assert evaluate(facts(strong_year(**smaller, equity_financing_2y=D(2000)))).eligible is True

    def test_it_rejects_a_firm_that_is_not_an_sme(self):
        result = evaluate(facts(strong_year(employees=1200, revenue=D(45000), main_business_revenue=D(40000), rd_expense=D(2000))))
        assert result.eligible is False
        assert "从业人员 1200人且营业收入 45000万元，不属于中小企业" in result.unmet


class SrdiSme2022ScoreTests:
    def test_it_scores_rd_on_amount_or_share_whichever_is_better(self):
        assert points(evaluate(facts(strong_year(revenue=D(10000), rd_expense=D(500)))), "rd_input") == 10
        assert points(evaluate(facts(strong_year(revenue=D(10000), rd_expense=D("499.99")))), "rd_input") == 8
        assert points(evaluate(facts(strong_year(revenue=D(2000), main_business_revenue=D(1800), rd_expense=D(200)))), "rd_input") == 10
        assert points(evaluate(facts(strong_year(revenue=D(4000), main_business_revenue=D(3600), rd_expense=D(120)))), "rd_input") == 2

    def test_it_scores_net_profit_margin_edges(self):
        assert points(evaluate(facts(strong_year(net_profit=D(500)))), "net_profit_margin") == 10
        assert points(evaluate(facts(strong_year(net_profit=D("499.5")))), "net_profit_margin") == 8
        assert points(evaluate(facts(strong_year(net_profit=D(100)))), "net_profit_margin") == 2
        assert points(evaluate(facts(strong_year(net_profit=D("99.5")))), "net_profit_margin") == 0

    def test_it_scores_debt_ratio_edges_with_the_edge_in_the_better_band(self):
        assert points(evaluate(facts(strong_year(total_liabilities=D(2500)))), "debt_ratio") == 5
        assert points(evaluate(facts(strong_year(total_liabilities=D("2500.5")))), "debt_ratio") == 3
        assert points(evaluate(facts(strong_year(total_liabilities=D(3500)))), "debt_ratio") == 1
        assert points(evaluate(facts(strong_year(total_liabilities=D("3500.5")))), "debt_ratio") == 0

    def test_it_scores_main_business_share_edges(self):
        assert points(evaluate(facts(strong_year(main_business_revenue=D(4000)))), "main_business_share") == 5
        assert points(evaluate(facts(strong_year(main_business_revenue=D("3999.5")))), "main_business_share") == 3
        assert points(evaluate(facts(strong_year(main_business_revenue=D(3000)))), "main_business_share") == 1
        assert points(evaluate(facts(strong_year(main_business_revenue=D("2999.5")))), "main_business_share") == 0

    def test_it_scores_two_year_average_growth_edges(self):
        def growth_points(current, prior, prior2):
            result = evaluate(facts(
                strong_year(main_business_revenue=D(current)),
                prior=YearFigures(year=2023, main_business_revenue=D(prior), rd_expense=D(500)),
                prior2=YearFigures(year=2022, main_business_revenue=D(prior2)),
            ))
            return points(result, "average_main_business_growth")

        assert growth_points("4400", "4000", "4000") == 4  # (10 % + 0 %) / 2 = 5 %
        assert growth_points("4400", "4000", "3200") == 10  # (10 % + 25 %) / 2
        assert growth_points("4800", "4000", "4000") == 10  # (20 + 0) / 2 = 10 % exactly
        assert growth_points("4799.2", "4000", "4000") == 8  # 9.99 %
        assert growth_points("4000", "4000", "4000") == 2  # 0 % exactly
        assert growth_points("3999.2", "4000", "4000") == 0  # -0.01 %

    def test_it_scores_years_in_niche_one_point_per_two_years_up_to_five(self):
        assert points(evaluate(facts(niche_entry_year=2023)), "niche_years") == 1
        assert points(evaluate(facts(niche_entry_year=2016)), "niche_years") == 4
        assert points(evaluate(facts(niche_entry_year=2015)), "niche_years") == 5
        assert points(evaluate(facts(niche_entry_year=2000)), "niche_years") == 5

    def test_it_scores_refinement_and_innovation_choices(self):
        assert points(evaluate(facts(strong_year(digitalisation_level=2))), "digitalisation_level") == 3
        assert points(evaluate(facts(strong_year(digitalisation_level=1))), "digitalisation_level") == 0
        assert points(evaluate(facts(strong_year(quality_items=1))), "quality_items") == 3
        assert points(evaluate(facts(strong_year(main_product_field="strategic"))), "main_product_field") == 3
        assert points(evaluate(facts(strong_year(rd_institution_level="provincial"))), "rd_institution_level") == 8
        assert points(evaluate(facts(strong_year(rd_institution_level="city"))), "rd_institution_level") == 4
        assert points(evaluate(facts(strong_year(rd_institution_level="other"))), "rd_institution_level") == 2
        assert points(evaluate(facts(strong_year(ip_class1_high_value_count=0))), "ip") == 8

    def test_it_scores_rd_staff_share_edges(self):
        assert points(evaluate(facts(strong_year(rd_staff=20))), "rd_staff_share") == 5
        assert points(evaluate(facts(strong_year(rd_staff=19))), "rd_staff_share") == 3
        assert points(evaluate(facts(strong_year(rd_staff=5))), "rd_staff_share") == 1
        assert points(evaluate(facts(strong_year(rd_staff=4))), "rd_staff_share") == 0

    def test_it_caps_provincial_points_at_15(self):
        assert points(evaluate(facts(provincial_points=D(20))), "provincial_points") == 15

    def test_it_fails_under_60_points_without_a_direct_condition(self):
        result = evaluate(weak_facts())
        assert result.score == 45
        assert result.eligible is False
        assert result.unmet == ["评价得分 45分，低于 60分", "未满足任何直通条件"]


class SrdiSme2022DirectTests:
    def test_it_accepts_a_provincial_award_ranked_third_but_not_fourth(self):
        result = evaluate(weak_facts(award_level="provincial", award_rank=3))
        assert result.eligible is True
        assert result.direct == ["近三年获得省级科技奖励（第3名）（直通条件）"]
        assert evaluate(weak_facts(award_level="provincial", award_rank=4)).eligible is False

    def test_it_accepts_a_national_award_ranked_fifth_but_not_sixth(self):
        assert evaluate(weak_facts(award_level="national", award_rank=5)).eligible is True
        assert evaluate(weak_facts(award_level="national", award_rank=6)).eligible is False

    def test_it_accepts_a_two_year_rd_average_of_1000_wan(self):
        prior = YearFigures(year=2023, main_business_revenue=D(4000), rd_expense=D(1000))
        result = evaluate(facts(weak_year(rd_expense=D(1000)), prior=prior, provincial_points=D(0)))
        assert result.eligible is True
        assert result.direct == ["近2年研发费用年均 1000万元，不低于 1000万元（直通条件）"]
        prior = YearFigures(year=2023, main_business_revenue=D(4000), rd_expense=D("999.98"))
        assert evaluate(facts(weak_year(rd_expense=D(1000)), prior=prior, provincial_points=D(0))).eligible is False

    def test_it_accepts_6000_wan_equity_in_two_years(self):
        assert evaluate(weak_facts(equity_financing_2y=D(6000))).eligible is True
        assert evaluate(weak_facts(equity_financing_2y=D("5999.99"))).eligible is False

    def test_it_accepts_a_maker_china_top_500_place(self):
        result = evaluate(weak_facts(maker_china_top500=True))
        assert result.eligible is True
        assert "全国500强" in result.direct[0]

    def test_it_still_needs_the_hard_conditions_when_a_direct_condition_is_met(self):
        result = evaluate(facts(weak_year(maker_china_top500=True), provincial_points=D(0), niche_entry_year=2024))
        assert result.eligible is False
        assert result.unmet == ["从事细分市场 1年，少于 2年"]


class SrdiSme2022MissingDataTests:
    def test_it_is_never_eligible_when_rd_is_missing_even_with_a_direct_condition(self):
        result = evaluate(facts(strong_year(rd_expense=None, maker_china_top500=True)))
        assert result.eligible is False
        assert "缺少2024年研发费用" in result.missing

    def test_it_lists_missing_provincial_points_and_fails_when_they_could_decide(self):
        result = evaluate(facts(weak_year(ip_class1_count=1), provincial_points=None))
        assert result.score == 51
        assert result.eligible is False
        assert result.unmet == []
        assert "缺少省级特色化指标得分" in result.missing

    def test_it_passes_on_proven_points_when_provincial_points_are_missing(self):
        result = evaluate(facts(provincial_points=None))
        assert result.score == 85
        assert result.eligible is True
        assert result.missing == ["缺少省级特色化指标得分"]

    def test_it_lists_the_missing_year_before_last_for_average_growth(self):
        result = evaluate(facts(prior2=YearFigures(year=2022)))
        assert "缺少2022年主营业务收入" in result.missing
        assert points(result, "average_main_business_growth") == 0

    def test_it_treats_zero_revenue_as_missing_not_a_crash(self):
        result = evaluate(facts(strong_year(revenue=D(0))))
        assert result.eligible is False
        assert "2024年营业收入为0，无法计算研发费用占营业收入比重" in result.missing
        assert "2024年营业收入为0，无法计算净利润率" in result.missing

    def test_it_treats_zero_staff_as_missing_rd_staff_share(self):
        result = evaluate(facts(strong_year(employees=0)))
        assert "2024年从业人员数为0，无法计算研发人员占比" in result.missing
