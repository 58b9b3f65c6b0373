import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cultivation.models import Batch, PoolEntry, PoolEvent
from registry.models import Enterprise, ImportRecord
from tests.dbstate import database_checksum
from tests.factories import csv_bytes, make_enterprise, make_entry, next_uscc

D = datetime.date


def xlsx(tmp_path, rows, name="名单.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_pool", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class ImportPoolCommandTests:
    def test_it_records_a_provincial_recognition_list(self, tmp_path):
        first, second = make_enterprise(name="甲公司"), make_enterprise(name="乙公司")
        make_entry(second, "innovative_sme", status="applied", applied_on=D(2024, 5, 1))
        path = xlsx(tmp_path, [["序号", "企业名称", " 统一社会信用代码 ", "认定日期"], [1, "甲公司", first.uscc.lower(), "2024年11月28日"], [2, "乙公司", second.uscc, "2024/11/28"]])
        out = run(path, "--tier", "innovative_sme", "--batch", "2024年第二批", "--status", "recognised")
        assert "新增 1 条，更新 1 条，跳过 0 条" in out
        batch = Batch.objects.get(name="2024年第二批", tier__code="innovative_sme")
        entries = PoolEntry.objects.filter(tier__code="innovative_sme").order_by("enterprise__name")
        assert [(e.enterprise.name, e.status, e.recognised_on, e.batch, e.valid_until) for e in entries] == [
            ("乙公司", "recognised", D(2024, 11, 28), batch, D(2027, 11, 27)),
            ("甲公司", "recognised", D(2024, 11, 28), batch, D(2027, 11, 27)),
        ]
        assert PoolEvent.objects.filter(to_status="recognised").count() == 2
        record = ImportRecord.objects.get()
        assert (record.kind, record.rows_added, record.rows_updated, len(record.checksum)) == ("pool", 1, 1, 64)

    def test_it_lists_every_bad_row_and_writes_nothing(self, tmp_path):
        good = make_enterprise(name="好企业")
        before = database_checksum()
        path = xlsx(tmp_path, [
            ["统一社会信用代码", "企业名称", "认定日期", "状态"],
            [good.uscc, "好企业", "2024-11-28", "已认定"],
            [next_uscc(), "不存在企业", "2024-11-28", "已认定"],
            [good.uscc, "好企业重复", "2024-11-28", "已认定"],
            [make_enterprise().uscc, "缺日期企业", "", "已认定"],
            [make_enterprise().uscc, "状态错", "2024-11-28", "已退回"],
        ])
        before = database_checksum()
        with pytest.raises(CommandError, match="共 4 处错误"):
            run(path, "--tier", "innovative_sme", "--batch", "2099年新批次")
        assert database_checksum() == before
        assert not Batch.objects.filter(name="2099年新批次").exists()

    def test_its_errors_name_row_and_column(self, tmp_path):
        path = xlsx(tmp_path, [["统一社会信用代码", "企业名称"], [next_uscc(), "甲"], ["123", "乙"]])
        out = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_pool", str(path), "--tier", "srdi_sme", stdout=out)
        text = out.getvalue()
        assert "第2行 [统一社会信用代码] 系统中没有统一社会信用代码为" in text
        assert "第3行 [统一社会信用代码]" in text

    def test_a_recognised_row_with_an_unreadable_date_says_why_the_date_is_wrong(self, tmp_path):
        path = xlsx(tmp_path, [["统一社会信用代码", "认定日期", "状态"], [make_enterprise().uscc, "去年秋天", "已认定"]])
        out = io.StringIO()
        with pytest.raises(CommandError, match="共 1 处错误"):
            call_command("import_pool", str(path), "--tier", "innovative_sme", stdout=out)
        assert "第2行 [认定日期] “去年秋天”不是有效的日期" in out.getvalue()
        assert "须填写认定日期" not in out.getvalue()

    def test_it_refuses_an_unknown_tier_code(self, tmp_path):
        path = xlsx(tmp_path, [["统一社会信用代码"], [next_uscc()]])
        with pytest.raises(CommandError, match="未知的培育层级代码：golden"):
            run(path, "--tier", "golden")

    def test_it_creates_missing_firms_only_when_asked(self, tmp_path):
        uscc = next_uscc("330921")
        path = xlsx(tmp_path, [["统一社会信用代码", "企业名称", "县区", "行业代码"], [uscc, "岱山新企业有限公司", "岱山县", 1361]])
        with pytest.raises(CommandError):
            run(path, "--tier", "above_scale_candidate")
        run(path, "--tier", "above_scale_candidate", "--create-missing")
        firm = Enterprise.objects.get(uscc=uscc)
        assert (firm.name, firm.county_id, firm.industry_id) == ("岱山新企业有限公司", "330921", "1361")
        assert firm.pool_entries.get().status == "candidate"

    def test_a_refused_ladder_step_is_a_row_error(self, tmp_path):
        firm = make_enterprise(name="无前置企业")
        path = xlsx(tmp_path, [["统一社会信用代码", "状态", "申报日期"], [firm.uscc, "已申报", "2024-05-01"]])
        out = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_pool", str(path), "--tier", "srdi_sme", stdout=out)
        assert "第2行 [状态] 无前置企业：申报“省级专精特新中小企业”须持有有效的“创新型中小企业”认定" in out.getvalue()
        assert not PoolEntry.objects.exists()

    def test_dry_run_writes_nothing(self, tmp_path):
        firm = make_enterprise()
        path = xlsx(tmp_path, [["统一社会信用代码"], [firm.uscc]])
        out = run(path, "--tier", "innovative_sme", "--batch", "2025年第一批", "--dry-run")
        assert "试运行" in out and "新增 1 条" in out
        assert not PoolEntry.objects.exists() and not Batch.objects.exists()

    def test_loading_the_same_list_twice_changes_nothing(self, tmp_path):
        firm = make_enterprise()
        path = xlsx(tmp_path, [["统一社会信用代码", "认定日期"], [firm.uscc, "2024-11-28"]])
        run(path, "--tier", "innovative_sme", "--status", "recognised")
        events = PoolEvent.objects.count()
        run(path, "--tier", "innovative_sme", "--status", "recognised")
        assert PoolEvent.objects.count() == events and PoolEntry.objects.count() == 1


@pytest.mark.django_db
class PoolEntryAdminImportExportTests:
    def test_it_previews_then_confirms_a_pool_list_in_the_admin(self, admin_client, tmp_path):
        firm = make_enterprise(name="预览企业")
        path = xlsx(tmp_path, [["统一社会信用代码", "培育层级", "状态", "入库日期"], [firm.uscc, "创新型中小企业", "培育中", "2024-03-01"]])
        url = reverse("admin:cultivation_poolentry_import")
        with open(path, "rb") as handle:
            response = admin_client.post(url, {"import_file": handle, "format": "0", "resource": "0"})
        assert response.status_code == 200 and "confirm_form" in response.context
        assert not PoolEntry.objects.exists()
        confirm = response.context["confirm_form"].initial
        response = admin_client.post(reverse("admin:cultivation_poolentry_process_import"), {**confirm, "resource": "0"}, follow=True)
        assert PoolEntry.objects.get().enterprise == firm

    def test_it_exports_the_pool_as_xlsx(self, admin_client):
        make_entry(make_enterprise(name="=HYPERLINK(1)"), "srdi_sme", status="recognised", recognised_on=D(2024, 1, 1))
        response = admin_client.post(reverse("admin:cultivation_poolentry_export"), {"format": "0", "resource": "0", **{f"poolentryresource_{name}": "on" for name in ("firm_uscc", "firm_name", "tier", "target_status", "recognised_on")}})
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = list(book.active.values)
        assert rows[0][:2] == ("统一社会信用代码", "企业名称")
        assert rows[1][1] == "'=HYPERLINK(1)"


@pytest.mark.django_db
class ImportPoolEveryRowAppliedOrRefusedTests:
    """A row either changes the ladder, is already true (skipped), or is refused with its reason: never "updated" for nothing."""

    def recognised_firm(self):
        firm = make_enterprise(name="已认定企业")
        make_entry(firm, "innovative_sme", status="recognised", recognised_on=D(2024, 11, 28))
        return firm

    def test_a_different_recognition_date_is_refused(self, tmp_path):
        firm = self.recognised_firm()
        before = database_checksum()
        path = xlsx(tmp_path, [["统一社会信用代码", "认定日期"], [firm.uscc, "2025-06-30"]])
        out = io.StringIO()
        with pytest.raises(CommandError, match="共 1 处错误"):
            call_command("import_pool", str(path), "--tier", "innovative_sme", "--status", "recognised", stdout=out)
        assert "第2行 [状态] 已认定企业：名单与“创新型中小企业”的培育记录不一致：认定日期（系统中为 2024-11-28，名单为 2025-06-30）" in out.getvalue()
        assert database_checksum() == before

    def test_the_same_recognition_is_counted_as_skipped(self, tmp_path):
        firm = self.recognised_firm()
        path = xlsx(tmp_path, [["统一社会信用代码", "认定日期"], [firm.uscc, "2024-11-28"]])
        assert "新增 0 条，更新 0 条，跳过 1 条" in run(path, "--tier", "innovative_sme", "--status", "recognised")

    def test_a_differing_document_number_is_refused_not_ignored(self, tmp_path):
        firm = self.recognised_firm()
        path = xlsx(tmp_path, [["统一社会信用代码", "认定日期", "文号"], [firm.uscc, "2024-11-28", "浙经信〔2024〕1号"]])
        out = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_pool", str(path), "--tier", "innovative_sme", "--status", "recognised", stdout=out)
        assert "文号（系统中为 空，名单为 浙经信〔2024〕1号）" in out.getvalue()

    def test_a_new_recognition_keeps_the_listed_entry_and_review_dates(self, tmp_path):
        firm = make_enterprise()
        path = xlsx(tmp_path, [["统一社会信用代码", "入库日期", "认定日期", "复核日期"], [firm.uscc, "2024-03-01", "2024-11-28", "2026-06-30"]])
        assert "新增 1 条" in run(path, "--tier", "innovative_sme", "--status", "recognised")
        entry = PoolEntry.objects.get()
        assert (entry.entered_on, entry.recognised_on, entry.review_due_on) == (D(2024, 3, 1), D(2024, 11, 28), D(2026, 6, 30))


@pytest.mark.django_db
class ImportPoolCreatesOnlyValidFirmsTests:
    """`--create-missing` checks a new firm exactly as the firm form does."""

    @pytest.mark.parametrize("uscc, name, message", [
        ("91110000101623741A", "甲有限公司", "第2行 [统一社会信用代码] 统一社会信用代码校验位错误"),
        (None, '=HYPERLINK("http://x","点我")', "第2行 [企业名称] 企业名称不能以 = + - @ 开头"),
        (None, "<b>乙</b>有限公司", "第2行 [企业名称] 企业名称不能包含“<”或“>”"),
        (None, "长" * 150, "第2行 [企业名称] "),
    ], ids=["check-digit", "formula", "markup", "150-characters"])
    def test_it_refuses_a_firm_the_form_would_refuse(self, tmp_path, uscc, name, message):
        before = database_checksum()
        path = tmp_path / "名单.csv"  # CSV: openpyxl would store the formula text as a live formula
        path.write_bytes(csv_bytes([["统一社会信用代码", "企业名称", "县(区)", "行业代码"], [uscc or next_uscc(), name, "定海区", "3731"]]))
        out = io.StringIO()
        with pytest.raises(CommandError, match="共 1 处错误"):
            call_command("import_pool", str(path), "--tier", "innovative_sme", "--create-missing", stdout=out)
        assert message in out.getvalue()
        assert database_checksum() == before

    def test_it_refuses_a_zone_less_firm_without_a_county_in_chinese(self, tmp_path):
        path = xlsx(tmp_path, [["统一社会信用代码", "企业名称", "行业代码"], [next_uscc(), "丙有限公司", "3731"]])
        out = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_pool", str(path), "--tier", "innovative_sme", "--create-missing", stdout=out)
        assert "第2行 [县(区)] 新建缺失企业时必填" in out.getvalue()
        assert not Enterprise.objects.exists()


@pytest.mark.django_db
class PoolEntryTrailTests:
    def test_an_entry_with_events_cannot_be_deleted(self, tmp_path):
        from django.db.models import ProtectedError

        firm = make_enterprise()
        run(xlsx(tmp_path, [["统一社会信用代码"], [firm.uscc]]), "--tier", "innovative_sme")
        entry = PoolEntry.objects.get()
        with pytest.raises(ProtectedError):
            entry.delete()
        assert PoolEvent.objects.filter(entry=entry).count() == 1

    def test_the_admin_offers_no_delete(self, admin_client):
        entry = make_entry(make_enterprise())
        response = admin_client.post(reverse("admin:cultivation_poolentry_delete", args=[entry.pk]), {"post": "yes"})
        assert response.status_code == 403
        assert PoolEntry.objects.filter(pk=entry.pk).exists()
