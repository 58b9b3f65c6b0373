"""Spreadsheets in and out, in the Chinese interface: firm and monthly imports, the candidate-list export."""

from decimal import Decimal

import openpyxl
import pytest

from cultivation.models import ExportColumn, MonthlyReport
from registry.models import Enterprise, ImportRecord, KeptUpload
from tests.e2e.conftest import login, screenshot
from tests.factories import make_enterprise, make_entry, make_profile_years, make_user, monthly_xlsx, next_uscc, xlsx_bytes
from tests.processes import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIRM_HEADER = ["统一社会信用代码", "企业名称", "县(区)", "行业代码", "产业链", "是否规上"]


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    # Previews keep the upload in media storage; keep those copies out of var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def firm_row(name, county="定海区", uscc=None, industry="3731"):
    return [uscc or next_uscc(), name, county, industry, "船舶海工", "否"]


def write_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def open_import_page(page, changelist):
    # Staff reach the import through the changelist's 导入 button, not a typed URL.
    page.goto(f"{page.base_url}{changelist}")
    page.click("a.import_link")


def upload_firms(page, path):
    open_import_page(page, "/admin/registry/enterprise/")
    page.set_input_files("#id_import_file", path)
    page.click("input[type=submit][value=上传并预览]")


def test_it_previews_an_xlsx_of_firms_then_imports_it_on_confirm(page, tmp_path):
    make_user("boss", superuser=True)
    rows = [firm_row("舟山海星船舶修造有限公司", "定海区"), firm_row("舟山东海水产有限公司", "普陀区")]
    login(page, "boss")
    upload_firms(page, write_file(tmp_path, "企业名录.xlsx", xlsx_bytes([FIRM_HEADER, *rows])))
    preview = page.locator("table.import-preview")
    preview.wait_for()
    assert preview.locator("tr.new").count() == 2
    for uscc, name, *_ in rows:
        row = preview.locator("tr.new", has_text=name)
        assert uscc in row.inner_text() and row.locator("td.import-type").inner_text().strip() == "新增"
    assert "None" not in preview.locator("td").all_inner_texts()  # a cell left blank in the file previews blank
    screenshot(page, "import-preview")
    assert not Enterprise.objects.exists()  # a preview writes nothing
    page.click("input[name=confirm]")
    assert page.locator(".messagelist .success").inner_text() == "导入完成：新增 2 条，更新 0 条，跳过 0 条。"
    assert dict(Enterprise.objects.values_list("uscc", "county__name")) == {rows[0][0]: "定海区", rows[1][0]: "普陀区"}
    assert ImportRecord.objects.get().rows_added == 2


def test_it_shows_every_bad_row_with_its_row_number_and_column_and_writes_nothing(page, tmp_path, uploads_in_tmp):
    make_user("boss", superuser=True)
    valid = next_uscc()
    wrong_check_digit = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    rows = [firm_row("甲船舶"), firm_row("乙船舶", uscc=wrong_check_digit), firm_row("丙水产", county="火星"), firm_row("丁机械", industry="9999")]
    login(page, "boss")
    upload_firms(page, write_file(tmp_path, "企业名录.xlsx", xlsx_bytes([FIRM_HEADER, *rows])))
    page.get_by_role("heading", name="无法导入：3 行有错误").wait_for()
    # Row numbers are the sheet's (the header is row 1), so staff can go straight to the cell.
    listed = page.locator("ul.import-error-summary li")
    expected = [
        ("第3行 [统一社会信用代码] ", f"校验位错误：第18位应为{valid[-1]}，实际为{wrong_check_digit[-1]}"),
        ("第4行 [县(区)] ", "找不到县(区)“火星”，可填：定海区、普陀区、岱山县、嵊泗县"),
        ("第5行 [行业代码] ", "找不到行业小类“9999”"),
    ]
    texts = listed.all_inner_texts()
    assert len(texts) == len(expected), texts
    for text, (where, why) in zip(texts, expected):
        assert text.startswith(where) and why in text, text
    assert all(item.is_visible() for item in listed.all())
    screenshot(page, "import-errors")
    assert page.locator("input[name=confirm]").count() == 0
    assert not Enterprise.objects.exists() and not ImportRecord.objects.exists()
    assert not KeptUpload.objects.exists()  # no copy kept for a confirm that cannot come


