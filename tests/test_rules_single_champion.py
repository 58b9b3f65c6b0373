"""制造业单项冠军 (2023): years in the field, 3-year average main-business revenue, global rank."""

from datetime import date
from decimal import Decimal as D

from cultivation.rules import Facts, YearFigures
from cultivation.rules.single_champion import evaluate

AS_OF = date(2026, 6, 30)


def facts(current=None, prior_revenue=D(45000), prior2_revenue=D(40000), **overrides):
    values = dict(
        as_of=AS_OF,
        current=YearFigures(year=2025, main_business_revenue=D(50000), global_market_rank=1, new_product=False, employees=5000)
        if current is None else current,
        prior=YearFigures(year=2024, main_business_revenue=prior_revenue),
        prior2=YearFigures(year=2023, main_business_revenue=prior2_revenue),
        niche_entry_year=2010,
    )
    values.update(overrides)
    return Facts(**values)


def this_year(**overrides):
    values = dict(year=2025, main_business_revenue=D(50000), global_market_rank=1, new_product=False)
    values.update(overrides)
    return YearFigures(**values)


class SingleChampionTests:
    def test_it_passes_a_large_global_leader_without_asking_for_sme_status(self):
        result = evaluate(facts())
        assert result.eligible is True
        assert result.rule == "single_champion@2023"

    def test_it_needs_ten_years_in_the_field(self):
        assert evaluate(facts(niche_entry_year=2016)).eligible is True
        result = evaluate(facts(niche_entry_year=2017))
        assert result.unmet == ["从事相关领域 9年，少于 10年，且不属于新产品"]

    def test_it_accepts_five_years_for_a_new_product(self):
        assert evaluate(facts(this_year(new_product=True), niche_entry_year=2021)).eligible is True
        result = evaluate(facts(this_year(new_product=True), niche_entry_year=2022))
        assert result.unmet == ["从事相关领域 4年，少于 10年（新产品为 5年）"]

    def test_it_lists_the_new_product_flag_when_it_decides(self):
        result = evaluate(facts(this_year(new_product=None), niche_entry_year=2019))
        assert result.eligible is False
        assert result.missing == ["缺少2025年是否为新产品"]

    def test_it_accepts_a_three_year_average_of_exactly_40000_wan(self):
        assert evaluate(facts(this_year(main_business_revenue=D(40000)), prior_revenue=D(40000))).eligible is True

    def test_it_rejects_an_average_a_hair_under_40000_wan(self):
        result = evaluate(facts(this_year(main_business_revenue=D("39999.99")), prior_revenue=D(40000)))
        assert result.eligible is False
        assert result.unmet == ["近3年主营业务收入平均 39999.9967万元，低于 40000万元"]

    def test_it_needs_a_global_top_three_rank(self):
        assert evaluate(facts(this_year(global_market_rank=3))).eligible is True
        result = evaluate(facts(this_year(global_market_rank=4)))
        assert result.unmet == ["全球市场占有率排名第4，未进前三"]

    def test_it_lists_each_missing_year_of_the_average(self):
        result = evaluate(facts(prior2_revenue=None))
        assert result.eligible is False
        assert result.missing == ["缺少2023年主营业务收入"]

    def test_it_lists_a_missing_entry_year(self):
        result = evaluate(facts(niche_entry_year=None))
        assert result.eligible is False
        assert result.missing == ["缺少进入细分市场年份"]

    def test_it_lists_a_missing_global_rank(self):
        result = evaluate(facts(this_year(global_market_rank=None)))
        assert result.missing == ["缺少2025年全球市场占有率排名"]

    def test_it_reports_every_failure_at_once(self):
        result = evaluate(facts(this_year(global_market_rank=9, main_business_revenue=D(1000)), niche_entry_year=2020))
        assert len(result.unmet) == 3
