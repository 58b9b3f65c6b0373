"""化解率, the open and overdue counts, the 未走访 list and the workload against a hand-computed example."""

import datetime
from decimal import Decimal

import pytest

from assistance import services
from assistance.models import Problem, ProblemStatus as S, VisitInterval
from assistance.selectors import RATE_DEFINITION, months_before, officer_workload, overdue_problems, problem_figures, problem_figures_by, unvisited_firms
from registry.models import Enterprise
from tests.factories import make_enterprise, make_entry, make_problem, make_service_record, make_user, next_uscc, tier

D = datetime.date
TODAY = D(2026, 3, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("registry.dates.today", lambda: TODAY)


@pytest.fixture
def example(db):
    """Eight problems of two firms; worked out by hand below."""
    boss = make_user("boss", superuser=True)
    dinghai, putuo = make_enterprise(county_id="330902"), make_enterprise(county_id="330903", uscc=next_uscc("330903"))
    made = {
        "resolved_in_10": make_problem(dinghai, status=S.RESOLVED, raised_on=D(2026, 1, 1), resolved_on=D(2026, 1, 11), unit="jxj"),
        "resolved_in_20": make_problem(putuo, status=S.RESOLVED, raised_on=D(2026, 1, 5), resolved_on=D(2026, 1, 25), category="labour", unit="rsj"),
        "withdrawn": make_problem(dinghai, status=S.WITHDRAWN, raised_on=D(2026, 1, 6), due_on=D(2026, 1, 20)),
        "overdue": make_problem(dinghai, status=S.IN_PROGRESS, raised_on=D(2026, 2, 1), due_on=D(2026, 2, 15), unit="jxj"),
        "due_later": make_problem(putuo, status=S.ASSIGNED, raised_on=D(2026, 2, 2), due_on=D(2026, 3, 10), category="labour", unit="rsj"),
        "due_today": make_problem(putuo, status=S.COLLECTED, raised_on=D(2026, 2, 3), due_on=TODAY),
        "closed_past_due": make_problem(dinghai, status=S.UNRESOLVABLE, raised_on=D(2026, 1, 2), due_on=D(2026, 1, 10), resolved_on=D(2026, 1, 30)),
    }
    reopened = make_problem(dinghai, status=S.IN_PROGRESS, raised_on=D(2026, 1, 3), due_on=D(2026, 2, 20))
    services.problem_resolve(problem=reopened, resolution="已协调", resolved_on=D(2026, 1, 8), acting_user=boss)
    made["reopened"] = services.problem_reopen(problem=reopened, reason="未落实", acting_user=boss)
    return made


@pytest.mark.django_db
class ProblemFigureTests:
    def test_the_headline_figures_match_the_hand_count(self, example):
        figures = problem_figures(Problem.objects.all())
        # 8 collected, 1 withdrawn → 7 counted; 2 resolved (the reopened one is open again) → 2 ÷ 7 = 28.6 %.
        assert (figures.collected, figures.withdrawn, figures.resolved, figures.unresolvable) == (8, 1, 2, 1)
        assert figures.rate == Decimal("28.6")
        assert figures.average_days == Decimal("15.0")  # (10 + 20) ÷ 2
        # Open: overdue, due_later, due_today, reopened; overdue: past due and open (due today is not yet overdue).
        assert (figures.open, figures.overdue) == (4, 2)
        assert str(RATE_DEFINITION) == "化解率 = 已化解 ÷（已收集 − 企业撤回）"

    def test_the_overdue_list_holds_the_open_problems_past_due_longest_first(self, example):
        assert list(overdue_problems(Problem.objects.all())) == [example["overdue"], example["reopened"]]

    def test_resolving_the_reopened_problem_again_moves_the_rate(self, example):
        boss = make_user("boss2", superuser=True)
        services.problem_resolve(problem=example["reopened"], resolution="已落实", resolved_on=D(2026, 1, 23), acting_user=boss)
        figures = problem_figures(Problem.objects.all())
        assert (figures.resolved, figures.rate, figures.overdue, figures.average_days) == (3, Decimal("42.9"), 1, Decimal("16.7"))  # 3 ÷ 7; (10 + 20 + 20) ÷ 3

    def test_no_problems_has_no_rate_rather_than_a_division_by_zero(self, db):
        figures = problem_figures(Problem.objects.all())
        assert (figures.collected, figures.rate, figures.average_days) == (0, None, None)

    def test_only_withdrawn_problems_have_no_rate(self, db):
        make_problem(status=S.WITHDRAWN)
        assert problem_figures(Problem.objects.all()).rate is None

    def test_the_groups_add_up_to_the_whole(self, example):
        by_county = dict(problem_figures_by(Problem.objects.all(), "county"))
        assert list(by_county) == ["定海区", "普陀区"]
        assert (by_county["定海区"].collected, by_county["定海区"].resolved, by_county["定海区"].withdrawn, by_county["定海区"].overdue) == (5, 1, 1, 2)
        assert by_county["定海区"].rate == Decimal("25.0")  # 1 ÷ (5 − 1)
        assert (by_county["普陀区"].collected, by_county["普陀区"].rate) == (3, Decimal("33.3"))
        for grouping in ("county", "zone", "unit", "category", "officer", "month"):
            groups = problem_figures_by(Problem.objects.all(), grouping)
            assert sum(figures.collected for _, figures in groups) == 8
            assert sum(figures.resolved for _, figures in groups) == 2

    def test_grouped_by_unit_and_month(self, example):
        by_unit = {name: figures.collected for name, figures in problem_figures_by(Problem.objects.all(), "unit")}
        assert by_unit == {"市经信局": 2, "市人力社保局": 2, "（未交办）": 4}
        by_month = {name: figures.collected for name, figures in problem_figures_by(Problem.objects.all(), "month")}
        assert by_month == {"2026-01": 5, "2026-02": 3}

    def test_the_figures_respect_the_set_of_problems_given(self, example):
        dinghai = Enterprise.objects.get(county_id="330902")
        assert problem_figures(Problem.objects.filter(enterprise=dinghai)).collected == 5


@pytest.mark.django_db
class UnvisitedTests:
    def test_pool_firms_without_a_record_in_their_tiers_interval_are_listed(self):
        never = make_entry(make_enterprise(name="从未走访公司"), "innovative_sme").enterprise
        lately = make_entry(make_enterprise(name="近期走访公司"), "innovative_sme").enterprise
        long_ago = make_entry(make_enterprise(name="久未走访公司"), "innovative_sme").enterprise
        exited = make_entry(make_enterprise(name="已退库公司"), "innovative_sme", status="exited").enterprise
        outside_pool = make_enterprise(name="未入库公司")
        make_service_record(lately, served_on=D(2025, 9, 1))  # exactly six months before today: still within
        make_service_record(long_ago, served_on=D(2025, 8, 31))
        listed = unvisited_firms(Enterprise.objects.all())
        assert [row.enterprise for row in listed] == [never, long_ago]
        assert (listed[1].last_served_on, listed[1].months, listed[1].tiers) == (D(2025, 8, 31), 6, ["创新型中小企业"])
        assert exited not in [row.enterprise for row in listed] and outside_pool not in [row.enterprise for row in listed]

    def test_the_interval_is_set_per_tier(self):
        firm = make_entry(make_enterprise(), "srdi_sme").enterprise
        make_service_record(firm, served_on=D(2025, 12, 15))
        assert unvisited_firms(Enterprise.objects.all()) == []
        VisitInterval.objects.create(tier=tier("srdi_sme"), months=2)
        assert [row.enterprise for row in unvisited_firms(Enterprise.objects.all())] == [firm]

    def test_the_month_arithmetic_keeps_to_the_months_last_day(self):
        assert months_before(D(2026, 8, 31), 6) == D(2026, 2, 28)
        assert months_before(D(2026, 1, 15), 1) == D(2025, 12, 15)


@pytest.mark.django_db
class WorkloadTests:
    def test_each_officer_counts_their_firms_services_and_problems(self, example):
        zhou = make_user("zhou", first_name="海军", last_name="周")
        Problem.objects.filter(pk__in=[example["overdue"].pk, example["due_later"].pk, example["resolved_in_10"].pk]).update(officer=zhou)
        firm = make_enterprise(service_officer=zhou)
        make_service_record(firm, served_on=D(2026, 2, 1), officers=[zhou])
        make_service_record(firm, served_on=D(2025, 2, 1), officers=[zhou])  # more than a year ago
        rows = {row.officer.username: row for row in officer_workload(make_user("city", superuser=True))}
        zhou_row = rows["zhou"]
        assert (zhou_row.lead_firms, zhou_row.service_records, zhou_row.open_problems, zhou_row.overdue_problems, zhou_row.resolved_problems) == (1, 1, 2, 1, 1)
