import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from cultivation.models import MonthlyReport
from cultivation.monitoring.importer import import_monthly
from registry.models import Enterprise, ImportRecord
from tests.factories import make_enterprise, make_monthly_report, make_user, monthly_xlsx

D = datetime.date
TODAY = D(2024, 6, 15)


def run(content, **kwargs):
    kwargs.setdefault("today", TODAY)
    return import_monthly(content=content, file_name=kwargs.pop("file_name", "月报.xlsx"), **kwargs)


def report(firm, period):
    return MonthlyReport.objects.get(enterprise=firm, period=period)


def errors_of(outcome):
    return [(error.row, error.column, error.message) for error in outcome.errors]


@pytest.fixture
def firms(db):
    return make_enterprise(name="甲船舶"), make_enterprise(name="乙水产")


@pytest.mark.django_db
class MonthlyImportTests:
    def test_it_adds_single_months_and_records_the_import(self, firms):
        user = make_user()
        content = monthly_xlsx([(firms[0].uscc, "甲船舶", "2024-01", 100, 90, 80, 50), (firms[1].uscc, "乙水产", "2024年1月", 1_234.5, None, None, 12)])
        outcome = run(content, user=user)
        assert outcome.ok and (outcome.added, outcome.updated) == (2, 0)
        record = ImportRecord.objects.get()
        assert (record.kind, record.file_name, record.user, record.rows_added, record.rows_updated) == ("monthly", "月报.xlsx", user, 2, 0)
        assert record.checksum == hashlib.sha256(content).hexdigest()
        first = report(firms[0], D(2024, 1, 1))
        assert (first.output_value, first.revenue, first.main_business_revenue, first.employees, first.source) == (Decimal(100), Decimal(90), Decimal(80), 50, record)
        assert report(firms[1], D(2024, 1, 1)).output_value == Decimal("1234.5")

    def test_it_updates_a_reimported_period_without_duplicating(self, firms):
        run(monthly_xlsx([(firms[0].uscc, "", "2024-01", 100, 90, 80, 50)]))
        outcome = run(monthly_xlsx([(firms[0].uscc, "", "2024-01", 110, 95, 85, 51), (firms[1].uscc, "", "2024-01", 5, 5, 5, 5)]))
        assert (outcome.added, outcome.updated) == (1, 1)
        assert MonthlyReport.objects.count() == 2
        updated = report(firms[0], D(2024, 1, 1))
        assert (updated.output_value, updated.employees, updated.source) == (Decimal(110), 51, outcome.record)

    def test_it_leaves_columns_the_file_does_not_carry(self, firms):
        make_monthly_report(firms[0], "2024-01", output_value=1, tax=7)
        run(monthly_xlsx([(firms[0].uscc, "2024-01", 2)], headers=("信用代码", "年月", "产值")))
        kept = report(firms[0], D(2024, 1, 1))
        assert (kept.output_value, kept.tax) == (Decimal(2), Decimal(7))

    def test_it_reads_aliases_full_width_headers_and_a_leap_day_cell(self, firms):
        headers = (" 社会信用代码 ", "名称", "统计期", "产值（万元）", "营收", "主营收入", "从业人数")
        outcome = run(monthly_xlsx([(firms[0].uscc.lower(), "甲", datetime.datetime(2024, 2, 29), 3, 2, 1, 9)], headers=headers))
        assert outcome.ok, outcome.all_errors()
        assert report(firms[0], D(2024, 2, 1)).revenue == Decimal(2)

    def test_it_reads_a_gbk_csv(self, firms):
        content = f"统一社会信用代码,企业名称,统计期,工业总产值（万元）\r\n{firms[0].uscc},甲船舶,2024/3,\"1,200.50\"\r\n".encode("gbk")
        outcome = run(content, file_name="月报.csv")
        assert outcome.ok, outcome.all_errors()
        assert report(firms[0], D(2024, 3, 1)).output_value == Decimal("1200.5")

    def test_it_writes_nothing_on_a_dry_run(self, firms):
        outcome = run(monthly_xlsx([(firms[0].uscc, "", "2024-01", 1, 1, 1, 1)]), dry_run=True)
        assert outcome.ok and outcome.added == 1 and outcome.record is None
        assert not MonthlyReport.objects.exists() and not ImportRecord.objects.exists()

    def test_it_refuses_a_firm_outside_the_given_firms(self, firms):
        other = make_enterprise(county_id="330903")
        outcome = run(monthly_xlsx([(other.uscc, "", "2024-01", 1, 1, 1, 1)]), enterprises=Enterprise.objects.filter(county_id="330902"))
        assert [error.row for error in outcome.errors] == [2]
        assert "不在您的管辖范围内" in outcome.errors[0].message


