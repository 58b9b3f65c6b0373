"""A NUL (or another invisible control character) in an imported cell is a Chinese row error naming row and column.

PostgreSQL cannot store a NUL and an xlsx cannot hold the other C0 controls. Excel writes them into its XML as
_x0000_ escapes, which is how the xlsx files here carry them; CSV files from other systems carry them raw.
"""

import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from registry.sheets.services import outcome_from_result
from registry.sheets.values import parse_decimal, parse_period, parse_text
from registry.sheets.widgets import UsccCell
from tests.dbstate import database_checksum
from tests.factories import csv_bytes, make_enterprise, MONTHLY_HEADERS, rewrite_sheet_xml, xlsx_bytes

NUL = "\x00"
REFUSED = "不能包含不可见的控制字符"
STAND_IN = "\ue000"  # openpyxl refuses to write a control character: a private-use character holds its place until the XML is rewritten


def with_control(text, char=NUL):
    return text[:2] + char + text[2:]


def xlsx_with_controls(rows):
    """An xlsx as Excel writes one whose cells hold control characters: each escaped as _x00HH_ in the sheet XML."""
    controls = sorted({char for row in rows for cell in row if isinstance(cell, str) for char in cell if ord(char) < 32})
    stand_ins = {char: chr(ord(STAND_IN) + ord(char)) for char in controls}
    written = [[cell.translate(str.maketrans(stand_ins)) if isinstance(cell, str) else cell for cell in row] for row in rows]

    def escape(xml):
        for char, stand_in in stand_ins.items():
            xml = xml.replace(stand_in.encode(), f"_x{ord(char):04X}_".encode())
        return xml

    return rewrite_sheet_xml(xlsx_bytes(written), escape)


@dataclass(frozen=True)
class ImportKind:
    """One kind of import: its columns, a good row for a firm, the column stored as text, and how the admin and the command take it."""

    name: str
    header: list
    text_column: str
    command: tuple
    import_url: str

    def rows(self, firm, *, column, char=NUL):
        good = self.good_row(firm)
        good[column] = with_control(str(good[column]), char)
        return [self.header, [good[name] for name in self.header]]

    def good_row(self, firm):
        cells = {"统一社会信用代码": firm.uscc, "企业名称": "舟山海星船舶有限公司", "县(区)": "定海区", "行业代码": "3731", "文号": "浙经信企业〔2024〕190号",
                 "培育层级": "创新型中小企业", "统计期": "2024-03", "年度": "2025", "研发机构级别": "省级"}
        return {name: cells.get(name, "12") for name in self.header}


KINDS = [
    ImportKind("firms", ["统一社会信用代码", "企业名称", "县(区)", "行业代码"], "企业名称", ("import_enterprises",), "admin:registry_enterprise_import"),
    ImportKind("pool", ["统一社会信用代码", "培育层级", "文号"], "文号", ("import_pool", "--tier", "innovative_sme"), "admin:cultivation_poolentry_import"),
    ImportKind("monthly", list(MONTHLY_HEADERS), "统计期", ("import_monthly",), "admin:cultivation_monthlyreport_import"),
    ImportKind("annual", ["统一社会信用代码", "年度", "研发机构级别"], "研发机构级别", ("import_annual_profiles",), "admin:cultivation_annualprofile_import"),
]
CELLS = ["统一社会信用代码", "text"]
CELL_IDS = ["uscc", "text"]


def column_of(kind, cell):
    return kind.text_column if cell == "text" else cell


def admin_errors(response):
    """(row, column, message) of every error an import preview shows."""
    if "errors_shown" in response.context:
        return [(error.row, error.column, error.message) for error in response.context["errors_shown"]]
    outcome = outcome_from_result(response.context["result"], dry_run=True)
    return [(error.row, error.column, error.message) for error in outcome.errors]


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
class ControlCharacterImportTests:
    @pytest.mark.parametrize("cell", CELLS, ids=CELL_IDS)
    @pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
    def test_it_refuses_a_nul_in_an_uploaded_xlsx_with_a_row_error(self, admin_client, kind, cell):
        firm = make_enterprise()
        before = database_checksum()
        upload = SimpleUploadedFile("导入.xlsx", xlsx_with_controls(kind.rows(firm, column=column_of(kind, cell))))
        response = admin_client.post(reverse(kind.import_url), {"format": "0", "import_file": upload})
        assert response.status_code == 200
        errors = admin_errors(response)
        assert {(row, column) for row, column, _ in errors} == {(2, column_of(kind, cell))}
        assert REFUSED in errors[0][2]
        assert database_checksum() == before

    @pytest.mark.parametrize("cell", CELLS, ids=CELL_IDS)
    @pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
    def test_it_refuses_a_nul_in_a_csv_given_to_the_command(self, tmp_path, kind, cell):
        firm = make_enterprise()
        path = tmp_path / "导入.csv"
        path.write_bytes(csv_bytes(kind.rows(firm, column=column_of(kind, cell))))
        before = database_checksum()
        out = io.StringIO()
        with pytest.raises(CommandError, match="没有写入任何数据"):
            call_command(*kind.command, str(path), stdout=out)
        errors = [line for line in out.getvalue().splitlines() if line.startswith("第")]
        assert errors[0].startswith(f"第2行 [{column_of(kind, cell)}] {REFUSED}")
        assert all(error.startswith(f"第2行 [{column_of(kind, cell)}] ") for error in errors)
        assert database_checksum() == before

    @pytest.mark.parametrize("char", ["\x01", "\x08", "\x0b", "\x1f"])
    def test_it_refuses_the_other_controls_an_xlsx_cannot_hold(self, admin_client, char):
        kind = KINDS[0]
        upload = SimpleUploadedFile("导入.xlsx", xlsx_with_controls(kind.rows(make_enterprise(), column="企业名称", char=char)))
        response = admin_client.post(reverse(kind.import_url), {"format": "0", "import_file": upload})
        assert [(row, column, REFUSED in message) for row, column, message in admin_errors(response)] == [(2, "企业名称", True)]


class ControlCharacterValueTests:
    def test_it_names_the_position_of_the_control_character(self):
        with pytest.raises(ValueError, match=r"^不能包含不可见的控制字符（第3个字符）"):
            parse_text("舟山\x00海星")

    def test_it_keeps_tabs_and_line_breaks(self):
        assert parse_text("船用甲板机械\n船用阀门\t等") == "船用甲板机械\n船用阀门\t等"

    @pytest.mark.parametrize("parse", [UsccCell().parse, parse_decimal, parse_period])
    def test_every_text_parser_refuses_a_nul(self, parse):
        with pytest.raises(ValueError, match=REFUSED):
            parse(f"2024{NUL}03")
