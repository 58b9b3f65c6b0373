"""Project lights at their boundaries: pure functions, no database."""

import datetime
from decimal import Decimal

import pytest

from projects.lights import GREEN, RED, YELLOW, Lit, ScheduleFacts, investment_light, overall, schedule_light, target_light

D = datetime.date
TODAY = D(2026, 6, 15)


def schedule(status, **dates_):
    return schedule_light(ScheduleFacts(status, **dates_), TODAY, warning_days=30)


class ScheduleLightTests:
    def test_it_is_red_the_day_after_the_planned_completion_passes_unfinished(self):
        lit = schedule("building", planned_completion=D(2026, 6, 14))
        assert lit.light == RED
        assert "计划竣工日期 2026-06-14 已过" in lit.text and "逾期 1 天" in lit.text

    def test_it_is_yellow_on_the_planned_day_itself(self):
        assert schedule("building", planned_completion=TODAY).light == YELLOW

    def test_it_is_yellow_exactly_warning_days_before_and_green_one_day_earlier(self):
        assert schedule("building", planned_completion=TODAY + datetime.timedelta(days=30)).light == YELLOW
        lit = schedule("building", planned_completion=TODAY + datetime.timedelta(days=31))
        assert lit.light == GREEN and lit.text == "进度正常"

    def test_a_completed_project_is_not_late_for_completion_but_is_for_production(self):
        assert schedule("completed", planned_completion=D(2026, 1, 1)).light == GREEN
        lit = schedule("completed", planned_completion=D(2026, 1, 1), planned_production=D(2026, 6, 1))
        assert lit.light == RED and "计划投产日期" in lit.text

    def test_a_planned_start_passed_before_building_is_red(self):
        assert schedule("preparing", planned_start=D(2026, 6, 1)).light == RED
        assert schedule("building", planned_start=D(2026, 6, 1)).light == GREEN

    def test_producing_is_green_and_suspended_is_red_whatever_the_dates(self):
        assert schedule("producing", planned_production=D(2020, 1, 1)).light == GREEN
        assert schedule("suspended", planned_completion=D(2030, 1, 1)).text == "项目停缓建"


def investment(done, plan=Decimal(1200), months=5):
    return investment_light(None if done is None else Decimal(done), plan, months, red_below=60, green_at_or_above=90)


class InvestmentLightTests:
    # Plan 1,200 万元 over 12 months: 500 due after 5 months; 90 % is 450, 60 % is 300.
    def test_it_is_green_at_exactly_the_green_share(self):
        lit = investment("450")
        assert lit.light == GREEN
        assert "1-5月完成投资 450.00 万元，为应完成 500.00 万元的 90.0%" == lit.text

    def test_it_is_yellow_just_below_the_green_share_and_at_the_red_line(self):
        assert investment("449.99").light == YELLOW
        assert investment("300").light == YELLOW

    def test_it_is_red_just_below_the_red_line_and_with_nothing_done(self):
        assert investment("299.99").light == RED
        assert investment(None).light == RED

    def test_without_a_plan_there_is_no_light(self):
        assert investment("10", plan=None) == Lit(None, ("无本年计划投资",))

    def test_in_january_nothing_is_due_yet(self):
        assert investment("0", months=0).light == GREEN


class OverallTests:
    def test_it_takes_the_worst_light_and_its_reasons(self):
        lit = overall(Lit(YELLOW, ("a",)), Lit(RED, ("b",)), Lit(None, ("c",)))
        assert lit == Lit(RED, ("b",))

    def test_nothing_judged_is_no_light(self):
        assert overall(Lit(None, ())).light is None


class TargetLightTests:
    @pytest.mark.parametrize("actual, light", [("100", GREEN), ("99.99", YELLOW), ("90", YELLOW), ("89.99", RED)])
    def test_an_amount_against_its_target(self, actual, light):
        assert target_light(Decimal(actual), Decimal(100), growth=False, red_below=90, green_at_or_above=100, growth_yellow_points=2).light == light

    @pytest.mark.parametrize("actual, light", [(8.0, GREEN), (6.0, YELLOW), (5.99, RED)])
    def test_a_growth_rate_against_its_target(self, actual, light):
        assert target_light(actual, Decimal(8), growth=True, red_below=90, green_at_or_above=100, growth_yellow_points=2).light == light
