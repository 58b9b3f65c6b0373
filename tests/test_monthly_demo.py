import datetime
import random

import pytest

from cultivation.ladder.demo import seed_ladder
from cultivation.models import MonthlyReport
from cultivation.monitoring.demo import seed_monthly_reports
from cultivation.monitoring.watchlists import WATCH_LISTS, watch_list_rows
from registry.demo import seed_enterprises

TODAY = datetime.date(2026, 11, 28)
LATEST = datetime.date(2026, 10, 1)


@pytest.fixture
def firms(db):
    rng = random.Random(5428)
    firms = seed_enterprises(rng, 150)
    seed_ladder(rng, firms, TODAY)
    return firms


def snapshot():
    return sorted(MonthlyReport.objects.values_list("enterprise_id", "period", "output_value", "main_business_revenue", "employees"))


@pytest.mark.django_db
class MonthlyDemoTests:
    def test_it_writes_two_years_with_something_on_every_watch_list(self, firms):
        seed_monthly_reports(random.Random(1), firms, TODAY)
        periods = MonthlyReport.objects.values_list("period", flat=True)
        assert min(periods) == datetime.date(2024, 11, 1) and max(periods) == LATEST
        for slug, watch_list in WATCH_LISTS.items():
            assert watch_list_rows(watch_list, LATEST).exists(), slug

    def test_it_is_deterministic_and_safe_to_run_again(self, firms):
        seed_monthly_reports(random.Random(1), firms, TODAY)
        first = snapshot()
        seed_monthly_reports(random.Random(1), firms, TODAY)
        assert snapshot() == first