@pytest.mark.django_db
class MonthlyImportBadInputTests:
    def test_it_reports_every_bad_row_and_writes_nothing(self, firms):
        make_monthly_report(firms[0], "2024-01", output_value=1)
        rows = [
            (firms[0].uscc, "", "2024-13", 1, 1, 1, 1),  # row 2: month 13
            (firms[0].uscc, "", "2024-07", 1, 1, 1, 1),  # row 3: a future period
            (firms[0].uscc, "", "2024-02", -5, 1, 1, 1),  # row 4: negative output
            (firms[0].uscc, "", "2024-03", "一百", 1, 1, 1),  # row 5: text in a number column
            ("91330902MA2A0000XX", "无名", "2024-04", 1, 1, 1, 1),  # row 6: unknown USCC
            (firms[1].uscc, "", "2024-05", 1, 1, 1, 1),  # row 7: fine
            (firms[1].uscc, "", "2024/5", 2, 1, 1, 1),  # row 8: the same firm and period again
            (firms[1].uscc, "", "2024-06", 1, 1, 1, 1.5),  # row 9: half a person
        ]
        outcome = run(monthly_xlsx(rows))
        assert not outcome.ok
        found = errors_of(outcome)
        assert [(row, column) for row, column, _ in found] == [(2, "统计期"), (3, "统计期"), (4, "工业总产值（万元）"), (5, "工业总产值（万元）"), (6, "统一社会信用代码"), (8, "统一社会信用代码"), (9, "从业人员（人）")]
        reasons = [message for _, _, message in found]
        assert "月份应在1-12之间" in reasons[0]
        assert "晚于当前月份" in reasons[1]
        assert "不能为负数" in reasons[2]
        assert "不是有效的数值" in reasons[3]
        assert "系统中没有统一社会信用代码为91330902MA2A0000XX的企业（无名）" in reasons[4] or "校验位" in reasons[4]
        assert "与第7行重复" in reasons[5]
        assert "整数" in reasons[6]
        assert MonthlyReport.objects.count() == 1 and report(firms[0], D(2024, 1, 1)).output_value == Decimal(1)
        assert not ImportRecord.objects.exists()

    def test_it_explains_a_code_excel_stored_as_a_number(self, firms):
        outcome = run(monthly_xlsx([(913309020000000000.0, "", "2024-01", 1, 1, 1, 1)]))
        assert "存成了数字" in outcome.errors[0].message

    def test_it_refuses_a_file_without_the_required_columns(self, firms):
        outcome = run(monthly_xlsx([(firms[0].uscc, 1)], headers=("统一社会信用代码", "工业总产值")))
        assert outcome.file_errors and "缺少必填列：统计期" in outcome.file_errors[0]

    def test_it_refuses_a_file_with_only_a_header(self, firms):
        outcome = run(monthly_xlsx([]))
        assert outcome.file_errors == ["文件中没有数据行（只有表头或为空），没有导入任何内容。"]

    def test_it_refuses_a_csv_renamed_xlsx(self, firms):
        outcome = run("统一社会信用代码,统计期\r\n".encode(), file_name="月报.xlsx")
        assert outcome.file_errors and not MonthlyReport.objects.exists()

    def test_it_warns_about_columns_it_does_not_import(self, firms):
        outcome = run(monthly_xlsx([(firms[0].uscc, "2024-01", 1, "x")], headers=("统一社会信用代码", "统计期", "产值", "备忘")))
        assert outcome.ok and any("备忘" in warning for warning in outcome.warnings)


