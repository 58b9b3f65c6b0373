"""The admin import/export flow with SheetImportExportMixin, posting real files through the views.

The firm admin is registered here on a site of its own, so these tests exercise the mixin and
EnterpriseResource whatever registry/admin.py currently registers.
"""

import io

import openpyxl
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path

from registry.models import Enterprise, IndustryChain, KeptUpload
from registry.resources import EnterpriseResource
from registry.sheets.admin import SheetImportExportMixin
from tests.factories import csv_bytes, make_enterprise, make_user, next_uscc, old_xls_bytes, xlsx_bytes, zip_bomb_xlsx

site = admin.AdminSite(name="admin")


class EnterpriseSheetAdmin(SheetImportExportMixin, admin.ModelAdmin):
    resource_classes = [EnterpriseResource]
    list_display = ("name", "uscc")


site.register(Enterprise, EnterpriseSheetAdmin)
urlpatterns = [path("i18n/", include("django.conf.urls.i18n")), path("admin/", site.urls)]
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]

IMPORT_URL = "/admin/registry/enterprise/import/"
PROCESS_URL = "/admin/registry/enterprise/process_import/"
EXPORT_URL = "/admin/registry/enterprise/export/"
TEMPLATE_URL = "/admin/registry/enterprise/import-template/"
XLSX, CSV = "0", "1"
HEADER = ["统一社会信用代码", "企业名称", "县(区)", "行业代码", "产业链", "是否规上"]


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def firm_row(name, county="定海区", **overrides):
    row = {"统一社会信用代码": next_uscc(), "企业名称": name, "县(区)": county, "行业代码": "3731", "产业链": "船舶海工", "是否规上": "否"}
    row.update(overrides)
    return [row[header] for header in HEADER]


def upload(client, data, filename, file_format=XLSX):
    return client.post(IMPORT_URL, {"format": file_format, "import_file": SimpleUploadedFile(filename, data)})


def confirm(client, preview):
    return client.post(PROCESS_URL, preview.context["confirm_form"].initial, follow=True)


def file_errors(response):
    """Why the file as a whole is refused: on the upload form (its size), or as the import's file errors."""
    outcome = response.context["outcome"]
    return " ".join(response.context["form"].errors.get("import_file", []) + (outcome.file_errors if outcome else []))


def errors_by_row(response):
    found = {}
    for error in response.context["outcome"].row_errors:
        found.setdefault(error.row, {}).setdefault(error.column, []).append(error.message)
    return found


