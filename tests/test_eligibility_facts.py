import datetime
from decimal import Decimal

import pytest

from cultivation.eligibility.firm_facts import facts_by_firm
from cultivation.models import AnnualProfile, ProvincialIndicator, ProvincialScore
from registry.models import Enterprise
from tests.factories import make_annual_profile, make_enterprise, make_entry, make_profile_years
from tests.query_counts import assert_queries_do_not_grow, count_queries

D = datetime.date
AFTER_FILING = D(2026, 6, 15)
BEFORE_FILING = D(2026, 3, 1)


def facts_of(firm, on=AFTER_FILING):
    return facts_by_firm(Enterprise.objects.filter(pk=firm.pk), on=on)[firm.pk]


@pytest.mark.django_db
class FactsYearsTests:
    def test_it_takes_last_year_and_the_two_before_from_the_profiles(self):
        firm = make_enterprise(niche_entry_year=2015)
        make_profile_years(firm, 2025)
        make_annual_profile(firm, 2021, revenue=Decimal(1))
        facts = facts_of(firm)
        assert (facts.current.year, facts.prior.year, facts.prior2.year) == (2025, 2024, 2023)
        assert facts.current.revenue == Decimal(1000)
        assert facts.prior.revenue == Decimal("892.8571")
        assert facts.niche_entry_year == 2015
        assert facts.as_of == AFTER_FILING

    def test_it_leaves_a_missing_year_empty_rather_than_shifting(self):
        firm = make_enterprise()
        make_annual_profile(firm, 2025, revenue=Decimal(10))
        make_annual_profile(firm, 2023, revenue=Decimal(8))
        facts = facts_of(firm)
        assert (facts.current.year, facts.prior, facts.prior2.year) == (2025, None, 2023)

    def test_it_uses_the_year_before_last_until_31_may_when_last_year_is_not_filed(self):
        firm = make_enterprise()
        make_annual_profile(firm, 2024, revenue=Decimal(10))
        make_annual_profile(firm, 2023, revenue=Decimal(8))
        assert facts_of(firm, on=BEFORE_FILING).current.year == 2024
        assert facts_of(firm, on=D(2026, 5, 31)).current.year == 2024
        late = facts_of(firm, on=D(2026, 6, 1))
        assert (late.current, late.prior.year, late.base_year) == (None, 2024, 2025)

    def test_it_gives_a_firm_without_profiles_empty_years(self):
        firm = make_enterprise()
        facts = facts_of(firm)
        assert (facts.current, facts.prior, facts.prior2, facts.base_year) == (None, None, None, 2025)

    def test_it_reads_a_blank_choice_as_not_reported(self):
        firm = make_enterprise()
        profile = make_annual_profile(firm, 2025, revenue=Decimal(10))
        AnnualProfile.objects.filter(pk=profile.pk).update(rd_institution_level="", award_level="", main_product_field="")
        current = facts_of(firm).current
        assert (current.rd_institution_level, current.award_level, current.main_product_field) == (None, None, None)

    def test_it_turns_a_stored_value_the_rules_cannot_read_into_missing_not_a_crash(self):
        firm = make_enterprise()
        profile = make_annual_profile(firm, 2025, revenue=Decimal(10), digitalisation_level=2)
        AnnualProfile.objects.filter(pk=profile.pk).update(digitalisation_level=9, rd_institution_level="county")
        current = facts_of(firm).current
        assert (current.digitalisation_level, current.rd_institution_level, current.revenue) == (None, None, Decimal(10))


@pytest.mark.django_db
class FactsTitlesTests:
    def test_it_holds_only_recognised_titles_valid_on_the_date(self):
        firm = make_enterprise()
        make_entry(firm, "innovative_sme", status="recognised", recognised_on=D(2024, 6, 20))  # valid to 2027-06-19
        make_entry(firm, "srdi_sme", status="recognised", recognised_on=D(2023, 1, 10))  # valid to 2026-01-09
        make_entry(firm, "little_giant", status="applied")
        make_entry(firm, "billion_yuan", status="recognised", recognised_on=D(2026, 7, 1))  # after the date
        assert facts_of(firm).valid_titles == frozenset({"innovative_sme"})
        assert facts_of(firm, on=D(2026, 1, 9)).valid_titles == frozenset({"innovative_sme", "srdi_sme"})

    def test_it_counts_a_title_without_end_date_as_valid(self):
        firm = make_enterprise()
        make_entry(firm, "chain_leader", status="recognised", recognised_on=D(2020, 1, 1))
        assert facts_of(firm).valid_titles == frozenset({"chain_leader"})

    def test_it_ignores_expired_and_revoked_entries(self):
        firm = make_enterprise()
        make_entry(firm, "innovative_sme", status="expired", recognised_on=D(2025, 1, 1), closed_on=D(2026, 1, 1))
        make_entry(firm, "srdi_sme", status="revoked", recognised_on=D(2025, 1, 1))
        assert facts_of(firm).valid_titles == frozenset()


