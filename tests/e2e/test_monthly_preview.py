"""In the browser: the monthly preview shows old → new and a flagged jump before anyone confirms; the progress page shows bars and the year's share."""

import datetime

import pytest

from cultivation.models import MonthlyReport, Target
from registry.dates import today
from tests.e2e.conftest import login, screenshot
from tests.factories import make_enterprise, make_entry, make_monthly_report, make_user, monthly_xlsx, tier

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADERS = ("统一社会信用代码", "统计期", "工业总产值（万元）", "从业人员（人）")


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_monthly_preview_shows_old_to_new_and_flags_a_jump(page, tmp_path):
    make_user("boss", superuser=True)
    firm = make_enterprise(name="金塘船厂")
    make_monthly_report(firm, "2024-02", output_value=100, employees=399)
    make_monthly_report(firm, "2024-03", output_value=100, employees=399)
    path = tmp_path / "月报.xlsx"
    path.write_bytes(monthly_xlsx([(firm.uscc, "2024-03", 120, 2950)], HEADERS))
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/cultivation/monthlyreport/")
    page.click("a.import_link")
    page.set_input_files("#id_import_file", str(path))
    page.click("input[type=submit][value=上传并预览]")
    replaced = page.locator("#import-replaced")
    replaced.wait_for()
    assert "399 → 2,950" in replaced.locator("tr", has_text="从业人员").inner_text()
    assert "100.00 → 120.00" in replaced.locator("tr", has_text="工业总产值").inner_text()
    jump = page.locator("#import-jumps tr", has_text="上月")
    assert "2,950" in jump.inner_text() and "+639.3%" in jump.inner_text()
    assert "变动超过 ±50%" in page.locator(".messagelist .warning").first.inner_text()
    screenshot(page, "monthly-preview")
    assert MonthlyReport.objects.get(enterprise=firm, period=datetime.date(2024, 3, 1)).employees == 399  # nothing written yet
    page.click("input[name=confirm]")
    page.locator(".messagelist .success").wait_for()
    assert MonthlyReport.objects.get(enterprise=firm, period=datetime.date(2024, 3, 1)).employees == 2950
    assert page.console_errors == []


def test_the_progress_page_shows_bars_against_the_year(page):
    make_user("boss", superuser=True)
    year = today().year
    Target.objects.create(year=year, tier=tier("innovative_sme"), count=4)
    Target.objects.create(year=year, tier=tier("innovative_sme"), county_id="330902", count=2)
    Target.objects.create(year=year, tier=tier("little_giant"), count=2)
    for county in ("330902", "330903", "330921", "330922"):
        Target.objects.create(year=year, tier=tier("little_giant"), county_id=county, count=1)
    make_entry(make_enterprise(county_id="330902"), "innovative_sme", status="recognised", recognised_on=datetime.date(year, 1, 2))
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/cultivation/target/")
    page.get_by_role("link", name="“5428”目标进度").click()
    assert "小巨人" in page.locator("#target-sum-warnings").inner_text()
    page.select_option("#id_county", label="定海区")
    page.click("#progress-filters input[type=submit]")
    row = page.locator("#progress-table tr", has_text="创新型中小企业")
    assert "定海区" in row.inner_text() and "50.0%" in row.inner_text()
    assert page.locator("#progress-table .progress-bar").count() >= 1
    assert "本级未设目标" in page.locator("#progress-table").inner_text()
    screenshot(page, "target-progress")
    with page.expect_download() as download:
        page.click("#progress-export")
    assert "定海区" in download.value.suggested_filename
    assert page.console_errors == []


def test_the_dashboard_filtered_by_a_county_shows_the_countys_own_target(page):
    make_user("boss", superuser=True)
    year = today().year
    Target.objects.create(year=year, tier=tier("innovative_sme"), count=60)
    Target.objects.create(year=year, tier=tier("innovative_sme"), county_id="330902", count=20)
    firm = make_enterprise(county_id="330902")
    make_entry(firm, "innovative_sme", status="recognised", recognised_on=datetime.date(year, 1, 2))
    make_monthly_report(firm, f"{year}-01", output_value=100)
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/cultivation/monthlyreport/dashboard/")
    page.select_option("select[name=county]", label="定海区")
    page.click(".monitoring-filters input[type=submit]")
    row = page.locator("#ladder-progress tr", has_text="创新型中小企业")
    assert "定海区" in row.inner_text() and "20" in row.inner_text() and "5.0%" in row.inner_text() and "60" not in row.inner_text()
    screenshot(page, "dashboard-progress-dinghai")
    page.click("#progress-link")
    assert f"{year}年，定海区" in page.locator("h1").inner_text()  # the progress page keeps the dashboard's area
    assert page.console_errors == []