class AdminImportTests:
    def test_it_previews_then_imports_an_xlsx(self, admin_client):
        preview = upload(admin_client, xlsx_bytes([HEADER, firm_row("舟山海星船舶"), firm_row("舟山东海船舶", county="普陀")]), "名录.xlsx")
        assert preview.status_code == 200 and preview.context["confirm_form"] is not None
        assert not Enterprise.objects.exists()
        done = confirm(admin_client, preview)
        assert done.redirect_chain[-1][0].endswith("/admin/registry/enterprise/")
        assert "导入完成：新增 2 条，更新 0 条，跳过 0 条。" in done.content.decode()
        assert sorted(Enterprise.objects.values_list("county_id", flat=True)) == ["330902", "330903"]

    @pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
    def test_it_imports_a_csv_in_utf8_with_bom_or_gbk(self, admin_client, encoding):
        preview = upload(admin_client, csv_bytes([HEADER, firm_row("舟山海星船舶")], encoding), "名录.csv", CSV)
        assert preview.context["confirm_form"] is not None, preview.context["form"].errors
        confirm(admin_client, preview)
        assert Enterprise.objects.get().name == "舟山海星船舶"

    def test_it_matches_aliased_and_full_width_headers(self, admin_client):
        headers = ["信用代码", "单位名称", "县（区）", "国民经济行业代码"]
        preview = upload(admin_client, xlsx_bytes([headers, [next_uscc(), "舟山海星船舶", "岱山", "3731"]]), "名录.xlsx")
        confirm(admin_client, preview)
        assert Enterprise.objects.get().county_id == "330921"

    def test_it_shows_unknown_columns_on_the_preview(self, admin_client):
        preview = upload(admin_client, xlsx_bytes([HEADER + ["注册资本"], firm_row("舟山海星船舶") + ["500"]]), "名录.xlsx")
        assert preview.context["confirm_form"] is not None
        assert "以下列不是本表的列，未导入：注册资本" in preview.content.decode()

    def test_it_shows_every_bad_row_with_its_column_and_writes_nothing(self, admin_client, settings):
        rows = [HEADER, firm_row("甲"), firm_row("乙", county="火星"), firm_row("丙", 行业代码="9999"), firm_row("丁", 是否规上="也许")]
        preview = upload(admin_client, xlsx_bytes(rows), "名录.xlsx")
        assert preview.context.get("confirm_form") is None
        assert errors_by_row(preview) == {
            3: {"县(区)": ["找不到县(区)“火星”，可填：定海区、普陀区、岱山县、嵊泗县"]},
            4: {"行业代码": ["找不到行业小类“9999”"]},
            5: {"是否规上": ["应为“是”或“否”，实际为“也许”"]},
        }
        page = preview.content.decode()
        assert "找不到县(区)“火星”" in page and "找不到行业小类“9999”" in page
        assert not Enterprise.objects.exists()
        assert not KeptUpload.objects.exists()  # no copy kept for a confirm that cannot come

    def test_it_refuses_a_file_without_a_required_column_in_one_message(self, admin_client):
        preview = upload(admin_client, xlsx_bytes([["企业名称", "县(区)"], ["舟山海星船舶", "定海区"]]), "名录.xlsx")
        page = preview.content.decode()
        assert page.count("缺少必填列：统一社会信用代码。") == 1
        assert "Traceback" not in page and preview.context.get("confirm_form") is None

    def test_it_updates_existing_firms_by_code(self, admin_client):
        firm = make_enterprise(name="旧名称")
        preview = upload(admin_client, xlsx_bytes([["统一社会信用代码", "企业名称"], [firm.uscc.lower(), "新名称"]]), "名录.xlsx")
        done = confirm(admin_client, preview)
        assert "更新 1 条" in done.content.decode()
        firm.refresh_from_db()
        assert firm.name == "新名称"


    def test_it_writes_nothing_when_the_registry_has_changed_for_the_worse_since_the_preview(self, admin_client):
        preview = upload(admin_client, xlsx_bytes([HEADER, firm_row("甲"), firm_row("乙")]), "名录.xlsx")
        IndustryChain.objects.filter(name="船舶海工").update(name="船舶与海工装备")
        done = confirm(admin_client, preview)
        page = done.content.decode()
        assert "导入未完成，没有写入任何数据" in page and "[产业链] " in page and "船舶海工" in page
        assert not Enterprise.objects.exists()

    def test_it_asks_for_a_new_upload_when_the_kept_file_is_not_the_one_previewed(self, admin_client, settings):
        preview = upload(admin_client, xlsx_bytes([HEADER, firm_row("甲"), firm_row("乙")]), "名录.xlsx")
        KeptUpload.objects.filter(name=preview.context["confirm_form"].initial["import_file_name"]).update(content=xlsx_bytes([HEADER, firm_row("甲"), firm_row("乙", county="火星")]))
        done = confirm(admin_client, preview)
        assert done.redirect_chain[-1][0].endswith(IMPORT_URL)
        assert "请重新上传" in done.content.decode()
        assert not Enterprise.objects.exists()

    def test_it_asks_for_a_new_upload_when_the_kept_file_is_gone(self, admin_client, settings):
        preview = upload(admin_client, xlsx_bytes([HEADER, firm_row("甲")]), "名录.xlsx")
        KeptUpload.objects.filter(name=preview.context["confirm_form"].initial["import_file_name"]).delete()
        done = confirm(admin_client, preview)
        assert done.redirect_chain[-1][0].endswith(IMPORT_URL)
        assert "请重新上传" in done.content.decode()
        assert not Enterprise.objects.exists()

    @pytest.mark.parametrize("tampered", [{"import_file_name": "../../config/settings.py"}, {"import_file_name": ""}, {"checksum": "abc"}, {"checksum": "0" * 64}, {"original_file_name": ""}])
    def test_it_asks_for_a_new_upload_when_the_confirm_form_is_hand_made(self, admin_client, tampered):
        preview = upload(admin_client, xlsx_bytes([HEADER, firm_row("甲")]), "名录.xlsx")
        done = admin_client.post(PROCESS_URL, {**preview.context["confirm_form"].initial, **tampered}, follow=True)
        assert done.redirect_chain[-1][0].endswith(IMPORT_URL)
        assert "请重新上传" in done.content.decode()
        assert not Enterprise.objects.exists()


