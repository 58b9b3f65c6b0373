"""月度指标分解 against a hand-computed example (today 2026-06-15), and its scope."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from projects.models import IndicatorTarget
from registry.models import StaffProfile
from registry.roles import OFFICER
from tests.factories import make_enterprise, make_monthly_report, make_progress, make_project, make_user, next_uscc

D = datetime.date


def target(indicator, value, month=2, county="330902"):
    return IndicatorTarget.objects.create(county_id=county, year=2026, month=month, indicator=indicator, value=Decimal(value))


@pytest.fixture
def example(db, monkeypatch):
    """定海 through February: above-scale output 300 (last year 200, +50 %), one above-scale firm reporting;
    investment 80 (技改) + 20 (新建) = 100; the sub-scale firm's output is not counted."""
    monkeypatch.setattr("registry.dates.today", lambda: D(2026, 6, 15))
    above = make_enterprise(is_above_scale=True)
    below = make_enterprise()
    for period, value in (("2026-01", 100), ("2026-02", 200), ("2025-01", 100), ("2025-02", 100)):
        make_monthly_report(above, period, output_value=value)
    make_monthly_report(below, "2026-01", output_value=999)
    renovation = make_project(above, kind="renovation")
    make_progress(renovation, "2026-01", 50)
    make_progress(renovation, "2026-02", 30)
    make_progress(make_project(below), "2026-02", 20)
    make_progress(make_project(below), "2026-03", 1000)  # after February: not in its year-to-date
    return {
        "output": target("output", 300),
        "output_growth": target("output_growth", 55),
        "investment": target("investment", 110),
        "renovation": target("renovation", 80),
        "above_scale_firms": target("above_scale_firms", 2),
        "future": target("investment", 500, month=7),
        "elsewhere": target("investment", 1, county="330903"),
    }


def shown(response):
    return {row.target.pk: (row.actual, row.lit.light) for row in response.context["rows"]}


@pytest.mark.django_db
class BreakdownTests:
    def test_each_target_meets_its_actual_and_light(self, admin_client, example):
        rows = shown(admin_client.get(reverse("admin:projects_indicatortarget_breakdown") + "?county=330902"))
        assert rows[example["output"].pk] == (Decimal(300), "green")
        assert rows[example["output_growth"].pk] == (pytest.approx(50.0), "red")
        assert rows[example["investment"].pk] == (Decimal(100), "yellow")
        assert rows[example["renovation"].pk] == (Decimal(80), "green")
        assert rows[example["above_scale_firms"].pk] == (1, "red")
        assert rows[example["future"].pk] == (None, None)
        assert example["elsewhere"].pk not in rows

    def test_a_bad_choice_shows_this_year_for_every_area(self, admin_client, example):
        response = admin_client.get(reverse("admin:projects_indicatortarget_breakdown") + "?year=abc&county=%00")
        assert response.status_code == 200 and "筛选条件无效" in response.content.decode()
        assert len(response.context["rows"]) == 7

    def test_an_officer_sees_only_their_countys_targets(self, client, example):
        user = make_user("dinghai")
        user.groups.add(Group.objects.get(name=OFFICER))
        StaffProfile.objects.create(user=user, county_id="330903")
        client.force_login(user)
        rows = shown(client.get(reverse("admin:projects_indicatortarget_breakdown")))
        assert list(rows) == [example["elsewhere"].pk]
        listed = client.get(reverse("admin:projects_indicatortarget_changelist")).context["cl"].result_list
        assert [item.pk for item in listed] == [example["elsewhere"].pk]
