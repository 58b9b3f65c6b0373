"""The three project lists against a hand-computed example (today 2026-06-15), their filters and the xlsx export."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import make_enterprise, make_progress, make_project

D = datetime.date
TODAY = D(2026, 6, 15)


@pytest.fixture
def example(db, monkeypatch):
    """A: renovation, 500 of 500 due (1,200 × 5/12) → green.  B: renovation, 300 of 1,000 due → red.
    C: new, 2亿元, planned completion 2026-05-31 passed while building → red.  D: produced in 2025 → on no 2026 list."""
    monkeypatch.setattr("registry.dates.today", lambda: TODAY)
    firm = make_enterprise(name="甲船舶有限公司")
    a = make_project(firm, code="A", kind="renovation", renovation_kind="robots", total_investment=8000, plan_year=2026, plan_investment=1200, planned_completion=D(2026, 12, 31))
    for month in range(1, 6):
        make_progress(a, f"2026-{month:02d}", 100)
    b = make_project(firm, code="B", kind="renovation", renovation_kind="digital", total_investment=Decimal("9999.99"), plan_year=2026, plan_investment=2400)
    make_progress(b, "2025-12", 1000)
    make_progress(b, "2026-01", 300)
    c = make_project(firm, code="C", total_investment=20000, planned_completion=D(2026, 5, 31), planned_production=D(2026, 9, 1))
    d = make_project(firm, code="D", kind="expansion", status="producing", planned_production=D(2025, 6, 1), actual_production=D(2025, 7, 1))
    return {"A": a, "B": b, "C": c, "D": d}


def listed(client, name, query=""):
    response = client.get(reverse(f"admin:projects_{name}_changelist") + query)
    assert response.status_code == 200
    return [project.code for project in response.context["cl"].result_list], response


@pytest.mark.django_db
class ProjectListTests:
    def test_the_completion_list_holds_this_years_planned_completions_and_production_starts(self, admin_client, example):
        assert listed(admin_client, "completionlist")[0] == ["C", "A"]
        assert listed(admin_client, "completionlist", "?year=2025")[0] == ["D"]

    def test_the_renovation_list_holds_renovation_projects_with_their_year_to_date_investment(self, admin_client, example):
        codes, response = listed(admin_client, "renovationlist")
        assert codes == ["A", "B"]
        page = response.content.decode()
        assert "500.00" in page and "为应完成 1,000.00 万元的 30.0%" in page

    def test_the_major_list_holds_projects_of_one_hundred_million_or_more(self, admin_client, example):
        assert listed(admin_client, "majorprojectlist")[0] == ["C"]
        assert listed(admin_client, "project", "?major=yes")[0] == ["C"]
        assert sorted(listed(admin_client, "project", "?major=no")[0]) == ["A", "B", "D"]

    def test_the_light_filter_picks_the_lights_computed_by_hand(self, admin_client, example):
        assert listed(admin_client, "renovationlist", "?light=red")[0] == ["B"]
        assert listed(admin_client, "renovationlist", "?light=green")[0] == ["A"]
        assert listed(admin_client, "completionlist", "?light=red")[0] == ["C"]

    def test_the_kind_filter_and_a_firm_link(self, admin_client, example):
        codes, response = listed(admin_client, "completionlist", f"?kind__id__exact={example['C'].kind_id}")
        assert codes == ["C"]
        assert reverse("admin:registry_enterprise_change", args=[example["C"].enterprise_id]) in response.content.decode()

    def test_a_hand_typed_bad_filter_shows_the_plain_list(self, admin_client, example):
        for query in ("?light=purple", "?year=99999", "?year=abc", "?county=%00"):
            response = admin_client.get(reverse("admin:projects_completionlist_changelist") + query)
            assert response.status_code == 302 and "e=1" in response["Location"]

    def test_the_export_holds_the_rows_the_filters_chose(self, admin_client, example):
        response = admin_client.get(reverse("admin:projects_renovationlist_export") + "?light=red")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("项目编号", "项目名称", "企业")
        assert [row[0] for row in rows[1:]] == ["B"]
        assert rows[1][1:3] == (example["B"].name, "甲船舶有限公司")
        assert rows[1][-1].startswith("红灯：1-5月完成投资 300.00 万元")

    def test_a_bad_filter_on_the_export_goes_back_to_the_list(self, admin_client, example):
        response = admin_client.get(reverse("admin:projects_renovationlist_export") + "?light=purple")
        assert response.status_code == 302

    def test_the_firm_page_lists_its_projects(self, admin_client, example):
        page = admin_client.get(reverse("admin:registry_enterprise_change", args=[example["A"].enterprise_id])).content.decode()
        for project in example.values():
            assert reverse("admin:projects_project_change", args=[project.pk]) in page


@pytest.mark.django_db
class ThisYearsPlanTests:
    def test_a_plan_for_another_year_neither_shows_nor_lights(self, monkeypatch):
        from projects.selectors import project_lights, this_years_plan, with_investment
        from projects.models import Project

        monkeypatch.setattr("registry.dates.today", lambda: TODAY)
        make_project(code="OLD", kind="renovation", plan_year=2025, plan_investment=1200)
        project = with_investment(Project.objects.all()).get()
        assert this_years_plan(project) is None
        schedule, investment, overall = project_lights(project)
        assert investment.light is None and overall.light == schedule.light == "green"
