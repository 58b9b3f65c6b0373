import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cultivation.models import MonthlyReport
from registry.models import ImportRecord, KeptUpload
from tests.factories import make_enterprise, make_monthly_report, make_user, monthly_xlsx
from tests.query_counts import assert_queries_do_not_grow, count_queries

IMPORT_URL = reverse("admin:cultivation_monthlyreport_import")
CONFIRM_URL = reverse("admin:cultivation_monthlyreport_process_import")
CHANGELIST_URL = reverse("admin:cultivation_monthlyreport_changelist")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def importer(client, db):
    user = make_user("importer", perms=("cultivation.import_monthlyreport", "cultivation.view_monthlyreport", "cultivation.add_monthlyreport", "cultivation.change_monthlyreport"))
    client.force_login(user)
    return client


def upload(client, content, name="月报.xlsx", **extra):
    return client.post(IMPORT_URL, {"import_file": SimpleUploadedFile(name, content), **extra})


def confirm_data(response):
    form = response.context["confirm_form"]
    return {name: form.initial[name] for name in ("import_file_name", "original_file_name", "checksum", "cumulative")}


@pytest.mark.django_db
class MonthlyAdminImportTests:
    def test_it_previews_then_imports_on_confirm(self, importer, media):
        firm = make_enterprise()
        preview = upload(importer, monthly_xlsx([(firm.uscc, firm.name, "2024-03", 12.5, 10, 9, 30)]))
        assert preview.status_code == 200
        assert "全部通过校验" in preview.content.decode() and "新增 1 条" in preview.content.decode()
        assert not MonthlyReport.objects.exists()
        data = confirm_data(preview)
        # The upload waits in the database, where any app server finds it; nothing is left on a local disk.
        assert KeptUpload.objects.filter(name=data["import_file_name"]).exists() and not list(media.rglob("*"))
        done = importer.post(CONFIRM_URL, data)
        assert done.status_code == 302
        record = ImportRecord.objects.get()
        assert done["Location"].endswith(f"?source={record.pk}")
        assert (record.user.username, record.rows_added) == ("importer", 1)
        assert MonthlyReport.objects.get().output_value == Decimal("12.5")
        assert not KeptUpload.objects.exists()

    def test_it_imports_year_to_date_figures_when_asked(self, importer, media):
        firm = make_enterprise()
        rows = [(firm.uscc, "", "2024-01", 10, 1, 1, 1), (firm.uscc, "", "2024-02", 25, 2, 2, 1)]
        preview = upload(importer, monthly_xlsx(rows), cumulative="on")
        importer.post(CONFIRM_URL, confirm_data(preview))
        assert list(MonthlyReport.objects.order_by("period").values_list("output_value", flat=True)) == [Decimal(10), Decimal(15)]

    def test_it_shows_every_error(self, importer, media):
        firm = make_enterprise()
        preview = upload(importer, monthly_xlsx([(firm.uscc, "", "2024-13", 1, 1, 1, 1), (firm.uscc, "", "2024-01", "abc", 1, 1, 1)]))
        page = preview.content.decode()
        assert "没有写入任何数据。共 2 处错误" in page and "月份应在1-12之间" in page and "不是有效的数值" in page
        assert [(error.row, error.column) for error in preview.context["errors_shown"]] == [(2, "统计期"), (3, "工业总产值（万元）")]
        assert preview.context["errors_url"] is None and not KeptUpload.objects.exists()  # the page holds them all
        assert not MonthlyReport.objects.exists()

    def test_it_offers_the_full_list_when_the_page_cannot_show_every_error(self, importer, media, monkeypatch):
        monkeypatch.setattr("registry.sheets.admin.ERRORS_SHOWN", 1)
        firm = make_enterprise()
        preview = upload(importer, monthly_xlsx([(firm.uscc, "", "2024-13", 1, 1, 1, 1), (firm.uscc, "", "2024-01", "abc", 1, 1, 1)]))
        assert [(error.row, error.column) for error in preview.context["errors_shown"]] == [(2, "统计期")]
        assert "另有 1 处错误未在此显示" in preview.content.decode()
        errors_file = importer.get(preview.context["errors_url"])
        assert errors_file.status_code == 200 and errors_file["Content-Type"].startswith("application/vnd.openxmlformats")
        rows = list(openpyxl.load_workbook(io.BytesIO(errors_file.content)).active.iter_rows(values_only=True))
        assert [row[:2] for row in rows] == [("行号", "列"), (2, "统计期"), (3, "工业总产值（万元）")]
        assert not MonthlyReport.objects.exists()

    def test_it_refuses_rows_for_firms_outside_the_officers_county(self, client, media):
        from registry.models import StaffProfile

        officer = make_user("dinghai", perms=("cultivation.import_monthlyreport", "cultivation.view_monthlyreport"))
        StaffProfile.objects.create(user=officer, county_id="330902")
        client.force_login(officer)
        putuo = make_enterprise(county_id="330903")
        preview = upload(client, monthly_xlsx([(putuo.uscc, "", "2024-01", 1, 1, 1, 1)]))
        assert [error.row for error in preview.context["errors_shown"]] == [2]
        assert not MonthlyReport.objects.exists()

    def test_it_refuses_a_confirm_for_another_file(self, importer, media):
        firm = make_enterprise()
        data = confirm_data(upload(importer, monthly_xlsx([(firm.uscc, "", "2024-01", 1, 1, 1, 1)])))
        data["checksum"] = "0" * 64
        response = importer.post(CONFIRM_URL, data)
        assert response.status_code == 302 and not MonthlyReport.objects.exists()

    def test_it_refuses_a_path_as_the_stored_name(self, importer, media):
        response = importer.post(CONFIRM_URL, {"import_file_name": "../../settings.py", "original_file_name": "x.xlsx", "checksum": "0" * 64})
        assert response.status_code == 302 and response["Location"] == IMPORT_URL

    def test_it_needs_the_import_permission(self, client, db, media):
        client.force_login(make_user("viewer", perms=("cultivation.view_monthlyreport",)))
        assert client.get(IMPORT_URL).status_code == 403
        assert client.post(CONFIRM_URL, {}).status_code == 403
        assert "import_link" not in client.get(CHANGELIST_URL).content.decode()

    def test_it_exports_with_the_export_permission_only(self, client, db):
        firm = make_enterprise()
        make_monthly_report(firm, "2024-01", output_value=1)
        export_url = reverse("admin:cultivation_monthlyreport_export")
        client.force_login(make_user("viewer", perms=("cultivation.view_monthlyreport",)))
        assert client.get(export_url).status_code == 403
        client.force_login(make_user("exporter", perms=("cultivation.view_monthlyreport", "cultivation.export_monthlyreport")))
        assert client.get(export_url).status_code == 200

    def test_it_downloads_the_import_template(self, importer):
        response = importer.get(reverse("admin:cultivation_monthlyreport_import_template"))
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
class MonthlyChangelistTests:
    def test_it_lists_reports_in_a_fixed_number_of_queries(self, admin_client):
        def more_reports():
            for index in range(12):
                make_monthly_report(make_enterprise(county_id=("330902", "330903")[index % 2]), f"2024-{index % 12 + 1:02d}", output_value=index)

        make_monthly_report(make_enterprise(), "2024-01", output_value=1)
        response = assert_queries_do_not_grow(lambda: admin_client.get(CHANGELIST_URL), more_reports)
        assert response.status_code == 200
        assert count_queries(lambda: admin_client.get(CHANGELIST_URL))[0] == 8

    def test_it_filters_by_period_county_zone_and_chain(self, admin_client):
        from registry.models import IndustryChain, Zone

        chain = IndustryChain.objects.first()
        zone = Zone.objects.first()
        inside = make_enterprise(county_id="330903", zone=zone, chains=[chain])
        outside = make_enterprise(county_id="330902")
        make_monthly_report(inside, "2024-02", output_value=1)
        make_monthly_report(outside, "2024-02", output_value=2)
        make_monthly_report(inside, "2024-01", output_value=3)
        for query, expected in (
            ({"period": "2024-02-01"}, 2),
            ({"county": "330903"}, 2),
            ({"zone": zone.pk}, 2),
            ({"chain": chain.pk}, 2),
            ({"chain": chain.pk, "period": "2024-01-01"}, 1),
        ):
            response = admin_client.get(CHANGELIST_URL, query)
            assert len(response.context["cl"].result_list) == expected, query

    def test_it_opens_a_report_for_editing(self, admin_client):
        report = make_monthly_report(make_enterprise(), "2024-01", output_value=1)
        response = admin_client.get(reverse("admin:cultivation_monthlyreport_change", args=[report.pk]))
        assert response.status_code == 200 and "工业总产值" in response.content.decode()

    def test_it_links_the_dashboard_and_watch_lists(self, admin_client):
        page = admin_client.get(CHANGELIST_URL).content.decode()
        assert reverse("admin:cultivation_monthlyreport_dashboard") in page
        assert reverse("admin:cultivation_monthlyreport_watchlists") in page

    def test_it_orders_newest_period_first(self, admin_client):
        older = make_monthly_report(make_enterprise(), "2023-12", output_value=1)
        newer = make_monthly_report(make_enterprise(), "2024-01", output_value=1)
        response = admin_client.get(CHANGELIST_URL)
        assert list(response.context["cl"].result_list) == [newer, older]
        assert datetime.date(2024, 1, 1) == response.context["cl"].result_list[0].period


@pytest.mark.django_db
class ManualEntryTests:
    @pytest.mark.parametrize("period, message", [("9999-12-01", "不能录入未来的统计期"), ("0001-01-01", "统计期不能早于1900年1月"), ("2024-03-15", "统计期应为某月第一天")])
    def test_a_period_the_derived_figures_cannot_use_is_refused(self, admin_client, period, message):
        firm = make_enterprise()
        response = admin_client.post(reverse("admin:cultivation_monthlyreport_add"), {"enterprise": firm.pk, "period": period, "output_value": "1"})
        assert response.status_code == 200 and message in response.content.decode()
        assert not MonthlyReport.objects.exists()
        assert admin_client.get(CHANGELIST_URL).status_code == 200

    def test_a_past_month_is_saved(self, admin_client):
        firm = make_enterprise()
        response = admin_client.post(reverse("admin:cultivation_monthlyreport_add"), {"enterprise": firm.pk, "period": "2024-03-01", "output_value": "1"})
        assert response.status_code == 302
        assert list(MonthlyReport.objects.values_list("period", flat=True)) == [datetime.date(2024, 3, 1)]
