import datetime
from decimal import Decimal

import pytest

from cultivation.eligibility.selectors import evaluate_every_rule_set, evaluate_firms, firm_eligibility, passing_firm_ids
from cultivation.eligibility.tiers import EligibilityError
from cultivation.rules import RULES, TIER_CODES
from registry.models import Enterprise
from tests.factories import make_annual_profile, make_enterprise, make_entry, make_profile_years
from tests.query_counts import assert_queries_do_not_grow

D = datetime.date


def only(firm):
    return Enterprise.objects.filter(pk=firm.pk)


@pytest.mark.django_db
class RuleVersionByDateTests:
    def test_it_switches_srdi_and_little_giant_to_the_2026_rules_on_1_april_2026(self):
        firm = make_enterprise()
        before = evaluate_firms(only(firm), on=D(2026, 3, 31))[firm.pk]
        after = evaluate_firms(only(firm), on=D(2026, 4, 1))[firm.pk]
        assert {tier: before[tier].rule for tier in ("srdi_sme", "little_giant", "innovative_sme")} == {"srdi_sme": "srdi_sme@2022", "little_giant": "little_giant@2022", "innovative_sme": "innovative_sme@2022"}
        assert {tier: after[tier].rule for tier in ("srdi_sme", "little_giant", "innovative_sme")} == {"srdi_sme": "srdi_sme@2026", "little_giant": "little_giant@2026", "innovative_sme": "innovative_sme@2022"}

    def test_an_override_picks_another_version(self):
        firm = make_enterprise()
        row = evaluate_firms(only(firm), on=D(2026, 6, 1), overrides={"srdi_sme": "2022"})[firm.pk]
        assert (row["srdi_sme"].rule, row["little_giant"].rule) == ("srdi_sme@2022", "little_giant@2026")

    def test_an_unknown_override_is_refused_in_chinese(self):
        with pytest.raises(EligibilityError, match="“专精特新中小企业”没有2030版测评标准。可用版本：2022、2026"):
            evaluate_firms(Enterprise.objects.none(), on=D(2026, 6, 1), overrides={"srdi_sme": "2030"})

    def test_a_little_giant_holding_its_title_is_re_reviewed_on_the_2022_standard_in_2026(self):
        giant = make_enterprise()
        make_entry(giant, "little_giant", status="recognised", recognised_on=D(2024, 7, 26))
        newcomer = make_enterprise()
        rows = evaluate_firms(Enterprise.objects.filter(pk__in=[giant.pk, newcomer.pk]), on=D(2026, 6, 1), tiers=("little_giant",))
        assert (rows[giant.pk]["little_giant"].rule, rows[newcomer.pk]["little_giant"].rule) == ("little_giant@2022", "little_giant@2026")


@pytest.mark.django_db
class EvaluationTests:
    def test_it_passes_a_firm_whose_figures_meet_the_criteria(self):
        firm = make_enterprise()
        make_profile_years(firm, 2025)
        evaluation = evaluate_firms(only(firm), on=D(2026, 6, 1))[firm.pk]["innovative_sme"]
        assert evaluation.eligible
        assert evaluation.score == Decimal(80)

    def test_it_never_passes_a_firm_on_missing_data_and_says_what_is_missing(self):
        firm = make_enterprise()
        make_profile_years(firm, 2025, total_assets=None, total_liabilities=None, strategic_emerging_product=None, ip_class1_count=None, ip_class2_count=None)
        evaluation = evaluate_firms(only(firm), on=D(2026, 6, 1))[firm.pk]["innovative_sme"]
        assert not evaluation.eligible
        assert "缺少2025年资产总额" in evaluation.missing
        assert "缺少2025年Ⅰ类知识产权数" in evaluation.missing

    def test_a_zero_denominator_is_missing_data_not_a_crash(self):
        firm = make_enterprise()
        make_annual_profile(firm, 2024, revenue=Decimal(0), main_business_revenue=Decimal(0))
        make_annual_profile(firm, 2025, revenue=Decimal(0), main_business_revenue=Decimal(0), rd_expense=Decimal(5), total_assets=Decimal(0), total_liabilities=Decimal(0), employees=0, rd_staff=0)
        rows = evaluate_every_rule_set(only(firm), on=D(2026, 6, 1))[firm.pk]
        assert set(rows) == set(RULES)
        assert not any(evaluation.eligible for evaluation in rows.values())
        assert any("无法计算研发费用占营业收入比重" in line for line in rows["innovative_sme@2022"].missing)

    def test_a_firm_without_any_profile_is_evaluated_and_ineligible_everywhere(self):
        firm = make_enterprise()
        row = evaluate_firms(only(firm), on=D(2026, 6, 1))[firm.pk]
        assert set(row) == set(TIER_CODES)
        assert not any(evaluation.eligible for evaluation in row.values())
        assert "缺少2025年年度数据" in row["above_scale"].missing

    def test_it_evaluates_all_firms_in_a_constant_number_of_queries(self):
        for _ in range(3):
            make_profile_years(make_enterprise(), 2025)
        rows = assert_queries_do_not_grow(lambda: evaluate_firms(on=D(2026, 6, 1)), lambda: [make_profile_years(make_enterprise(), 2025) for _ in range(20)])
        assert len(rows) == 23

    def test_it_lists_the_passing_firms_of_a_tier(self):
        strong, weak = make_enterprise(), make_enterprise()
        make_profile_years(strong, 2025)
        make_profile_years(weak, 2025, rd_expense=Decimal(5), ip_class1_count=0)
        assert passing_firm_ids("innovative_sme", on=D(2026, 6, 1)) == [strong.pk]


@pytest.mark.django_db
class FirmEligibilityTests:
    def test_it_gives_every_tier_with_its_rule_and_data_year(self):
        firm = make_enterprise()
        make_profile_years(firm, 2025)
        make_entry(firm, "innovative_sme", status="recognised", recognised_on=D(2025, 6, 18))
        lines = firm_eligibility(firm, on=D(2026, 6, 1))
        assert [line.tier for line in lines] == list(TIER_CODES)
        innovative = lines[0]
        assert (innovative.name, innovative.data_year, innovative.is_review, innovative.evaluation.eligible) == ("创新型中小企业", 2025, True, True)
        assert lines[1].evaluation.rule == "srdi_sme@2026" and not lines[1].is_review
