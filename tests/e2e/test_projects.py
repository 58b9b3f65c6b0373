"""Projects in the Chinese interface: import a month's progress as 1–N月累计, open 竣工投产 and 技术改造, export one."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from projects.models import ProjectProgress
from registry import dates
from tests.e2e.conftest import login, screenshot
from tests.factories import PROGRESS_HEADERS, make_enterprise, make_progress, make_project, make_user, monthly_xlsx

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_it_imports_progress_then_opens_the_lists_and_exports_one(page, tmp_path):
    year = dates.today().year
    make_user("boss", superuser=True)
    firm = make_enterprise(name="舟山海星船舶修造有限公司")
    renovation = make_project(firm, code="JG-001", name="数字化车间改造项目", kind="renovation", renovation_kind="digital", plan_year=year, plan_investment=1200, planned_completion=datetime.date(year, 12, 20))
    make_project(firm, code="XJ-002", name="海工装备基地项目", total_investment=52000, planned_completion=datetime.date(year, 12, 25))
    make_progress(renovation, f"{year}-01", 100)
    path = tmp_path / "项目进度.xlsx"
    path.write_bytes(monthly_xlsx([("JG-001", "", f"{year}-02", 250, "设备进场"), ("JG-001", "", f"{year}-03", 400, "调试")], headers=PROGRESS_HEADERS))
    login(page, "boss")

    page.goto(f"{page.base_url}/admin/projects/projectprogress/")
    page.click("a.import_link")
    page.set_input_files("#id_import_file", str(path))
    page.check("#id_cumulative")
    page.click("input[type=submit][value=上传并预览]")
    page.locator("table.import-preview").wait_for()
    screenshot(page, "project-progress-preview")
    assert not ProjectProgress.objects.filter(period__month=2).exists()
    page.click("input[name=confirm]")
    assert "导入完成：新增 2 条" in page.locator(".messagelist .success").inner_text()
    held = dict(ProjectProgress.objects.filter(project=renovation).values_list("period__month", "investment"))
    assert held == {1: Decimal(100), 2: Decimal(150), 3: Decimal(150)}

    page.goto(f"{page.base_url}/admin/projects/completionlist/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2 and "海工装备基地项目" in rows.all_inner_texts()[1]
    page.goto(f"{page.base_url}/admin/projects/renovationlist/")
    row = page.locator("#result_list tbody tr")
    assert row.count() == 1 and "400.00" in row.inner_text()  # 1–3月: 100 + 150 + 150
    screenshot(page, "renovation-list")
    with page.expect_download() as download:
        page.click("a.project-list-export")
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    cells = list(workbook.active.iter_rows(values_only=True))
    assert cells[0][:2] == ("项目编号", "项目名称") and cells[1][:3] == ("JG-001", "数字化车间改造项目", "舟山海星船舶修造有限公司")
    assert page.console_errors == []
