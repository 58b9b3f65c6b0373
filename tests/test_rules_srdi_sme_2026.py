"""专精特新中小企业 2026 (工信部企业〔2026〕2号): every hard condition and its edge."""

from datetime import date
from decimal import Decimal as D

from cultivation.rules import Facts, YearFigures
from cultivation.rules.srdi_sme_2026 import evaluate

AS_OF = date(2026, 4, 15)


def this_year(**overrides):
    values = dict(
        year=2025, revenue=D(3000), main_business_revenue=D(2700), total_assets=D(3000), total_liabilities=D(1500),
        rd_expense=D(150), employees=100, ip_class1_count=1, award_level="none", rd_institution_level="none",
        equity_financing_2y=D(0), platform_score=D(70),
    )
    values.update(overrides)
    return YearFigures(**values)


def last_year(**overrides):
    values = dict(year=2024, revenue=D(2500), rd_expense=D(120))
    values.update(overrides)
    return YearFigures(**values)


def facts(current=None, prior=None, **overrides):
    values = dict(
        as_of=AS_OF,
        current=this_year() if current is None else current,
        prior=last_year() if prior is None else prior,
        niche_entry_year=2020,
        valid_titles=frozenset({"innovative_sme"}),
    )
    values.update(overrides)
    return Facts(**values)


class SrdiSme2026Tests:
    def test_it_passes_a_firm_meeting_every_condition(self):
        result = evaluate(facts())
        assert result.eligible is True
        assert result.rule == "srdi_sme@2026"
        assert result.score == 70
        assert result.unmet == [] and result.missing == []

    def test_it_requires_the_innovative_title(self):
        result = evaluate(facts(valid_titles=frozenset()))
        assert result.eligible is False
        assert result.unmet == ["未持有有效的创新型中小企业称号"]

    def test_it_needs_three_years_in_the_niche(self):
        assert evaluate(facts(niche_entry_year=2023)).eligible is True
        result = evaluate(facts(niche_entry_year=2024))
        assert result.unmet == ["从事细分市场 2年，少于 3年"]

    def test_it_needs_1500_wan_revenue_or_2000_wan_equity(self):
        small = dict(revenue=D(1500), main_business_revenue=D(1350), total_assets=D(1500), total_liabilities=D(750), rd_expense=D(100))
        assert evaluate(facts(this_year(**small))).eligible is True
        smaller = dict(small, revenue=D("1499.99"))
        result = evaluate(facts(this_year(**smaller)))
        assert result.unmet == ["营业收入 1499.99万元，低于 1500万元，且近2年新增股权融资 0万元，低于 2000万元"]
        assert evaluate(facts(this_year(**smaller, equity_financing_2y=D(2000)))).eligible is True

    def test_it_needs_main_business_share_of_80_percent(self):
        assert evaluate(facts(this_year(main_business_revenue=D(2400)))).eligible is True
        result = evaluate(facts(this_year(main_business_revenue=D("2399.7"))))
        assert result.unmet == ["主营业务收入占营业收入比重 79.99%，低于 80%"]

    def test_it_allows_debt_ratio_up_to_80_percent(self):
        assert evaluate(facts(this_year(total_liabilities=D(2400)))).eligible is True
        result = evaluate(facts(this_year(total_liabilities=D("2400.3"))))
        assert result.unmet == ["资产负债率 80.01%，高于 80%"]

    def test_it_needs_rd_of_100_wan_and_3_percent_in_each_of_two_years(self):
        assert evaluate(facts(prior=last_year(rd_expense=D(100), revenue=D("3333.33")))).eligible is True
        result = evaluate(facts(prior=last_year(rd_expense=D("99.99"), revenue=D(2000))))
        assert result.unmet == ["2024年研发费用 99.99万元，低于 100万元"]
        result = evaluate(facts(prior=last_year(revenue=D(4014))))
        assert result.unmet == ["2024年研发费用占营业收入比重 2.99%，低于 3%"]
        result = evaluate(facts(this_year(rd_expense=D(89))))
        assert result.unmet == ["2025年研发费用 89万元，低于 100万元", "2025年研发费用占营业收入比重 2.97%，低于 3%"]

    def test_it_needs_class1_ip_or_an_award_or_a_provincial_institution(self):
        without_ip = dict(ip_class1_count=0)
        result = evaluate(facts(this_year(**without_ip)))
        assert result.unmet == ["Ⅰ类知识产权 0项，少于 1项，且无省级以上科技奖励（前三名）或省级以上研发机构"]
        assert evaluate(facts(this_year(**without_ip, award_level="provincial", award_rank=3))).eligible is True
        assert evaluate(facts(this_year(**without_ip, award_level="provincial", award_rank=4))).eligible is False
        assert evaluate(facts(this_year(**without_ip, rd_institution_level="provincial"))).eligible is True
        assert evaluate(facts(this_year(**without_ip, rd_institution_level="city"))).eligible is False

    def test_it_needs_a_platform_score_of_50(self):
        assert evaluate(facts(this_year(platform_score=D(50)))).eligible is True
        result = evaluate(facts(this_year(platform_score=D("49.9"))))
        assert result.unmet == ["平台评分 49.9分，低于 50分"]

    def test_it_rejects_a_firm_that_is_not_an_sme(self):
        result = evaluate(facts(this_year(employees=1000, revenue=D(40000), main_business_revenue=D(36000),
                                          total_assets=D(40000), total_liabilities=D(1000), rd_expense=D(1200))))
        assert result.unmet == ["从业人员 1000人且营业收入 40000万元，不属于中小企业"]

    def test_it_accepts_last_years_data_until_31_may(self):
        older = facts(
            this_year(year=2024), prior=last_year(year=2023), as_of=date(2026, 5, 31),
        )
        assert evaluate(older).eligible is True

    def test_it_treats_data_not_updated_by_31_may_as_missing(self):
        stale = facts(this_year(year=2024), prior=last_year(year=2023), as_of=date(2026, 6, 1))
        result = evaluate(stale)
        assert result.eligible is False
        assert result.missing == ["缺少2025年年度数据（须于2026年5月31日前更新）"]

    def test_it_is_never_eligible_with_a_missing_prior_year(self):
        result = evaluate(Facts(as_of=AS_OF, current=this_year(), niche_entry_year=2020, valid_titles=frozenset({"innovative_sme"})))
        assert result.eligible is False
        assert result.missing == ["缺少2024年年度数据"]

    def test_it_lists_missing_ip_only_when_no_alternative_holds(self):
        result = evaluate(facts(this_year(ip_class1_count=None)))
        assert result.eligible is False
        assert result.missing == ["缺少2025年Ⅰ类知识产权数"]
        assert evaluate(facts(this_year(ip_class1_count=None, rd_institution_level="national"))).eligible is True

    def test_it_treats_zero_assets_as_missing_debt_ratio(self):
        result = evaluate(facts(this_year(total_assets=D(0))))
        assert result.eligible is False
        assert result.missing == ["2025年资产总额为0，无法计算资产负债率"]
