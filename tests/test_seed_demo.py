from decimal import Decimal

import pytest
from django.core.management import call_command

from assistance.models import FirmOfficer, Problem, ProblemEvent, ProblemStatus, ServiceRecord
from assistance.selectors import problem_figures
from cultivation.models import AnnualProfile, MonthlyReport, PoolEntry, PoolEvent
from cultivation.models.ladder import PoolStatus
from projects.models import Project, ProjectProgress
from registry.models import Enterprise
from registry.uscc import uscc_is_valid


@pytest.mark.django_db
class SeedDemoTests:
    def test_it_is_deterministic_for_a_seed(self):
        call_command("seed_demo", enterprises=40, seed=7, stdout=None)
        first = sorted(Enterprise.objects.values_list("uscc", "name"))
        first_ladder = sorted(PoolEntry.objects.values_list("enterprise__uscc", "tier__code", "status"))
        for model in (ProjectProgress, Project, ProblemEvent, Problem, ServiceRecord, FirmOfficer, AnnualProfile, MonthlyReport, PoolEvent, PoolEntry, Enterprise):
            model.objects.all().delete()
        call_command("seed_demo", enterprises=40, seed=7)
        assert sorted(Enterprise.objects.values_list("uscc", "name")) == first
        assert sorted(PoolEntry.objects.values_list("enterprise__uscc", "tier__code", "status")) == first_ladder

    def test_it_makes_valid_firms_spread_over_counties_and_zones(self):
        call_command("seed_demo", enterprises=120, seed=1)
        firms = list(Enterprise.objects.all())
        assert len(firms) == 120
        assert all(uscc_is_valid(firm.uscc) and not firm.uscc_override for firm in firms)
        assert {firm.county_id for firm in firms} == {"330902", "330903", "330921", "330922"}
        assert len({firm.zone_id for firm in firms if firm.zone_id}) >= 4
        assert all(len(firm.industry_id) == 4 for firm in firms)

    def test_it_is_safe_to_run_twice(self):
        call_command("seed_demo", enterprises=30, seed=3)
        problems = Problem.objects.count()
        call_command("seed_demo", enterprises=30, seed=3)
        assert Enterprise.objects.count() == 30
        assert Problem.objects.count() == problems > 0

    def test_it_places_firms_on_the_ladder_and_serves_them_in_every_status(self):
        call_command("seed_demo", enterprises=300, seed=5428)
        assert set(PoolEntry.objects.values_list("status", flat=True)) == set(PoolStatus.values)
        assert PoolEntry.objects.filter(tier__code="little_giant", status="recognised").exists()
        # 助企服务 in the review's shape: 488 problems, 95.5 % resolved, every status, some reopened.
        figures = problem_figures(Problem.objects.all())
        assert (figures.collected, figures.rate) == (488, Decimal("95.5"))
        assert set(Problem.objects.values_list("status", flat=True)) == set(ProblemStatus.values)
        assert ProblemEvent.objects.filter(from_status="resolved", to_status="in_progress").exists()  # reopened ones
        assert ServiceRecord.objects.exists() and FirmOfficer.objects.exists()