def test_it_previews_a_monthly_file_then_imports_it_on_confirm(page, tmp_path):
    make_user("boss", superuser=True)
    shipyard, fishery = make_enterprise(name="定海船厂", county_id="330902"), make_enterprise(name="普陀水产", county_id="330903", uscc=next_uscc("330903"))
    rows = [
        (shipyard.uscc, shipyard.name, "2025-01", 120.5, 100, 90, 80),
        (shipyard.uscc, shipyard.name, "2025-02", 130, 110, 95, 81),
        (fishery.uscc, fishery.name, "2025-01", 50, 40, 35, 20),
        (fishery.uscc, fishery.name, "2025-02", 55, 45, 40, 21),
    ]
    login(page, "boss")
    open_import_page(page, "/admin/cultivation/monthlyreport/")
    page.set_input_files("#id_import_file", write_file(tmp_path, "2025年1-2月月报.xlsx", monthly_xlsx(rows)))
    page.click("input[type=submit][value=上传并预览]")
    summary = page.locator("#import-summary").inner_text()
    assert "共 4 行，全部通过校验" in summary and "新增 4 条" in summary, summary
    sample = page.locator("#import-sample tbody tr")
    assert sample.count() == 4 and "定海船厂" in sample.first.inner_text() and "2025年1月" in sample.first.inner_text()
    assert not MonthlyReport.objects.exists()  # a preview writes nothing
    page.click("input[type=submit][value=确认导入]")
    success = page.locator(".messagelist .success").inner_text()
    record = ImportRecord.objects.get()
    assert success.startswith("导入完成：") and f"导入记录 #{record.pk}" in success, success
    assert page.url.endswith(f"?source={record.pk}")
    imported = {(r.enterprise_id, r.period.isoformat()): (r.output_value, r.employees, r.source_id) for r in MonthlyReport.objects.all()}
    assert imported == {
        (shipyard.pk, "2025-01-01"): (Decimal("120.5"), 80, record.pk),
        (shipyard.pk, "2025-02-01"): (Decimal(130), 81, record.pk),
        (fishery.pk, "2025-01-01"): (Decimal(50), 20, record.pk),
        (fishery.pk, "2025-02-01"): (Decimal(55), 21, record.pk),
    }


def candidate_pool():
    """Three firms whose figures pass the innovative-SME rules and two with no figures at all; returns the passing names."""
    passing = []
    for county, name in (("330902", "定海海星船舶"), ("330903", "普陀东海机械"), ("330902", "定海金塘螺杆")):
        firm = make_enterprise(name=name, county_id=county, uscc=next_uscc(county))
        make_profile_years(firm, 2025)
        make_entry(firm, "innovative_sme")
        passing.append(name)
    for name in ("岱山无数据企业", "嵊泗无数据企业"):
        make_entry(make_enterprise(name=name), "innovative_sme")
    return passing


def test_it_exports_the_candidates_who_pass_in_the_layouts_columns(page, tmp_path):
    make_user("boss", superuser=True)
    passing = candidate_pool()
    layout = list(ExportColumn.objects.filter(layout__code="provincial_candidates").order_by("position").values_list("header", "source"))
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/cultivation/exportlayout/")
    page.locator("#content-main").get_by_role("link", name="导出候选名单").click()
    page.select_option("#id_tier", label="创新型中小企业")
    page.fill("#id_on", "2026-06-01")
    page.check("#id_eligible_only")
    assert page.locator("#id_layout option:checked").inner_text() == "省级申报推荐汇总表"
    page.click("input[type=submit][value='导出 Excel']")
    page.wait_for_selector("#job")  # the list is made by a worker; its job page offers the file when it is ready
    run_queued_tasks()
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 创新型中小企业候选名单_20260601.xlsx").click()
    assert download.value.suggested_filename == "创新型中小企业候选名单_20260601.xlsx"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [header for header, _ in layout]
    name_at = [source for _, source in layout].index("name")
    assert len(rows) - 1 == len(passing)
    assert sorted(row[name_at] for row in rows[1:]) == sorted(passing)
