import datetime
import random
from collections import Counter

import pytest
from django.core.management import call_command

from cultivation.eligibility.demo import seed_annual_profiles
from cultivation.eligibility.selectors import evaluate_firms
from cultivation.models import AnnualProfile, ProvincialScore
from cultivation.rules import TIER_CODES
from tests.factories import make_enterprise, make_entry

ON = datetime.date(2026, 6, 1)


def first_reason(evaluation):
    line = (evaluation.unmet or evaluation.missing)[0]
    return line.split(" ")[0].split("，")[0]


@pytest.mark.django_db
class DemoProfilesTests:
    def test_seed_demo_writes_profiles_so_that_some_firms_pass_each_tier_and_others_fail_for_different_reasons(self, monkeypatch):
        # The demo is dated by "today"; pin it so the 2026 rules apply and 2023–2025 are the profile years.
        monkeypatch.setattr("registry.dates.today", lambda: ON)
        monkeypatch.setattr("registry.management.commands.seed_demo.today", lambda: ON)
        call_command("seed_demo", enterprises=300, seed=5428)
        assert set(AnnualProfile.objects.values_list("year", flat=True)) == {2023, 2024, 2025}
        assert 250 < AnnualProfile.objects.filter(year=2025).count() < 300  # a few demo firms have not reported
        assert ProvincialScore.objects.exists()
        evaluations = evaluate_firms(on=ON)
        for tier in TIER_CODES:
            results = [row[tier] for row in evaluations.values()]
            assert any(evaluation.eligible for evaluation in results), tier
            reasons = Counter(first_reason(evaluation) for evaluation in results if not evaluation.eligible)
            assert len(reasons) >= 2, (tier, reasons)
        assert any(row["innovative_sme"].missing and not row["innovative_sme"].unmet for row in evaluations.values())

    def test_it_is_deterministic_for_a_seed_and_adds_nothing_the_second_time(self):
        firms = [make_enterprise(size_class=size) for size in ("large", "medium", "small", "micro") * 3]
        make_entry(firms[1], "innovative_sme", status="recognised", recognised_on=datetime.date(2025, 6, 18))

        def seeded():
            AnnualProfile.objects.all().delete()
            seed_annual_profiles(random.Random(7), firms, ON)
            return sorted(AnnualProfile.objects.values_list("enterprise_id", "year", "revenue", "rd_expense", "platform_score"))

        first = seeded()
        assert first == seeded()
        assert seed_annual_profiles(random.Random(8), firms, ON) == 0
        assert AnnualProfile.objects.count() == len(first)
