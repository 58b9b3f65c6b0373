"""Files the engine refuses, with a Chinese reason and before calamine parses them."""

import io
import zipfile
from unittest import mock

import pytest

from registry.sheets import reader
from registry.sheets.limits import SheetRefused
from registry.sheets.reader import read_rows
from tests.test_sheets_factories import csv_bytes, far_cell_xlsx, old_xls_bytes, rewrite_sheet_xml, xlsx_bytes, zip_bomb_xlsx


def refusal(data, filename):
    with pytest.raises(SheetRefused) as caught:
        read_rows(data, filename)
    return caught.value.message


class UploadSizeTests:
    def test_it_refuses_a_file_over_the_upload_limit(self, settings):
        settings.SHEETS_MAX_UPLOAD_BYTES = 1024
        assert refusal(b"x" * 2048, "firms.csv").startswith("文件大小为 2.0 KB，超过上限 1.0 KB")


class ZipBombTests:
    def test_it_refuses_a_zip_bomb_before_calamine_opens_it(self):
        with mock.patch.object(reader, "CalamineWorkbook") as calamine:
            message = refusal(zip_bomb_xlsx(), "firms.xlsx")
        assert "压缩比异常" in message
        calamine.from_filelike.assert_not_called()

    def test_it_refuses_more_uncompressed_data_than_allowed(self, settings):
        settings.SHEETS_MAX_UNCOMPRESSED_BYTES = 10_000
        assert "解压后有" in refusal(xlsx_bytes([["代码"]] + [["x" * 50]] * 300), "firms.xlsx")

    def test_it_refuses_a_tiny_file_with_a_cell_in_the_last_column(self):
        with mock.patch.object(reader, "CalamineWorkbook") as calamine:
            message = refusal(far_cell_xlsx("XFD1048576"), "firms.xlsx")
        assert "单元格 XFD1048576 有内容" in message
        calamine.from_filelike.assert_not_called()

    def test_it_refuses_a_cell_far_below_the_row_limit(self, settings):
        settings.SHEETS_MAX_ROWS = 100
        assert "第 5000 行（单元格 A5000）仍有内容" in refusal(far_cell_xlsx("A5000"), "firms.xlsx")

    def test_it_refuses_cells_without_a_position(self):
        data = rewrite_sheet_xml(xlsx_bytes([["代码"], ["x"]]), lambda xml: xml.replace(b'<c r="A2" t="inlineStr">', b'<c t="inlineStr">'))
        assert "文件结构不常见" in refusal(data, "firms.xlsx")


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
