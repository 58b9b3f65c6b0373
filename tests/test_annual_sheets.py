"""Annual profiles through the spreadsheet engine: admin preview/confirm, the command, template, export, scope."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cultivation.models import AnnualProfile
from registry.models import ImportRecord, StaffProfile
from registry.roles import OFFICER
from tests.factories import make_annual_profile, make_enterprise, make_user, monthly_xlsx

IMPORT_URL = reverse("admin:cultivation_annualprofile_import")
PROCESS_URL = reverse("admin:cultivation_annualprofile_process_import")
TEMPLATE_URL = reverse("admin:cultivation_annualprofile_import_template")
HEADER = ["统一社会信用代码", "年度", "营业收入（万元）", "主营业务收入", "研发费用（万元）", "从业人员（人）", "研发机构", "细分市场全国占有率（%）", "高新技术企业等称号", "Ⅰ类知识产权数"]


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def row(firm, year=2025, **overrides):
    values = dict(zip(HEADER, [firm.uscc, year, 3200.5, "2,900", 160, 120, "省级", 12.5, "是", 3]))
    values.update(overrides)
    return [values[header] for header in HEADER]


def upload(client, rows, filename="年度数据.xlsx"):
    return client.post(IMPORT_URL, {"format": "0", "import_file": SimpleUploadedFile(filename, monthly_xlsx(rows, HEADER))})


def confirm(client, preview):
    return client.post(PROCESS_URL, preview.context["confirm_form"].initial, follow=True)


@pytest.mark.django_db
class AnnualImportAdminTests:
    def test_it_previews_then_imports_the_figures(self, admin_client):
        firm = make_enterprise()
        preview = upload(admin_client, [row(firm), row(firm, 2024, **{"营业收入（万元）": 2800})])
        assert preview.context["confirm_form"] is not None
        assert not AnnualProfile.objects.exists()
        page = confirm(admin_client, preview).content.decode()
        assert "导入完成：新增 2 条" in page
        profile = AnnualProfile.objects.get(enterprise=firm, year=2025)
        assert (profile.revenue, profile.main_business_revenue, profile.rd_expense, profile.employees) == (Decimal("3200.5"), Decimal(2900), Decimal(160), 120)
        assert (profile.rd_institution_level, profile.niche_market_share, profile.high_tech_title, profile.ip_class1_count) == ("provincial", Decimal("12.5"), True, 3)
        assert profile.history.count() == 1
        assert ImportRecord.objects.get().kind == "annual"

    def test_it_updates_the_profile_of_the_same_firm_and_year(self, admin_client):
        firm = make_enterprise()
        make_annual_profile(firm, 2025, revenue=Decimal(1), net_profit=Decimal(7))
        confirm(admin_client, upload(admin_client, [row(firm)]))
        profile = AnnualProfile.objects.get(enterprise=firm, year=2025)
        assert (profile.revenue, profile.net_profit) == (Decimal("3200.5"), Decimal(7))

    def test_it_reports_every_bad_row_and_writes_nothing(self, admin_client):
        firm = make_enterprise()
        preview = upload(admin_client, [row(firm), row(firm, **{"研发机构": "县级"}), row(firm, 2024, **{"统一社会信用代码": "91330902MA0000000X"}), row(firm, "")])
        assert preview.context.get("confirm_form") is None
        page = preview.content.decode()
        assert "“县级”不是可选的值" in page
        assert "与第2行的统一社会信用代码重复" in page
        assert "找不到企业“91330902MA0000000X”" in page
        assert "请填写数据所属年度" in page
        assert not AnnualProfile.objects.exists()

    def test_it_refuses_a_money_column_in_yuan(self, admin_client):
        firm = make_enterprise()
        rows = [row(firm)]
        header = ["营业收入（元）" if cell == "营业收入（万元）" else cell for cell in HEADER]
        preview = admin_client.post(IMPORT_URL, {"format": "0", "import_file": SimpleUploadedFile("a.xlsx", monthly_xlsx(rows, header))})
        assert "单位是元，本系统按万元导入" in preview.content.decode()

    def test_an_officer_cannot_import_figures_of_another_county(self, client):
        officer = make_user("dinghai")
        officer.groups.add(Group.objects.get(name=OFFICER))
        StaffProfile.objects.create(user=officer, county_id="330902")
        client.force_login(officer)
        own, other = make_enterprise(county_id="330902"), make_enterprise(county_id="330903")
        preview = upload(client, [row(own), row(other)])
        assert preview.context.get("confirm_form") is None
        assert f"找不到企业“{other.uscc}”" in preview.content.decode()

    def test_the_template_lists_the_annual_columns(self, admin_client):
        response = admin_client.get(TEMPLATE_URL)
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        headers = [cell.value for cell in workbook.worksheets[0][1]]
        assert headers[:4] == ["统一社会信用代码", "年度", "营业收入（万元）", "主营业务收入（万元）"]
        assert "细分市场全国占有率（%）" in headers and "研发机构级别" in headers and "企业名称" not in headers


@pytest.mark.django_db
class AnnualExportTests:
    def test_it_exports_numbers_as_numbers_and_re_imports_unchanged(self, admin_client):
        from cultivation.resources.eligibility import AnnualProfileResource
        from registry.sheets.formats import XLSXFormat

        firm = make_enterprise(name="=HYPERLINK(\"x\")")
        make_annual_profile(firm, 2025, revenue=Decimal("1234.5"), rd_institution_level="city", high_tech_title=False, employees=50)
        content = XLSXFormat().export_data(AnnualProfileResource().export())
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        headers = [cell.value for cell in sheet[1]]
        values = dict(zip(headers, [cell.value for cell in sheet[2]]))
        assert headers[:5] == ["统一社会信用代码", "企业名称", "县(区)", "年度", "营业收入"]
        assert (values["营业收入"], values["从业人员"], values["研发机构级别"], values["高新技术企业等称号"]) == (1234.5, 50, "市级", "否")
        assert values["企业名称"] == "'=HYPERLINK(\"x\")"
        preview = admin_client.post(IMPORT_URL, {"format": "0", "import_file": SimpleUploadedFile("导出.xlsx", content)})
        confirm(admin_client, preview)
        assert AnnualProfile.objects.get().revenue == Decimal("1234.5")
        assert AnnualProfile.objects.get().history.count() == 1


@pytest.mark.django_db
class ImportAnnualProfilesCommandTests:
    def test_it_imports_a_file(self, tmp_path, capsys):
        firm = make_enterprise()
        path = tmp_path / "年度.xlsx"
        path.write_bytes(monthly_xlsx([row(firm)], HEADER))
        call_command("import_annual_profiles", str(path))
        assert "新增 1 条" in capsys.readouterr().out
        assert AnnualProfile.objects.get().ip_class1_count == 3

    def test_it_fails_on_any_bad_row(self, tmp_path):
        path = tmp_path / "年度.xlsx"
        path.write_bytes(monthly_xlsx([row(make_enterprise(), **{"年度": 1800})], HEADER))
        with pytest.raises(CommandError, match="没有写入任何数据"):
            call_command("import_annual_profiles", str(path))
        assert not AnnualProfile.objects.exists()