@pytest.mark.django_db
class FactsProvincialPointsTests:
    def setup_method(self):
        self.indicator = ProvincialIndicator.objects.get(code="zhejiang_distinctive")

    def test_it_sums_the_scores_of_active_indicators_for_the_current_year(self):
        firm = make_enterprise()
        current = make_annual_profile(firm, 2025)
        older = make_annual_profile(firm, 2024)
        extra = ProvincialIndicator.objects.create(rule="srdi_sme@2022", code="marine", name="海洋特色", max_points=Decimal(5))
        ProvincialScore.objects.create(profile=current, indicator=self.indicator, points=Decimal("7.5"))
        ProvincialScore.objects.create(profile=current, indicator=extra, points=Decimal(3))
        ProvincialScore.objects.create(profile=older, indicator=self.indicator, points=Decimal(15))
        assert facts_of(firm).provincial_points == Decimal("10.5")

    def test_it_leaves_out_inactive_indicators_and_other_rule_sets(self):
        firm = make_enterprise()
        current = make_annual_profile(firm, 2025)
        retired = ProvincialIndicator.objects.create(rule="srdi_sme@2022", code="old", name="旧指标", max_points=Decimal(5), active=False)
        other = ProvincialIndicator.objects.create(rule="srdi_sme@2026", code="other", name="其他规则指标", max_points=Decimal(5))
        ProvincialScore.objects.create(profile=current, indicator=self.indicator, points=Decimal(6))
        ProvincialScore.objects.create(profile=current, indicator=retired, points=Decimal(5))
        ProvincialScore.objects.create(profile=current, indicator=other, points=Decimal(5))
        assert facts_of(firm).provincial_points == Decimal(6)

    def test_it_is_none_when_no_score_was_entered(self):
        firm = make_enterprise()
        make_annual_profile(firm, 2025)
        assert facts_of(firm).provincial_points is None

    def test_a_zero_score_is_zero_not_missing(self):
        firm = make_enterprise()
        ProvincialScore.objects.create(profile=make_annual_profile(firm, 2025), indicator=self.indicator, points=Decimal(0))
        assert facts_of(firm).provincial_points == Decimal(0)


@pytest.mark.django_db
class FactsQueryCountTests:
    def make_firms(self, count):
        for _ in range(count):
            firm = make_enterprise()
            profiles = make_profile_years(firm, 2025)
            make_entry(firm, "innovative_sme", status="recognised", recognised_on=D(2025, 6, 1))
            ProvincialScore.objects.create(profile=profiles[-1], indicator=ProvincialIndicator.objects.get(code="zhejiang_distinctive"), points=Decimal(9))

    def test_it_loads_many_firms_in_the_same_few_queries(self):
        self.make_firms(2)
        queries, book = count_queries(lambda: facts_by_firm(on=AFTER_FILING))
        assert (queries, len(book)) == (4, 2)
        book = assert_queries_do_not_grow(lambda: facts_by_firm(on=AFTER_FILING), lambda: self.make_firms(25))
        assert len(book) == 27
        assert all(facts.provincial_points == Decimal(9) and facts.valid_titles == {"innovative_sme"} for facts in book.values())

    def test_it_loads_only_the_firms_asked_for(self):
        self.make_firms(3)
        one = Enterprise.objects.order_by("pk")[:1]
        queries, book = count_queries(lambda: facts_by_firm(Enterprise.objects.filter(pk__in=one.values("pk")), on=AFTER_FILING))
        assert list(book) == [one[0].pk]
        assert queries == 4
