import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cultivation.models import MonthlyReport, PoolEntry
from registry.models import Enterprise, ImportRecord, StaffProfile
from tests.factories import make_enterprise, make_entry, make_user, monthly_xlsx, next_uscc, xlsx_bytes

D = datetime.date


@pytest.mark.django_db
class FirmAuditTests:
    def test_it_records_who_changed_what_through_the_admin(self, admin_client, admin_user):
        firm = make_enterprise(name="旧名称有限公司")
        url = reverse("admin:registry_enterprise_change", args=[firm.pk])
        data = {"name": "新名称有限公司", "short_name": "", "uscc": firm.uscc, "uscc_override_reason": "", "county": "330902", "zone": "", "industry": "3731", "status": "operating", "size_class": "", "main_products": "", "niche_market": "", "address": "", "notes": ""}
        assert admin_client.post(url, data).status_code == 302
        latest = firm.history.latest()
        assert (latest.history_type, latest.history_user, latest.name) == ("~", admin_user, "新名称有限公司")
        delta = latest.diff_against(latest.prev_record)
        assert [(c.field, c.old, c.new) for c in delta.changes] == [("name", "旧名称有限公司", "新名称有限公司")]

    def test_the_history_page_shows_the_change(self, admin_client):
        firm = make_enterprise(name="旧名称有限公司")
        firm.name = "新名称有限公司"
        firm.save()
        content = admin_client.get(reverse("admin:registry_enterprise_history", args=[firm.pk])).content.decode()
        assert "新名称有限公司" in content

    def test_pool_entry_changes_are_recorded(self):
        entry = make_entry()
        entry.notes = "补充材料"
        entry.save()
        assert entry.history.count() == 2


@pytest.mark.django_db
class ArchiveTests:
    def test_a_firm_with_records_is_archived_not_deleted(self, admin_client):
        firm = make_enterprise(name="有记录企业")
        make_entry(firm)
        assert admin_client.get(reverse("admin:registry_enterprise_delete", args=[firm.pk])).status_code == 403
        changelist = reverse("admin:registry_enterprise_changelist")
        response = admin_client.post(changelist, {"action": "archive", "_selected_action": [firm.pk], "confirm": "1", "reason": "企业注销"}, follow=True)
        assert "归档企业：成功 1 条" in response.content.decode()
        firm.refresh_from_db()
        assert firm.archived_at is not None and firm.archive_reason == "企业注销"
        assert firm.pool_entries.count() == 1
        assert [f.pk for f in admin_client.get(changelist).context["cl"].result_list] == []
        assert [f.pk for f in admin_client.get(changelist, {"archived": "yes"}).context["cl"].result_list] == [firm.pk]

    def test_archiving_needs_a_reason(self, admin_client):
        firm = make_enterprise()
        response = admin_client.post(reverse("admin:registry_enterprise_changelist"), {"action": "archive", "_selected_action": [firm.pk], "confirm": "1", "reason": ""})
        assert "这个字段是必填项" in response.content.decode()
        firm.refresh_from_db()
        assert firm.archived_at is None

    def test_a_firm_without_records_can_still_be_deleted(self, admin_client):
        firm = make_enterprise()
        admin_client.post(reverse("admin:registry_enterprise_delete", args=[firm.pk]), {"post": "yes"})
        assert not Enterprise.objects.filter(pk=firm.pk).exists()
        assert Enterprise.history.filter(id=firm.pk, history_type="-").exists()


