"""专精特新"小巨人" 2022 (annex 3): niche years, shares, growth, R&D by revenue band, IP."""

from datetime import date
from decimal import Decimal as D

from cultivation.rules import Facts, YearFigures
from cultivation.rules.little_giant_2022 import evaluate

AS_OF = date(2025, 6, 30)


def this_year(**overrides):
    values = dict(
        year=2024, revenue=D(20000), main_business_revenue=D(16000), total_assets=D(20000), total_liabilities=D(10000),
        rd_expense=D(800), employees=300, rd_staff=60, niche_market_share=D(15), rd_institution_level="city",
        ip_class1_count=3, equity_financing_2y=D(0), fills_key_gap=False,
    )
    values.update(overrides)
    return YearFigures(**values)


def facts(current=None, prior=None, prior2=None, **overrides):
    values = dict(
        as_of=AS_OF,
        current=this_year() if current is None else current,
        prior=YearFigures(year=2023, revenue=D(18000), main_business_revenue=D(14000), rd_expense=D(700)) if prior is None else prior,
        prior2=YearFigures(year=2022, main_business_revenue=D(12000)) if prior2 is None else prior2,
        niche_entry_year=2018,
    )
    values.update(overrides)
    return Facts(**values)


def small_firm(**overrides):
    """Revenue under 5000 万元: equity, 2-year R&D total and R&D staff share decide."""
    values = dict(
        revenue=D(4000), main_business_revenue=D(3200), total_assets=D(4000), total_liabilities=D(2000),
        rd_expense=D(1500), employees=100, rd_staff=50, equity_financing_2y=D(8000),
    )
    values.update(overrides)
    return facts(
        this_year(**values),
        prior=YearFigures(year=2023, revenue=D(3500), main_business_revenue=D(2800), rd_expense=D(1500)),
        prior2=YearFigures(year=2022, main_business_revenue=D(2500)),
    )


def band_facts(revenue, rd_expense, prior_rd_expense=D(700), prior_revenue=D(18000)):
    """A firm whose last-year revenue picks the R&D band; everything else passes."""
    return facts(
        this_year(revenue=D(revenue), main_business_revenue=D(revenue) * D("0.8"), total_assets=D(revenue),
                  total_liabilities=D(revenue) / 2, rd_expense=D(rd_expense)),
        prior=YearFigures(year=2023, revenue=prior_revenue, main_business_revenue=D(revenue) * D("0.7"), rd_expense=prior_rd_expense),
        prior2=YearFigures(year=2022, main_business_revenue=D(revenue) * D("0.6")),
    )


