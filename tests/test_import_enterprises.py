"""Importing the firm list through run_import and `manage.py import_enterprises`: all rows or none."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from registry.sheets.command import ProgressLine
from registry.models import Enterprise, ImportRecord, StaffProfile
from registry.resources import EnterpriseResource
from registry.sheets.formats import CSVFormat, XLSXFormat
from registry.sheets.services import run_import
from tests.factories import csv_bytes, make_enterprise, make_user, next_uscc, xlsx_bytes

HEADER = ["序号", "统一社会信用代码", "企业名称", "县(区)", "功能区", "行业代码", "产业链", "成立日期", "是否规上", "入规日期", "企业规模", "助企专员", "经营状态"]


def firm_row(number, uscc=None, name=None, **overrides):
    values = {
        "序号": number,
        "统一社会信用代码": uscc or next_uscc(),
        "企业名称": name or f"舟山测试{number}船舶有限公司",
        "县(区)": "定海区",
        "功能区": "金塘",
        "行业代码": "3731",
        "产业链": "船舶海工、清洁能源装备",
        "成立日期": "2008/6/18",
        "是否规上": "是",
        "入规日期": "2021年1月1日",
        "企业规模": "小型",
        "助企专员": "",
        "经营状态": "存续",
    }
    values.update(overrides)
    return [values[header] for header in HEADER]


def import_file(data, filename="企业名录.xlsx", dry_run=False, user=None):
    return run_import(EnterpriseResource(), data, filename, dry_run=dry_run, user=user)


@pytest.mark.django_db
class EnterpriseImportTests:
    def test_it_imports_an_xlsx_with_every_kind_of_cell(self):
        officer = make_user("zhou_officer", last_name="周", first_name="海军")
        uscc = next_uscc()
        outcome = import_file(xlsx_bytes([HEADER, firm_row(1, uscc=uscc, 助企专员="周海军", 成立日期=datetime.date(2008, 6, 18))]))
        assert outcome.ok and outcome.summary == "新增 1 条，更新 0 条，跳过 0 条"
        firm = Enterprise.objects.get(uscc=uscc)
        assert (firm.county_id, firm.zone.name, firm.industry_id) == ("330902", "金塘", "3731")
        assert sorted(chain.name for chain in firm.chains.all()) == ["清洁能源装备", "船舶海工"]
        assert firm.established_on == datetime.date(2008, 6, 18) and firm.above_scale_since == datetime.date(2021, 1, 1)
        assert (firm.is_above_scale, firm.size_class, firm.status, firm.service_officer) == (True, "small", "operating", officer)

    @pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
    def test_it_imports_a_csv_in_utf8_with_bom_or_gbk(self, encoding):
        rows = [HEADER, firm_row(1), firm_row(2, **{"县(区)": "普陀区", "功能区": "六横"})]
        outcome = import_file(csv_bytes(rows, encoding), "企业名录.csv")
        assert outcome.ok, outcome.errors
        assert sorted(Enterprise.objects.values_list("name", flat=True)) == ["舟山测试1船舶有限公司", "舟山测试2船舶有限公司"]

    def test_it_matches_aliased_and_full_width_headers(self):
        headers = ["信用代码", "企业（单位）名称", "县（区）", "国民经济行业代码", " 成立 日期 ", "规上企业"]
        outcome = import_file(xlsx_bytes([headers, [next_uscc(), "舟山海星", "普陀", "C3731", "2008-06-18", "Y"]]))
        assert outcome.ok and outcome.warnings == []
        assert Enterprise.objects.get().county.name == "普陀区"

    def test_it_reports_every_bad_row_with_row_and_column_and_writes_nothing(self):
        rows = [
            HEADER,
            firm_row(1),
            firm_row(2, **{"县(区)": "火星区"}),
            firm_row(3),
            firm_row(4, 成立日期="2023-13-01"),
            firm_row(5, uscc="91110000101623741A"),
        ]
        outcome = import_file(xlsx_bytes(rows))
        assert [str(error) for error in outcome.errors] == [
            "第3行 [县(区)] 找不到县(区)“火星区”，可填：定海区、普陀区、岱山县、嵊泗县",
            "第5行 [成立日期] 月份应在1-12之间，实际为13",
            "第6行 [统一社会信用代码] 统一社会信用代码校验位错误：第18位应为K，实际为A",
        ]
        assert not Enterprise.objects.exists()
        assert not ImportRecord.objects.exists()

    def test_it_names_the_sheet_row_below_a_title_and_blank_rows(self):
        rows = [["2024年企业名录"], HEADER, firm_row(1), [None] * len(HEADER), firm_row(2, 企业名称="")]
        outcome = import_file(xlsx_bytes(rows))
        assert [str(error) for error in outcome.errors] == ["第5行 [企业名称] 新增企业时必填"]

    def test_it_reports_unknown_columns_and_still_imports(self):
        outcome = import_file(xlsx_bytes([HEADER + ["注册资本"], firm_row(1) + ["500万"]]))
        assert outcome.ok
        assert outcome.warnings == ["以下列不是本表的列，未导入：注册资本"]
        assert Enterprise.objects.count() == 1

    def test_it_refuses_a_file_missing_a_required_column_with_one_error(self):
        outcome = import_file(xlsx_bytes([["序号", "企业名称", "县(区)"], [1, "舟山海星", "定海区"], [2, "舟山东海", "定海区"]]))
        assert len(outcome.errors) == 1
        assert str(outcome.errors[0]).startswith("缺少必填列：统一社会信用代码。")
        assert not Enterprise.objects.exists()

    def test_it_updates_a_firm_whose_code_is_typed_differently(self):
        firm = make_enterprise(name="旧名称")
        typed = " ".join(firm.uscc.lower()[i : i + 6] for i in range(0, 18, 6))
        outcome = import_file(xlsx_bytes([["统一社会信用代码", "企业名称", "联系电话"], [typed, "新名称", "0580-2021234"]]))
        assert outcome.summary == "新增 0 条，更新 1 条，跳过 0 条"
        firm.refresh_from_db()
        assert (firm.name, firm.contact_phone, firm.industry_id) == ("新名称", "0580-2021234", "3731")

    def test_it_refuses_the_same_code_twice_in_one_file(self):
        uscc = next_uscc()
        outcome = import_file(xlsx_bytes([HEADER, firm_row(1, uscc=uscc), firm_row(2, uscc=uscc.lower())]))
        assert [str(error) for error in outcome.errors] == ["第3行 [统一社会信用代码] 与第2行的统一社会信用代码重复，同一统一社会信用代码只能出现一次"]
        assert not Enterprise.objects.exists()

    def test_it_refuses_a_code_excel_turned_into_a_number(self):
        outcome = import_file(xlsx_bytes([HEADER, firm_row(1, uscc=913309001234567000)]))
        assert "被 Excel 存成了数字" in str(outcome.errors[0])

    def test_it_writes_nothing_on_a_dry_run(self):
        outcome = import_file(xlsx_bytes([HEADER, firm_row(1)]), dry_run=True)
        assert outcome.ok and outcome.added == 1 and not outcome.written
        assert not Enterprise.objects.exists() and not ImportRecord.objects.exists()

    def test_it_records_who_imported_what(self):
        user = make_user("importer")
        import_file(xlsx_bytes([HEADER, firm_row(1), firm_row(2)]), "三月名录.xlsx", user=user)
        record = ImportRecord.objects.get()
        assert (record.kind, record.file_name, record.user, record.rows_added, len(record.checksum)) == ("enterprises", "三月名录.xlsx", user, 2, 64)


@pytest.mark.django_db
class EnterpriseImportScopeTests:
    def officer(self, county="330903"):
        user = make_user("putuo_officer")
        StaffProfile.objects.create(user=user, county_id=county)
        return user

    def test_it_imports_firms_of_the_officers_own_county(self):
        outcome = import_file(xlsx_bytes([HEADER, firm_row(1, **{"县(区)": "普陀区", "功能区": "六横"})]), user=self.officer())
        assert outcome.ok, outcome.errors
        assert Enterprise.objects.get().county_id == "330903"

    def test_it_refuses_firms_outside_the_officers_area(self):
        elsewhere = make_enterprise(county_id="330902")
        rows = [HEADER, firm_row(1, **{"县(区)": "定海区", "功能区": ""}), firm_row(2, **{"县(区)": "普陀区", "功能区": "金塘"}), firm_row(3, uscc=elsewhere.uscc, **{"县(区)": "普陀区", "功能区": ""})]
        outcome = import_file(xlsx_bytes(rows), user=self.officer())
        assert [str(error) for error in outcome.errors] == [
            "第2行 [县(区)] 只能填写您负责的县（区）",
            "第3行 [功能区] 只能填写您负责的功能区",
            "第3行 [功能区] 功能区“金塘”属于定海区，不属于普陀区：请改选普陀区的功能区，或将功能区清空",
            "第4行 [统一社会信用代码] 该企业已在系统中登记，但不在您负责的县（区）或功能区，不能通过导入修改",
        ]
        assert Enterprise.objects.get() == elsewhere


@pytest.mark.django_db
class EnterpriseRoundTripTests:
    @pytest.mark.parametrize("file_format, filename", [(XLSXFormat, "export.xlsx"), (CSVFormat, "export.csv")])
    def test_it_changes_nothing_when_an_export_is_imported_again(self, file_format, filename):
        officer = make_user("wang_officer", last_name="王", first_name="丽娜")
        make_enterprise(name="=HYPERLINK(\"http://x\")有限公司", contact_phone="+86 580 2021234", zone_id=None, established_on=datetime.date(2001, 2, 3), is_above_scale=True, above_scale_since=datetime.date(2020, 1, 1), size_class="medium", service_officer=officer, notes="-已核实")
        firm = make_enterprise(county_id="330921", industry_id="2511", niche_entry_year=2015, status="moved_out")
        firm.chains.set(firm.chains.model.objects.filter(code__in=["green_petrochemical", "new_materials"]))
        before = list(Enterprise.objects.order_by("pk").values())
        chains_before = sorted(Enterprise.chains.through.objects.values_list("enterprise_id", "industrychain_id"))
        exported = file_format().export_data(EnterpriseResource().export(Enterprise.objects.all()))
        outcome = import_file(exported, filename)
        assert outcome.ok, outcome.errors
        assert outcome.summary == "新增 0 条，更新 0 条，跳过 2 条"
        assert list(Enterprise.objects.order_by("pk").values()) == before
        assert sorted(Enterprise.chains.through.objects.values_list("enterprise_id", "industrychain_id")) == chains_before


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.django_db
class ImportEnterprisesCommandTests:
    def test_it_prints_the_summary_and_exits_cleanly(self, tmp_path):
        path = tmp_path / "firms.xlsx"
        path.write_bytes(xlsx_bytes([HEADER, firm_row(1), firm_row(2)]))
        out = io.StringIO()
        call_command("import_enterprises", str(path), stdout=out)
        assert "新增 2 条，更新 0 条，跳过 0 条" in out.getvalue()
        assert Enterprise.objects.count() == 2

    def test_it_prints_each_error_on_its_own_line_and_fails(self, tmp_path):
        path = tmp_path / "firms.csv"
        path.write_bytes(csv_bytes([HEADER, firm_row(1, **{"县(区)": "火星区"}), firm_row(2, 是否规上="也许")], "gbk"))
        out = io.StringIO()
        with pytest.raises(CommandError, match="共 3 处错误，没有写入任何数据"):
            call_command("import_enterprises", str(path), stdout=out)
        lines = out.getvalue().splitlines()
        assert "第2行 [县(区)] 找不到县(区)“火星区”，可填：定海区、普陀区、岱山县、嵊泗县" in lines
        assert "第3行 [是否规上] 应为“是”或“否”，实际为“也许”" in lines
        assert lines[0] == "新增 0 条，更新 0 条，跳过 0 条"
        assert not Enterprise.objects.exists()

    def test_it_checks_without_writing_on_a_dry_run(self, tmp_path):
        path = tmp_path / "firms.xlsx"
        path.write_bytes(xlsx_bytes([HEADER, firm_row(1)]))
        out = io.StringIO()
        call_command("import_enterprises", str(path), "--dry-run", stdout=out)
        assert "新增 1 条" in out.getvalue() and "试运行" in out.getvalue()
        assert not Enterprise.objects.exists()

    def test_it_fails_with_the_reason_for_a_refused_file(self, tmp_path):
        path = tmp_path / "firms.xlsx"
        path.write_bytes(csv_bytes([HEADER]))
        with pytest.raises(CommandError, match="不是真正的 .xlsx"):
            call_command("import_enterprises", str(path), stdout=io.StringIO())

    def test_it_fails_for_a_missing_file(self, tmp_path):
        with pytest.raises(CommandError, match="找不到文件"):
            call_command("import_enterprises", str(tmp_path / "nope.xlsx"), stdout=io.StringIO())

    def test_it_shows_no_progress_for_a_small_file_on_a_terminal(self, tmp_path):
        path = tmp_path / "firms.xlsx"
        path.write_bytes(xlsx_bytes([HEADER, firm_row(1)]))
        out = FakeTerminal()
        call_command("import_enterprises", str(path), stdout=out)
        assert "已处理" not in out.getvalue()


class ProgressLineTests:
    def test_it_rewrites_one_line_about_a_hundred_times_for_a_large_file(self):
        from django.core.management.base import OutputWrapper

        out = FakeTerminal()
        progress = ProgressLine(OutputWrapper(out))
        for done in range(1, 5001):
            progress(done, 5000)
        progress.finish()
        assert out.getvalue().count("\r已处理") == 100
        assert out.getvalue().endswith("\r已处理 5000/5000 行\n")


@pytest.mark.django_db
class BlankCellsOnUpdateTests:
    """县(区) and 行业代码 are needed only for new firms: a blank cell keeps what is stored."""

    def test_it_keeps_the_stored_county_and_industry(self):
        firm = make_enterprise(county_id="330903", industry_id="3731", name="旧名称有限公司")
        outcome = import_file(xlsx_bytes([["统一社会信用代码", "企业名称", "县(区)", "行业代码"], [firm.uscc, "新名称有限公司", "", None]]))
        assert outcome.ok, outcome.errors
        firm.refresh_from_db()
        assert (firm.name, firm.county_id, firm.industry_id) == ("新名称有限公司", "330903", "3731")

    def test_a_new_firm_without_a_county_is_listed_with_every_other_error(self):
        existing = make_enterprise()
        rows = [
            ["统一社会信用代码", "企业名称", "县(区)", "行业代码"],
            [existing.uscc, existing.name, "", ""],
            [next_uscc(), "缺县区有限公司", "", "3731"],
            [next_uscc(), "缺行业有限公司", "定海区", ""],
            ["91110000101623741A", "校验位错有限公司", "定海区", "3731"],
        ]
        outcome = import_file(xlsx_bytes(rows))
        assert [str(error) for error in outcome.errors] == [
            "第3行 [县(区)] 新增企业时必填",
            "第4行 [行业代码] 新增企业时必填",
            "第5行 [统一社会信用代码] 统一社会信用代码校验位错误：第18位应为K，实际为A",
        ]

    def test_a_new_firm_in_a_file_without_the_column_is_told_what_is_missing(self):
        outcome = import_file(xlsx_bytes([["统一社会信用代码", "企业名称", "行业代码"], [next_uscc(), "无县区列有限公司", "3731"]]))
        assert [str(error) for error in outcome.errors] == ["第2行 [县(区)] 新增企业时必填"]
