"""The monthly monitoring dashboard in a real browser: every ECharts chart draws, without a console error."""

import pytest

from tests.e2e.conftest import login, screenshot
from tests.factories import make_enterprise, make_monthly_report, make_user, next_uscc

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHARTS_DRAWN = "() => [...document.querySelectorAll('.monitoring-chart')].every(chart => chart.querySelector('svg path'))"


def two_years_of_figures():
    """January to March of 2024 and 2025 for a 定海 and a 普陀 firm: enough for year-on-year figures."""
    firms = (make_enterprise(name="定海船厂", county_id="330902"), make_enterprise(name="普陀水产", county_id="330903", uscc=next_uscc("330903")))
    for year, scale in ((2024, 100), (2025, 110)):
        for month in (1, 2, 3):
            for firm in firms:
                make_monthly_report(firm, f"{year}-{month:02d}", output_value=scale + month, revenue=scale - 10 + month)


def test_the_dashboard_draws_every_chart_without_console_errors(page):
    make_user("boss", superuser=True)
    two_years_of_figures()
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/cultivation/monthlyreport/")
    page.click("a.monitoring-dashboard-link")
    assert page.locator("h1").inner_text() == "月度监测看板（2025年3月）"
    page.wait_for_function(CHARTS_DRAWN)
    charts = page.locator(".monitoring-chart")
    assert charts.count() == 2 and page.locator(".monitoring-chart svg").count() == charts.count()
    # The county chart's axis shows what the page was given, so the drawing holds the data, not an empty frame.
    county_axis = page.evaluate("() => echarts.getInstanceByDom(document.getElementById('county-chart')).getOption().xAxis[0].data")
    assert {"定海区", "普陀区"} <= set(county_axis)
    assert "1-3月累计工业总产值（万元）" in page.locator("#dashboard-totals").inner_text()
    assert page.console_errors == []
    screenshot(page, "dashboard")
