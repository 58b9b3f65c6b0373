"""Files the engine refuses, with a Chinese reason and before calamine parses them."""

import io
import subprocess
import sys
import zipfile
from pathlib import Path
from unittest import mock

import pytest
from openpyxl.utils import get_column_letter

from registry.sheets import parsing
from registry.sheets.limits import MAX_COLUMN_LETTERS, MAX_COLUMNS, ReadingLimits, SheetRefused
from registry.sheets.reader import read_rows
from tests.factories import (
    csv_bytes,
    far_cell_xlsx,
    lying_member_xlsx,
    merged_ranges_xlsx,
    old_xls_bytes,
    rewrite_sheet_xml,
    shared_text_xlsx,
    with_sheet_xml,
    xlsx_bytes,
    zip_bomb_xlsx,
)


def refusal(data, filename):
    with pytest.raises(SheetRefused) as caught:
        read_rows(data, filename)
    return caught.value.message


def refused_before_calamine(data, tmp_path, filename="firms.xlsx"):
    """The parse run here, with calamine replaced: the refusal, and proof that calamine was never asked."""
    path = tmp_path / filename
    path.write_bytes(data)
    with mock.patch.object(parsing, "CalamineWorkbook") as calamine, pytest.raises(SheetRefused) as caught:
        parsing.read_file(path, filename, ReadingLimits.from_settings())
    calamine.from_path.assert_not_called()
    return caught.value.message


class UploadSizeTests:
    def test_it_refuses_a_file_over_the_upload_limit(self, settings):
        settings.SHEETS_MAX_UPLOAD_BYTES = 1024
        assert refusal(b"x" * 2048, "firms.csv").startswith("文件大小为 2.0 KB，超过上限 1.0 KB")


class ZipBombTests:
    def test_it_refuses_a_zip_bomb_before_calamine_opens_it(self, tmp_path):
        assert "压缩比异常" in refused_before_calamine(zip_bomb_xlsx(), tmp_path)

    def test_it_refuses_more_uncompressed_data_than_allowed(self, settings):
        settings.SHEETS_MAX_UNCOMPRESSED_BYTES = 10_000
        assert "解压后有" in refusal(xlsx_bytes([["代码"]] + [["x" * 50]] * 300), "firms.xlsx")

    def test_it_refuses_a_sheet_that_inflates_past_its_declared_size(self):
        data = lying_member_xlsx(b'<row r="3"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')
        assert "已损坏" in refusal(data, "firms.xlsx")


