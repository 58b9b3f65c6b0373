"""The dashboard's project panel: 工业投资 and 技改投资 year to date and year on year, and the project lights by county."""

import datetime

import pytest
from django.urls import reverse

from projects.selectors import dashboard_figures
from registry.models import Enterprise
from tests.factories import make_enterprise, make_monthly_report, make_progress, make_project, next_uscc

D = datetime.date


@pytest.fixture
def example(db, monkeypatch):
    """Through February 2026: 工业投资 150 (last year 100, +50 %), 技改 120 (last year 40, +200 %)."""
    monkeypatch.setattr("registry.dates.today", lambda: D(2026, 6, 15))
    dinghai = make_enterprise(county_id="330902")
    putuo = make_enterprise(county_id="330903", uscc=next_uscc("330903"))
    make_monthly_report(dinghai, "2026-02", output_value=1)
    renovation = make_project(dinghai, kind="renovation", planned_completion=D(2026, 5, 1))  # late: red
    new = make_project(putuo, planned_completion=D(2027, 1, 1))  # green
    for project, figures in ((renovation, {"2025-01": 40, "2026-01": 60, "2026-02": 60, "2026-03": 999}), (new, {"2025-02": 60, "2026-02": 30})):
        for period, value in figures.items():
            make_progress(project, period, value)
    return dinghai, putuo


@pytest.mark.django_db
class DashboardPanelTests:
    def test_it_sums_investment_year_to_date_against_last_year(self, example):
        figures = dashboard_figures(D(2026, 2, 1), None)
        assert figures["investment"][:2] == (150, 100) and figures["investment"][2] == pytest.approx(50)
        assert figures["renovation"][:2] == (120, 40) and figures["renovation"][2] == pytest.approx(200)
        assert figures["lights"] == [("定海区", {"red": 1, "yellow": 0, "green": 0}), ("普陀区", {"red": 0, "yellow": 0, "green": 1})]

    def test_it_keeps_to_the_firms_chosen(self, example):
        figures = dashboard_figures(D(2026, 2, 1), Enterprise.objects.filter(county_id="330903"))
        assert figures["investment"][:2] == (30, 60)
        assert [area for area, _counts in figures["lights"]] == ["普陀区"]

    def test_the_dashboard_shows_the_panel(self, admin_client, example):
        page = admin_client.get(reverse("admin:cultivation_monthlyreport_dashboard")).content.decode()
        assert "工业投资与项目亮灯" in page and "技改投资" in page