class AdminRefusalTests:
    @pytest.mark.parametrize(
        "data, filename, file_format, reason",
        [
            (zip_bomb_xlsx(), "名录.xlsx", XLSX, "压缩比异常"),
            (old_xls_bytes(), "名录.xls", XLSX, "旧版 Excel 97-2003（.xls）"),
            (csv_bytes([HEADER]), "名录.xlsx", XLSX, "不是真正的 .xlsx 文件"),
        ],
    )
    def test_it_shows_a_refused_file_as_a_form_error(self, admin_client, settings, data, filename, file_format, reason):
        response = upload(admin_client, data, filename, file_format)
        assert response.status_code == 200
        assert reason in file_errors(response)
        assert not Enterprise.objects.exists()
        assert not KeptUpload.objects.exists()  # no copy kept for a confirm that cannot come

    def test_it_refuses_an_oversize_upload(self, admin_client, settings):
        settings.SHEETS_MAX_UPLOAD_BYTES = 2048
        response = upload(admin_client, xlsx_bytes([HEADER] + [firm_row(f"企业{i}") for i in range(50)]), "名录.xlsx")
        assert response.status_code == 200
        assert "超过上限 2.0 KB" in file_errors(response)


class AdminTemplateTests:
    def test_it_downloads_a_template_with_the_columns_and_a_guide(self, admin_client):
        response = admin_client.get(TEMPLATE_URL)
        assert response.status_code == 200
        assert "filename*=utf-8''" in response["Content-Disposition"]
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        assert [cell.value for cell in book.worksheets[0][1]][:3] == ["统一社会信用代码", "企业名称", "企业简称"]
        assert "说明" in book.sheetnames

    def test_it_links_the_template_from_the_changelist_and_import_page(self, admin_client):
        assert "下载导入模板" in admin_client.get("/admin/registry/enterprise/").content.decode()
        assert TEMPLATE_URL in admin_client.get(IMPORT_URL).content.decode()


class AdminExportTests:
    def export(self, client, file_format):
        data = {"format": file_format, "resource": "0"}
        data.update({f"enterpriseresource_{name}": "on" for name in EnterpriseResource().get_export_order()})
        return client.post(EXPORT_URL, data)

    def test_it_exports_xlsx_with_formulas_neutralised(self, admin_client):
        make_enterprise(name="=cmd|' /C calc'!A0", niche_entry_year=2012)
        response = self.export(admin_client, XLSX)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        headers = [cell.value for cell in sheet[1]]
        row = {header: cell for header, cell in zip(headers, sheet[2])}
        assert row["企业名称"].value == "'=cmd|' /C calc'!A0" and row["企业名称"].data_type == "s"
        assert row["进入细分市场年份"].value == 2012 and row["进入细分市场年份"].data_type == "n"

    def test_it_exports_csv_with_a_bom_and_formulas_neutralised(self, admin_client):
        make_enterprise(name="+SUM(1,2)")
        response = self.export(admin_client, CSV)
        assert response.content.startswith(b"\xef\xbb\xbf")
        assert "'+SUM(1,2)" in response.content.decode("utf-8-sig")


class AdminPermissionTests:
    def test_it_refuses_import_and_template_without_the_import_permission(self, client):
        client.force_login(make_user("viewer", perms=["registry.view_enterprise", "registry.export_enterprise"]))
        assert client.get(IMPORT_URL).status_code == 403
        assert client.get(TEMPLATE_URL).status_code == 403
        assert "下载导入模板" not in client.get("/admin/registry/enterprise/").content.decode()

    def test_it_refuses_export_without_the_export_permission(self, client):
        client.force_login(make_user("importer", perms=["registry.view_enterprise", "registry.import_enterprise"]))
        assert client.get(EXPORT_URL).status_code == 403
        assert client.get(IMPORT_URL).status_code == 200
        assert client.get(TEMPLATE_URL).status_code == 200


class AdminPreviewTests:
    def test_the_preview_shows_empty_cells_empty(self, admin_client):
        preview = upload(admin_client, xlsx_bytes([["统一社会信用代码", "企业名称", "县(区)", "行业代码"], [next_uscc(), "空列有限公司", "定海区", "3731"]]), "firms.xlsx")
        page = preview.content.decode()
        assert "空列有限公司" in page and "None" not in page

    def test_every_row_error_is_listed_in_plain_text_with_row_and_column(self, admin_client):
        rows = [[next_uscc(), "甲有限公司", "火星区", "3731"], ["91110000101623741A", "乙有限公司", "定海区", "9999"]]
        page = upload(admin_client, xlsx_bytes([["统一社会信用代码", "企业名称", "县(区)", "行业代码"], *rows]), "firms.xlsx").content.decode()
        summary = page[page.index("import-error-summary") : page.index("</ul>", page.index("import-error-summary"))]
        assert "第2行 [县(区)] 找不到县(区)“火星区”" in summary
        assert "第3行 [统一社会信用代码] " in summary and "校验位错误" in summary
        assert "第3行 [行业代码] 找不到行业小类“9999”" in summary