class FarCellTests:
    def test_it_names_the_last_column_as_openpyxl_does(self):
        assert get_column_letter(MAX_COLUMNS) == MAX_COLUMN_LETTERS

    def test_the_parse_child_starts_without_openpyxl(self):
        # openpyxl takes longer to import than the child to start: only a refusal or an odd cell loads it.
        loaded = subprocess.run([sys.executable, "-E", "-s", "-c", "import sys, registry.sheets.parse_child; print('openpyxl' in sys.modules)"], cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, check=True)
        assert loaded.stdout.strip() == "False"

    def test_it_refuses_a_tiny_file_with_a_cell_in_the_last_column(self, tmp_path):
        assert "单元格 XFD1048576 有内容" in refused_before_calamine(far_cell_xlsx("XFD1048576"), tmp_path)

    def test_it_refuses_a_cell_far_below_the_row_limit(self, settings):
        settings.SHEETS_MAX_ROWS = 100
        assert "第 5000 行（单元格 A5000）仍有内容" in refusal(far_cell_xlsx("A5000"), "firms.xlsx")

    def test_it_refuses_the_issues_lower_case_recipe_before_calamine(self, tmp_path):
        data = with_sheet_xml(b'<row r="1048576"><c r="xfd1048576" t="inlineStr"><is><t>x</t></is></c></row>')
        assert "单元格 XFD1048576 有内容" in refused_before_calamine(data, tmp_path)

    # Each spelling below was placed by python-calamine 0.9.1 at the far position (checked by experiment).
    @pytest.mark.parametrize(
        "cell, shown",
        [
            (b'<c r="xFd1048576" t="inlineStr">', "XFD1048576"),
            (b'<c r="A0001048576" t="inlineStr">', "A1048576"),
            (b'<c r = "XFD1" t="inlineStr">', "XFD1"),
            (b'<c r\n=\n"XFD1" t="inlineStr">', "XFD1"),
            (b"<c r='XFD1' t=\"inlineStr\">", "XFD1"),
            (b'<c t="inlineStr" r="XFD1">', "XFD1"),
            (b'<c\tr="XFD1"\tt="inlineStr">', "XFD1"),
            (b'<c\r\nr="XFD1" t="inlineStr" >', "XFD1"),
            (b'<c s="1" t="inlineStr" x=">" r="XFD1">', "XFD1"),
            (b'<c r="AZ1" t="inlineStr">', "AZ1"),
            (b'<c r="A4295015872" t="inlineStr">', "A4295015872"),  # calamine's u32 wraps this to row 1,048,576
        ],
        ids=["mixed-case", "leading-zeros", "spaces-around-equals", "newlines-around-equals", "single-quotes", "position-last", "tabs", "crlf-and-space", "quoted-angle-bracket", "column-az", "row-past-2-to-the-32"],
    )
    def test_it_refuses_a_far_cell_in_any_spelling_calamine_reads(self, tmp_path, cell, shown):
        data = with_sheet_xml(b'<row r="3">' + cell + b"<is><t>x</t></is></c></row>")
        assert f"单元格 {shown}" in refused_before_calamine(data, tmp_path)

    @pytest.mark.parametrize(
        "xml",
        [
            b'<row r="3"><c r="A3" r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>',
            b'<row r="3"><c r="A3"r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>',
            b'<row r="3"><c r="A3" t="inlineStr" r=\'XFD3\'><is><t>x</t></is></c></row>',
            b'<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row>',
            b"<row>" + b'<c t="inlineStr"><is><t>x</t></is></c>' * 60 + b"</row>",
            b'<row r="3"><c x:r="XFD3" xmlns:x="urn:x" t="inlineStr"><is><t>x</t></is></c></row>',
            b'<row r="3"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD3" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></row>',
            '<row r="3"><表:c xmlns:表="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD3" t="inlineStr"><表:is><表:t>x</表:t></表:is></表:c></row>'.encode(),
            b'<row r="3"><c s="<" r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>',
        ],
        ids=["repeated-position", "repeated-position-unspaced", "repeated-position-later", "no-position-after-a-far-row", "sixty-cells-without-positions", "prefixed-position", "prefixed-cell", "prefixed-cell-chinese", "angle-bracket-in-a-value"],
    )
    def test_it_refuses_a_cell_whose_position_it_cannot_be_sure_of(self, tmp_path, xml):
        assert "文件结构不常见" in refused_before_calamine(with_sheet_xml(xml), tmp_path)

    @pytest.mark.parametrize(
        "xml",
        [
            b'<row r="3"><c r="A3" s="0" t="n" cm="1"><v>0</v></c><c r="B3" vm="1"><v>5</v></c></row>',
            b'<row r="3"><c r="A3" t="str"><f>1+1</f><v>2</v></c><c r="AX3"><v>1</v></c></row>',
            b'<row r="3" spans="1:2"><c r="B3" s="1"/><c r="XFD1048576" s="1"/></row>',
        ],
        ids=["more-attributes", "column-ax", "styled-blank-far-cells"],
    )
    def test_it_reads_cells_excel_writes_within_the_extent(self, xml):
        sheet = read_rows(with_sheet_xml(xml), "firms.xlsx")
        assert sheet.headers == ["统一社会信用代码", "企业名称"] + [""] * (len(sheet.headers) - 2)

    def test_it_ignores_a_dimension_that_claims_the_whole_sheet(self):
        data = rewrite_sheet_xml(xlsx_bytes([["统一社会信用代码"], ["x"]]), lambda xml: xml.replace(b'<dimension ref="A1:A2" />', b'<dimension ref="A1:XFD1048576" />'))
        assert read_rows(data, "firms.xlsx").rows == [["x"]]

    def test_it_refuses_a_sheet_calamine_cannot_decode(self):
        data = rewrite_sheet_xml(xlsx_bytes([["统一社会信用代码"], ["x"]]), lambda xml: b"\xff\xfe" + xml.decode().encode("utf-16-le"))
        assert "已损坏" in refusal(data, "firms.xlsx")