@pytest.mark.django_db
class CumulativeImportTests:
    headers = ("统一社会信用代码", "统计期", "工业总产值", "利润总额", "从业人员")

    def test_it_turns_year_to_date_rows_into_single_months(self, firms):
        rows = [(firms[0].uscc, "2024-01", 100, 10, 50), (firms[0].uscc, "2024-02", 250, 5, 52), (firms[0].uscc, "2024-03", 400, 8, 51)]
        outcome = run(monthly_xlsx(rows, self.headers), cumulative=True)
        assert outcome.ok, outcome.all_errors()
        singles = list(MonthlyReport.objects.filter(enterprise=firms[0]).order_by("period").values_list("output_value", "total_profit", "employees"))
        # Profit may fall within the year (−5 in February); a head count is not summed.
        assert singles == [(Decimal(100), Decimal(10), 50), (Decimal(150), Decimal(-5), 52), (Decimal(150), Decimal(3), 51)]
        assert "累计" in ImportRecord.objects.get().notes

    def test_it_uses_months_already_held(self, firms):
        make_monthly_report(firms[0], "2024-01", output_value=100, total_profit=1, employees=9)
        make_monthly_report(firms[0], "2024-02", output_value=120, total_profit=1, employees=9)
        outcome = run(monthly_xlsx([(firms[0].uscc, "2024-03", 300, 3, 9)], self.headers), cumulative=True)
        assert outcome.ok, outcome.all_errors()
        assert report(firms[0], D(2024, 3, 1)).output_value == Decimal(80)

    def test_it_treats_january_as_its_own_year_to_date(self, firms):
        make_monthly_report(firms[0], "2023-12", output_value=999)
        run(monthly_xlsx([(firms[0].uscc, "2024-01", 70, 1, 1)], self.headers), cumulative=True)
        assert report(firms[0], D(2024, 1, 1)).output_value == Decimal(70)

    def test_it_reports_a_missing_earlier_month_and_a_negative_month(self, firms):
        make_monthly_report(firms[1], "2024-01", output_value=500, total_profit=0, employees=1)
        rows = [(firms[0].uscc, "2024-03", 300, 3, 9), (firms[1].uscc, "2024-02", 400, 0, 1)]
        outcome = run(monthly_xlsx(rows, self.headers), cumulative=True)
        found = errors_of(outcome)
        assert found[0][:2] == (2, "统计期") and "缺少2024年1月的当月数据" in found[0][2]
        assert found[1][:2] == (3, "工业总产值") and "负数" in found[1][2]
        assert MonthlyReport.objects.count() == 1


@pytest.mark.django_db
class ImportMonthlyCommandTests:
    def test_it_imports_a_file_and_names_the_user(self, firms, tmp_path):
        user = make_user("loader")
        path = tmp_path / "2024年1月.xlsx"
        path.write_bytes(monthly_xlsx([(firms[0].uscc, "", "2024-01", 1, 1, 1, 1)]))
        call_command("import_monthly", str(path), "--user", "loader")
        record = ImportRecord.objects.get()
        assert (record.user, record.file_name, record.rows_added) == (user, "2024年1月.xlsx", 1)

    def test_it_fails_listing_every_error(self, firms, tmp_path, capsys):
        path = tmp_path / "bad.xlsx"
        path.write_bytes(monthly_xlsx([(firms[0].uscc, "", "2024-13", 1, 1, 1, 1), (firms[0].uscc, "", "2024-01", -1, 1, 1, 1)]))
        with pytest.raises(CommandError, match="共 2 处错误"):
            call_command("import_monthly", str(path))
        printed = capsys.readouterr().out
        assert "第2行 [统计期]" in printed and "第3行 [工业总产值（万元）]" in printed
        assert not MonthlyReport.objects.exists()

    def test_it_checks_without_writing_on_a_dry_run(self, firms, tmp_path, capsys):
        path = tmp_path / "ok.xlsx"
        path.write_bytes(monthly_xlsx([(firms[0].uscc, "", "2024-01", 1, 1, 1, 1)]))
        call_command("import_monthly", str(path), "--dry-run")
        assert "新增 1 条" in capsys.readouterr().out and not MonthlyReport.objects.exists()
