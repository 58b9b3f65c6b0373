"""One import flow: every kind of file goes through the same page, the same result type and the same command shape."""

import io

import openpyxl
import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cultivation.monitoring.importer import import_monthly
from registry.models import Enterprise, ImportRecord
from registry.resources import EnterpriseResource
from registry.sheets.outcome import ImportOutcome
from registry.sheets.services import run_import
from registry.uscc import uscc_problem
from tests.factories import make_enterprise, monthly_xlsx, next_uscc

FIRM_HEADER = ("统一社会信用代码", "企业名称", "县(区)", "行业代码")
# (admin name, header, one good row naming the preloaded firm)
KINDS = [
    ("registry_enterprise", FIRM_HEADER, lambda firm: [next_uscc(), "新登记有限公司", "定海区", "3731"]),
    ("cultivation_poolentry", ("统一社会信用代码", "培育层级", "状态"), lambda firm: [firm.uscc, "创新型中小企业", "培育中"]),
    ("cultivation_annualprofile", ("统一社会信用代码", "年度", "营业收入（万元）"), lambda firm: [firm.uscc, 2025, 1200]),
    ("cultivation_monthlyreport", ("统一社会信用代码", "统计期", "工业总产值（万元）"), lambda firm: [firm.uscc, "2025-03", 12.5]),
]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "django-import-export"


def upload(client, name, content, filename="导入.xlsx"):
    return client.post(reverse(f"admin:{name}_import"), {"import_file": SimpleUploadedFile(filename, content)})


class ImportPageTests:
    @pytest.mark.parametrize("name, header, row", KINDS, ids=[kind[0] for kind in KINDS])
    def test_it_previews_every_kind_of_file_on_one_page_and_imports_it_on_confirm(self, admin_client, name, header, row):
        firm = make_enterprise()
        preview = upload(admin_client, name, monthly_xlsx([row(firm)], header))
        assert [template.name for template in preview.templates][0] == "admin/sheets/import.html"
        outcome = preview.context["outcome"]
        assert isinstance(outcome, ImportOutcome) and outcome.ok and outcome.added == 1
        assert [(row.row, row.action) for row in outcome.preview] == [(2, "new")]
        assert "全部通过校验" in preview.content.decode() and 'class="new"' in preview.content.decode()
        done = admin_client.post(reverse(f"admin:{name}_process_import"), preview.context["confirm_form"].initial)
        assert done.status_code == 302
        assert ImportRecord.objects.get().rows_added == 1

    def test_a_confirmed_import_of_rows_through_a_resource_is_in_the_admin_log(self, admin_client, admin_user):
        firm = make_enterprise(name="旧名称有限公司")
        content = monthly_xlsx([[firm.uscc, "新名称有限公司", "定海区", "3731"], [next_uscc(), "新登记有限公司", "定海区", "3731"]], FIRM_HEADER)
        preview = upload(admin_client, "registry_enterprise", content)
        admin_client.post(reverse("admin:registry_enterprise_process_import"), preview.context["confirm_form"].initial)
        logged = sorted(LogEntry.objects.filter(user=admin_user).values_list("action_flag", "object_repr"))
        assert logged == [(ADDITION, "新登记有限公司"), (CHANGE, "新名称有限公司")]

    def test_it_offers_the_full_error_list_of_any_kind_when_the_page_cannot_show_every_error(self, admin_client, monkeypatch, uploads_in_tmp):
        monkeypatch.setattr("registry.sheets.admin.ERRORS_SHOWN", 1)
        rows = [[next_uscc(), "甲有限公司", "火星区", "3731"], [next_uscc(), "乙有限公司", "定海区", "9999"]]
        preview = upload(admin_client, "registry_enterprise", monthly_xlsx(rows, FIRM_HEADER))
        assert [error.row for error in preview.context["errors_shown"]] == [2]
        errors_file = admin_client.get(preview.context["errors_url"])
        assert errors_file.status_code == 200
        listed = list(openpyxl.load_workbook(io.BytesIO(errors_file.content)).active.iter_rows(values_only=True))
        assert [row[:2] for row in listed] == [("行号", "列"), (2, "县(区)"), (3, "行业代码")]
        assert not Enterprise.objects.exists()
        assert "filename*=utf-8''%E9%94%99%E8%AF%AF%E6%B8%85%E5%8D%95_%E5%AF%BC%E5%85%A5.xlsx" in errors_file["Content-Disposition"]  # 错误清单_导入.xlsx, not 导入.xlsx.xlsx

    @pytest.mark.parametrize("name", [name for name, _, _ in KINDS])
    def test_every_template_gives_an_example_code_that_passes_its_check(self, admin_client, name):
        guide = openpyxl.load_workbook(io.BytesIO(admin_client.get(reverse(f"admin:{name}_import_template")).content))["说明"]
        uscc = next(row for row in guide.iter_rows(values_only=True) if row[0] == "统一社会信用代码")
        assert uscc_problem(uscc[6]) is None

    @pytest.mark.parametrize("name", ["cultivation_monthlyreport", "cultivation_annualprofile"])
    def test_a_template_for_registered_firms_never_says_a_new_code_adds_a_firm(self, admin_client, name):
        guide = openpyxl.load_workbook(io.BytesIO(admin_client.get(reverse(f"admin:{name}_import_template")).content))["说明"]
        text = "\n".join(str(cell) for row in guide.iter_rows(values_only=True) for cell in row if cell)
        assert "不在系统中的，新增" not in text and "不在系统中的新增" not in text
        assert "不在系统中的行报错、不会新增企业" in text

    def test_the_firm_template_says_a_new_code_adds_a_firm(self, admin_client):
        guide = openpyxl.load_workbook(io.BytesIO(admin_client.get(reverse("admin:registry_enterprise_import_template")).content))["说明"]
        uscc = next(row for row in guide.iter_rows(values_only=True) if row[0] == "统一社会信用代码")
        assert "不在系统中的新增" in uscc[2]

    def test_the_full_error_list_needs_the_file_it_was_made_from(self, admin_client, monkeypatch):
        monkeypatch.setattr("registry.sheets.admin.ERRORS_SHOWN", 1)
        rows = [[next_uscc(), "甲有限公司", "火星区", "3731"], [next_uscc(), "乙有限公司", "火星区", "3731"]]
        url = upload(admin_client, "registry_enterprise", monthly_xlsx(rows, FIRM_HEADER)).context["errors_url"]
        assert admin_client.get(url.replace("checksum=", "checksum=0")).status_code == 404
        assert admin_client.get(reverse("admin:registry_enterprise_import_errors", args=["settings.py"])).status_code == 404

    def test_a_refused_file_is_the_outcomes_file_error_on_every_kind(self, admin_client):
        for name, *_ in KINDS:
            response = upload(admin_client, name, b"PK\x03\x04 not really a zip")
            outcome = response.context["outcome"]
            assert outcome.file_errors and not outcome.row_errors and response.context["confirm_form"] is None, name