class SheetPartTests:
    def test_it_refuses_a_shared_text_of_megabytes_before_calamine(self, tmp_path):
        assert "的文字" in refused_before_calamine(shared_text_xlsx(2 * 1024 * 1024), tmp_path)

    @pytest.mark.parametrize("cell", ['<c r="{ref}" t="s"><v>2</v></c>', "<c t='s' r='{ref}' ><v >2</v></c>"], ids=["usual-spelling", "other-spelling"])
    def test_it_refuses_a_shared_text_shown_in_too_many_cells(self, tmp_path, cell):
        # 2,000 cells × 200 KB: 400 MB of copies, past a quarter of the 1024 MB parse memory.
        assert "反复引用同样的文字" in refused_before_calamine(shared_text_xlsx(200_000, rows=1000, cell=cell), tmp_path)

    def test_it_overstates_rather_than_misses_when_the_texts_numbering_could_shift(self, tmp_path):
        # python-calamine 0.9.1 gives the empty <si> a number; calamine releases that skip it show the large text as number 2.
        data = shared_text_xlsx(200_000, rows=1000, skipped_first=True)
        assert "反复引用同样的文字" in refused_before_calamine(data, tmp_path)

    def test_it_reads_a_long_shared_text_up_to_the_cell_limit(self, settings):
        settings.SHEETS_MAX_CELL_LENGTH = 40_000
        assert len(read_rows(shared_text_xlsx(32_767, rows=2), "firms.xlsx").rows[0][0]) == 32_767

    def test_it_refuses_more_merged_ranges_than_rows(self, settings, tmp_path):
        settings.SHEETS_MAX_ROWS = 10
        assert "1011 个合并单元格区域" in refused_before_calamine(merged_ranges_xlsx(1011), tmp_path)

    def test_it_refuses_overlapping_merged_ranges(self):
        data = rewrite_sheet_xml(
            xlsx_bytes([["统一社会信用代码", "企业名称"], ["x", "y"]]),
            lambda xml: xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="3"><mergeCell ref="A1:B2"/><mergeCell ref="A1:B2"/><mergeCell ref="A1:B2"/></mergeCells>'),
        )
        assert "相互重叠" in refusal(data, "firms.xlsx")


class NotAnXlsxTests:
    def test_it_refuses_an_old_xls_clearly(self):
        assert "旧版 Excel 97-2003（.xls）" in refusal(old_xls_bytes(), "firms.xls")

    def test_it_refuses_an_old_xls_renamed_xlsx(self):
        assert ".xls" in refusal(old_xls_bytes(), "firms.xlsx")

    def test_it_refuses_a_csv_renamed_xlsx(self):
        assert "内容是文本（CSV），不是真正的 .xlsx" in refusal(csv_bytes([["统一社会信用代码", "企业名称"]]), "firms.xlsx")

    def test_it_refuses_a_gbk_csv_renamed_xlsx(self):
        assert "内容是文本（CSV）" in refusal(csv_bytes([["统一社会信用代码", "企业名称"]], "gbk"), "firms.xlsx")

    def test_it_refuses_an_html_table_saved_as_xls(self):
        assert "网页（HTML）" in refusal("<html><body><table><tr><td>统一社会信用代码</td></tr></table></body></html>".encode(), "export.xls")

    def test_it_refuses_garbage(self):
        assert "无法识别该文件的内容" in refusal(bytes(range(256)) * 20, "firms.xlsx")

    def test_it_refuses_a_zip_that_is_not_a_workbook(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("word/document.xml", "<w/>")
        assert "不是 Excel 工作簿" in refusal(out.getvalue(), "firms.xlsx")

    def test_it_refuses_a_truncated_xlsx(self):
        data = xlsx_bytes([["代码"], ["x"]])
        assert "已损坏" in refusal(data[: len(data) // 2], "firms.xlsx")