class LittleGiant2022Tests:
    def test_it_passes_a_firm_meeting_every_condition(self):
        result = evaluate(facts())
        assert result.eligible is True
        assert result.rule == "little_giant@2022"
        assert result.score is None
        assert result.unmet == [] and result.missing == []

    def test_it_needs_three_years_in_the_niche(self):
        assert evaluate(facts(niche_entry_year=2022)).eligible is True
        result = evaluate(facts(niche_entry_year=2023))
        assert result.unmet == ["从事细分市场 2年，少于 3年，且不属于补短板领域"]

    def test_it_accepts_two_years_for_a_firm_filling_a_key_gap(self):
        assert evaluate(facts(this_year(fills_key_gap=True), niche_entry_year=2023)).eligible is True
        result = evaluate(facts(this_year(fills_key_gap=True), niche_entry_year=2024))
        assert result.unmet == ["从事细分市场 1年，少于 3年（补短板领域为 2年）"]

    def test_it_lists_the_key_gap_flag_as_missing_only_when_it_decides(self):
        result = evaluate(facts(this_year(fills_key_gap=None), niche_entry_year=2023))
        assert result.eligible is False
        assert result.missing == ["缺少2024年是否属于补短板领域"]
        assert evaluate(facts(this_year(fills_key_gap=None))).missing == []

    def test_it_needs_main_business_share_of_70_percent(self):
        assert evaluate(facts(this_year(main_business_revenue=D(14000)))).eligible is True
        result = evaluate(facts(this_year(main_business_revenue=D(13998))))
        assert result.unmet == ["主营业务收入占营业收入比重 69.99%，低于 70%"]

    def test_it_needs_an_average_growth_of_exactly_5_percent_or_more(self):
        def result_for(current_main_business):
            return evaluate(facts(
                this_year(
                    revenue=D(15000), main_business_revenue=D(current_main_business),
                    total_assets=D(15000), total_liabilities=D(7500),
                ),
                prior=YearFigures(year=2023, revenue=D(14000), main_business_revenue=D(10500), rd_expense=D(700)),
                prior2=YearFigures(year=2022, main_business_revenue=D(10000)),
            ))

        assert result_for("11025").eligible is True  # 5 % and 5 %
        assert result_for("11022.9").unmet == ["近2年主营业务收入平均增长率 4.99%，低于 5%"]  # 4.98 % and 5 %

    def test_it_allows_debt_ratio_up_to_70_percent(self):
        assert evaluate(facts(this_year(total_liabilities=D(14000)))).eligible is True
        result = evaluate(facts(this_year(total_liabilities=D(14002))))
        assert result.unmet == ["资产负债率 70.01%，高于 70%"]

    def test_it_needs_a_national_niche_share_of_10_percent(self):
        assert evaluate(facts(this_year(niche_market_share=D(10)))).eligible is True
        result = evaluate(facts(this_year(niche_market_share=D("9.99"))))
        assert result.unmet == ["细分市场全国占有率 9.99%，低于 10%"]

    def test_it_needs_3_percent_rd_in_each_year_when_revenue_is_exactly_100_million(self):
        assert evaluate(band_facts(10000, 300)).eligible is True
        result = evaluate(band_facts(10000, 300, prior_rd_expense=D(538)))
        assert result.unmet == ["2023年研发费用占营业收入比重（营业收入1亿元以上） 2.99%，低于 3%"]

    def test_it_needs_6_percent_rd_just_under_100_million_revenue(self):
        result = evaluate(band_facts("9999.99", 300, prior_rd_expense=D(1080)))
        assert result.unmet == ["2024年研发费用占营业收入比重（营业收入5000万元至1亿元） 3%，低于 6%"]
        assert evaluate(band_facts("9999.99", 600, prior_rd_expense=D(1080))).eligible is True

    def test_it_puts_revenue_of_exactly_50_million_in_the_middle_band(self):
        result = evaluate(band_facts(5000, 300, prior_rd_expense=D(300), prior_revenue=D(5000)))
        assert result.eligible is True
        rd_codes = [i.code for i in result.indicators if i.code.startswith("rd_")]
        assert rd_codes == ["rd_share_current", "rd_share_prior", "rd_institution"]
        result = evaluate(band_facts("4999.99", 300, prior_rd_expense=D(300), prior_revenue=D(5000)))
        assert "equity_financing_2y" in [i.code for i in result.indicators]

    def test_it_checks_equity_rd_total_and_staff_for_firms_under_50_million(self):
        assert evaluate(small_firm()).eligible is True
        assert evaluate(small_firm(equity_financing_2y=D("7999.99"))).unmet == ["近2年新增股权融资（营业收入不足5000万元） 7999.99万元，低于 8000万元"]
        assert evaluate(small_firm(rd_expense=D(1499))).unmet == ["近2年研发费用合计（营业收入不足5000万元） 2999万元，低于 3000万元"]
        assert evaluate(small_firm(rd_staff=49)).unmet == ["研发人员占比（营业收入不足5000万元） 49%，低于 50%"]

    def test_it_needs_an_own_rd_institution_of_any_level(self):
        assert evaluate(facts(this_year(rd_institution_level="other"))).eligible is True
        result = evaluate(facts(this_year(rd_institution_level="none")))
        assert result.unmet == ["未建立研发机构"]

    def test_it_needs_two_class1_ip(self):
        assert evaluate(facts(this_year(ip_class1_count=2))).eligible is True
        result = evaluate(facts(this_year(ip_class1_count=1)))
        assert result.unmet == ["与主导产品相关的Ⅰ类知识产权 1项，少于 2项"]

    def test_it_rejects_a_firm_that_is_not_an_sme(self):
        large = this_year(
            employees=1000, revenue=D(40000), main_business_revenue=D(32000), total_assets=D(40000), rd_expense=D(1600),
        )
        result = evaluate(facts(large))
        assert result.unmet == ["从业人员 1000人且营业收入 40000万元，不属于中小企业"]

    def test_it_is_never_eligible_without_revenue(self):
        result = evaluate(facts(this_year(revenue=None)))
        assert result.eligible is False
        assert "缺少2024年营业收入" in result.missing
        assert result.unmet == []

    def test_it_treats_a_zero_base_year_as_missing_growth(self):
        result = evaluate(facts(prior2=YearFigures(year=2022, main_business_revenue=D(0))))
        assert result.eligible is False
        assert result.missing == ["2022年主营业务收入为0，无法计算主营业务收入增长率"]