class ImportOutcomeTests:
    def test_the_monthly_path_and_the_resources_return_the_same_result_type(self):
        firm = make_enterprise()
        monthly = import_monthly(content=monthly_xlsx([(firm.uscc, "", "2025-03", 1, 1, 1, 1)]), file_name="月报.xlsx")
        firms = run_import(EnterpriseResource, monthly_xlsx([[next_uscc(), "新登记有限公司", "定海区", "3731"]], FIRM_HEADER), "名录.xlsx", dry_run=False)
        for outcome, kind in ((monthly, "monthly"), (firms, "enterprises")):
            assert isinstance(outcome, ImportOutcome) and outcome.ok and outcome.added == 1
            assert (outcome.record.kind, outcome.record.file_name, outcome.record.checksum, outcome.record.rows_added) == (kind, outcome.file_name, outcome.checksum, 1)

    def test_a_failed_import_names_no_record(self):
        outcome = run_import(EnterpriseResource, monthly_xlsx([[next_uscc(), "甲有限公司", "火星区", "3731"]], FIRM_HEADER), "名录.xlsx", dry_run=False)
        assert not outcome.ok and outcome.record is None and not ImportRecord.objects.exists()


class ImportCommandTests:
    @pytest.mark.parametrize("command, header, row", [
        (("import_enterprises",), FIRM_HEADER, lambda firm: [next_uscc(), "新登记有限公司", "定海区", "3731"]),
        (("import_pool", "--tier", "innovative_sme"), ("统一社会信用代码",), lambda firm: [firm.uscc]),
        (("import_monthly",), ("统一社会信用代码", "统计期", "工业总产值（万元）"), lambda firm: [firm.uscc, "2025-03", 12.5]),
    ], ids=["firms", "pool", "monthly"])
    def test_every_import_command_names_the_import_record_it_wrote(self, tmp_path, command, header, row):
        firm = make_enterprise()
        path = tmp_path / "导入.xlsx"
        path.write_bytes(monthly_xlsx([row(firm)], header))
        out = io.StringIO()
        call_command(command[0], str(path), *command[1:], stdout=out)
        assert f"已导入，导入记录编号 {ImportRecord.objects.get().pk}" in out.getvalue()

    @pytest.mark.parametrize("command", [("import_enterprises",), ("import_monthly",)])
    def test_every_import_command_fails_with_the_reason_a_file_is_refused(self, tmp_path, command):
        path = tmp_path / "导入.xlsx"
        path.write_bytes(monthly_xlsx([], ("统一社会信用代码", "统计期", "企业名称", "县(区)", "行业代码", "工业总产值（万元）")))
        with pytest.raises(CommandError, match="没有数据行"):
            call_command(*command, str(path), stdout=io.StringIO())

    def test_the_monthly_command_names_the_months_in_its_summary(self, tmp_path):
        firm = make_enterprise()
        path = tmp_path / "月报.xlsx"
        path.write_bytes(monthly_xlsx([(firm.uscc, "", "2025-03", 1, 1, 1, 1)]))
        out = io.StringIO()
        call_command("import_monthly", str(path), "--dry-run", stdout=out)
        assert "新增 1 条，更新 0 条，跳过 0 条（统计期：2025年3月）" in out.getvalue() and "试运行" in out.getvalue()