@pytest.mark.django_db
class ImportAuditTests:
    """An import is itself a record (file, checksum, who, when, counts) that lists the row changes it made."""

    def test_an_admin_import_leaves_a_record_naming_its_row_changes(self, admin_client, admin_user, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        kept = make_enterprise(name="旧名称有限公司")
        content = xlsx_bytes([["统一社会信用代码", "企业名称", "县(区)", "行业代码"], [kept.uscc, "新名称有限公司", "定海区", "3731"], [next_uscc(), "新登记有限公司", "普陀区", "3731"]])
        preview = admin_client.post(reverse("admin:registry_enterprise_import"), {"format": "0", "import_file": SimpleUploadedFile("企业名录.xlsx", content)})
        assert not ImportRecord.objects.exists()
        admin_client.post(reverse("admin:registry_enterprise_process_import"), preview.context["confirm_form"].initial)
        record = ImportRecord.objects.get()
        assert (record.kind, record.file_name, record.user, record.rows_added, record.rows_updated) == ("enterprises", "企业名录.xlsx", admin_user, 1, 1)
        assert record.checksum == hashlib.sha256(content).hexdigest()
        changed = kept.history.latest()
        assert (changed.history_user, changed.history_change_reason) == (admin_user, record.change_reason)
        assert Enterprise.history.filter(history_change_reason=record.change_reason).count() == 2
        page = admin_client.get(reverse("admin:registry_importrecord_change", args=[record.pk])).content.decode()
        assert "企业名称：旧名称有限公司 → 新名称有限公司" in page and "新登记有限公司" in page

    def test_a_pool_import_by_command_tags_the_ladder_changes(self, tmp_path):
        firm = make_enterprise()
        path = tmp_path / "名单.xlsx"
        path.write_bytes(xlsx_bytes([["统一社会信用代码", "企业名称", "认定日期"], [firm.uscc, firm.name, "2025-06-18"]]))
        call_command("import_pool", str(path), "--tier", "innovative_sme", "--status", "recognised", stdout=io.StringIO())
        record = ImportRecord.objects.get(kind="pool")
        entry = PoolEntry.objects.get(enterprise=firm)
        assert entry.history.filter(history_change_reason=record.change_reason).exists()
        assert not entry.history.exclude(history_change_reason=record.change_reason).exists()

    def test_a_monthly_import_points_its_reports_to_the_record(self, admin_client, admin_user, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        firm = make_enterprise()
        preview = admin_client.post(reverse("admin:cultivation_monthlyreport_import"), {"import_file": SimpleUploadedFile("月报.xlsx", monthly_xlsx([(firm.uscc, firm.name, "2025-03", 12.5, 10, 9, 30)]))})
        form = preview.context["confirm_form"]
        admin_client.post(reverse("admin:cultivation_monthlyreport_process_import"), {name: form.initial[name] for name in ("import_file_name", "original_file_name", "checksum", "cumulative")})
        record = ImportRecord.objects.get(kind="monthly")
        assert (record.user, record.rows_added) == (admin_user, 1)
        assert list(MonthlyReport.objects.values_list("source", flat=True)) == [record.pk]
        page = admin_client.get(reverse("admin:registry_importrecord_change", args=[record.pk])).content.decode()
        assert f"?source={record.pk}" in page and "本次导入的月度数据 1 条" in page

    def test_a_failed_import_leaves_no_record_and_no_history(self, tmp_path):
        firm = make_enterprise(name="旧名称有限公司")
        path = tmp_path / "企业.xlsx"
        path.write_bytes(xlsx_bytes([["统一社会信用代码", "企业名称", "县(区)", "行业代码"], [firm.uscc, "新名称有限公司", "定海区", "3731"], [next_uscc(), "坏行有限公司", "火星区", "3731"]]))
        with pytest.raises(CommandError):
            call_command("import_enterprises", str(path), stdout=io.StringIO(), stderr=io.StringIO())
        assert not ImportRecord.objects.exists()
        assert firm.history.count() == 1

    def test_an_officer_sees_only_their_own_import_records(self, client):
        from django.contrib.auth.models import Group

        from registry.roles import OFFICER

        officer = make_user("dinghai")
        officer.groups.add(Group.objects.get(name=OFFICER))
        StaffProfile.objects.create(user=officer, county_id="330902")
        mine = ImportRecord.objects.create(kind="enterprises", file_name="我的.xlsx", user=officer)
        ImportRecord.objects.create(kind="enterprises", file_name="别人的.xlsx", user=make_user("putuo"))
        client.force_login(officer)
        response = client.get(reverse("admin:registry_importrecord_changelist"))
        assert [record.pk for record in response.context["cl"].result_list] == [mine.pk]

    def test_a_monthly_re_import_keeps_what_each_row_was(self, tmp_path):
        firm = make_enterprise()
        for number, output in enumerate((12.5, 14), start=1):
            path = tmp_path / f"月报{number}.xlsx"
            path.write_bytes(monthly_xlsx([(firm.uscc, firm.name, "2025-03", output, 10, 9, 30)]))
            call_command("import_monthly", str(path), stdout=io.StringIO())
        first, second = ImportRecord.objects.order_by("pk")
        report = MonthlyReport.objects.get()
        assert list(report.history.order_by("history_id").values_list("history_type", "output_value", "history_change_reason")) == [
            ("+", Decimal("12.5"), first.change_reason),
            ("~", Decimal("14"), second.change_reason),
        ]

    def test_a_new_period_costs_no_history_rows_and_an_edit_keeps_the_imported_figures(self, tmp_path, admin_client, admin_user):
        firm = make_enterprise()
        path = tmp_path / "月报.xlsx"
        path.write_bytes(monthly_xlsx([(firm.uscc, firm.name, "2025-03", 12.5, 10, 9, 30)]))
        call_command("import_monthly", str(path), stdout=io.StringIO())
        report = MonthlyReport.objects.get()
        assert not report.history.exists()  # the live row and its source say it all until the figures change
        data = {"enterprise": firm.pk, "period": "2025-03-01", "output_value": "13", "revenue": "10", "main_business_revenue": "9", "employees": "30"}
        assert admin_client.post(reverse("admin:cultivation_monthlyreport_change", args=[report.pk]), data).status_code == 302
        record = ImportRecord.objects.get()
        assert list(report.history.order_by("history_id").values_list("history_type", "output_value", "history_change_reason", "history_user")) == [
            ("+", Decimal("12.5"), record.change_reason, None),
            ("~", Decimal("13"), None, admin_user.pk),
        ]
