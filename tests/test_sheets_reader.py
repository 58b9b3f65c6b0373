"""The one reading path: xlsx through calamine, CSV in UTF-8/GBK/UTF-16; blank rows; row numbers; limits."""

import datetime

import pytest

from registry.sheets.csv_rows import csv_rows
from registry.sheets.limits import ReadingLimits, SheetRefused
from registry.sheets.reader import read_rows
from tests.factories import csv_bytes, wide_csv, with_blank_styled_rows, xlsx_bytes

HEADER = ["统一社会信用代码", "企业名称", "成立日期", "从业人员"]
ROW = ["91110000101623741K", "舟山海星船舶修造有限公司", datetime.date(2008, 6, 18), 120]


class XlsxReadingTests:
    def test_it_reads_headers_and_typed_cells(self):
        headers, rows = read_rows(xlsx_bytes([HEADER, ROW]), "firms.xlsx")
        assert headers == HEADER
        assert rows[0][:2] == ROW[:2]
        assert rows[0][2] in (datetime.date(2008, 6, 18), datetime.datetime(2008, 6, 18))
        assert rows[0][3] == 120

    def test_it_drops_blank_rows_and_keeps_each_rows_number(self):
        sheet = read_rows(xlsx_bytes([HEADER, ROW, [None, " ", ""], ROW, [None] * 4, [" "] * 4]), "firms.xlsx")
        assert len(sheet.rows) == 2
        assert sheet.row_numbers == [2, 4]

    def test_it_ignores_a_million_formatted_blank_rows(self):
        data = with_blank_styled_rows(xlsx_bytes([HEADER, ROW, ROW]), 1_000_000)
        sheet = read_rows(data, "firms.xlsx")
        assert len(sheet.rows) == 2

    def test_it_finds_the_header_row_below_a_title(self):
        sheet = read_rows(xlsx_bytes([["2024年规上企业名单"], [], HEADER, ROW]), "firms.xlsx")
        assert sheet.headers == HEADER
        assert sheet.header_row_number == 3
        assert sheet.row_numbers == [4]

    def test_it_gives_every_row_of_a_merged_cell_its_value(self):
        data = xlsx_bytes([["企业名称", "县(区)"], ["甲", "定海区"], ["乙", None], ["丙", "普陀区"]], merge="B2:B3")
        assert read_rows(data, "firms.xlsx").rows == [["甲", "定海区"], ["乙", "定海区"], ["丙", "普陀区"]]

    def test_it_reads_the_first_visible_sheet(self):
        sheet = read_rows(xlsx_bytes([HEADER, ROW], hidden_first=[["旧数据"]]), "firms.xlsx")
        assert sheet.headers == HEADER

    def test_it_counts_columns_from_a_when_the_sheet_starts_further_right(self, settings):
        settings.SHEETS_MAX_CELL_LENGTH = 10
        with pytest.raises(SheetRefused, match="第4行第D列的内容有 12 个字符"):
            read_rows(xlsx_bytes([[], [], [None, None, "代码", "名称"], [None, None, "1", "舟山海星船舶修造有限公司"]]), "firms.xlsx")

    def test_it_accepts_a_path(self, tmp_path):
        path = tmp_path / "firms.xlsx"
        path.write_bytes(xlsx_bytes([HEADER, ROW]))
        headers, rows = read_rows(path, path.name)
        assert len(rows) == 1


class CsvReadingTests:
    @pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030", "utf-16"])
    def test_it_detects_the_encoding_without_asking(self, encoding):
        headers, rows = read_rows(csv_bytes([HEADER, ["91110000101623741K", "舟山海星船舶修造有限公司", "2008-06-18", "120"]], encoding), "firms.csv")
        assert headers == HEADER
        assert rows == [["91110000101623741K", "舟山海星船舶修造有限公司", "2008-06-18", "120"]]

    def test_it_reads_tab_separated_text(self):
        data = "统一社会信用代码\t企业名称\r\n91110000101623741K\t舟山海星\r\n".encode("utf-16")
        headers, rows = read_rows(data, "firms.txt")
        assert headers == ["统一社会信用代码", "企业名称"] and rows == [["91110000101623741K", "舟山海星"]]

    def test_it_pads_short_rows_and_drops_blank_ones(self):
        sheet = read_rows("统一社会信用代码,企业名称,备注\r\n91110000101623741K,舟山海星\r\n,,\r\n\r\n".encode(), "firms.csv")
        assert sheet.rows == [["91110000101623741K", "舟山海星", ""]]
        assert sheet.row_numbers == [2]

    def test_it_names_the_cell_of_a_csv_field_beyond_what_the_parser_takes(self):
        with pytest.raises(SheetRefused, match="第2行第B列的内容有 200000 个字符，超过上限 2000 个字符"):
            read_rows(("代码,名称\r\n1,\"" + "x" * 200_000 + "\"\r\n").encode(), "firms.csv")

    def test_it_detects_gbk_from_a_character_megabytes_into_the_file(self, settings):
        settings.SHEETS_MAX_ROWS = 300_000
        data = b"uscc,name\r\n" + b"1,abc\r\n" * 250_000 + "2,舟山\r\n".encode("gbk")
        assert read_rows(data, "firms.csv").rows[-1] == ["2", "舟山"]

    def test_it_reads_the_issues_wide_csv_without_widening_its_rows(self):
        sheet = read_rows(wide_csv(commas=100_000, rows=3000), "firms.csv")
        assert len(sheet.rows) == 3000
        assert sheet.headers[:2] == ["统一社会信用代码", "企业名称"] and len(sheet.headers) == 50
        assert sheet.rows[0] == ["913309020000000000", "企业0"] + [""] * 48

    def test_it_never_yields_a_row_wider_than_the_column_limit(self):
        rows = csv_rows(_stream(wide_csv(commas=100_000, rows=30)), ReadingLimits.from_settings())
        assert max(len(row) for _, row in rows) == 50

    def test_it_refuses_a_csv_cell_past_column_ax_naming_it(self):
        with pytest.raises(SheetRefused, match="第3行第AY列有内容，超出了最多 50 列"):
            read_rows(("统一社会信用代码,企业名称\r\n1,甲\r\n2,乙" + "," * 49 + "多余\r\n").encode(), "firms.csv")

    def test_it_refuses_a_csv_over_the_row_limit(self, settings):
        settings.SHEETS_MAX_ROWS = 3
        with pytest.raises(SheetRefused, match="数据超过 3 行"):
            read_rows(csv_bytes([["代码", "名称"]] + [["1", "甲"]] * 4), "firms.csv")

    def test_it_refuses_a_line_of_megabytes(self):
        with pytest.raises(SheetRefused, match="文件第2行过长"):
            read_rows(("代码,名称\r\n1," + "x" * 3_000_000 + "\r\n").encode(), "firms.csv")

    def test_it_counts_empty_lines_in_row_numbers_and_keeps_them_inside_quotes(self):
        sheet = read_rows('\r\n\r\n统一社会信用代码,备注\r\n\r\n1,"甲\r\n\r\n乙"\r\n\n2,丙\r\n'.encode(), "firms.csv")
        assert (sheet.header_row_number, sheet.row_numbers) == (3, [5, 7])
        assert sheet.rows == [["1", "甲\r\n\r\n乙"], ["2", "丙"]]

    def test_it_refuses_text_in_no_known_encoding(self):
        with pytest.raises(SheetRefused, match="文字编码"):
            read_rows(b"\x81\x30\xff\xfe\xfd,\x80\r\n", "firms.csv")


class ReadingLimitTests:
    def test_it_refuses_more_rows_than_allowed(self, settings):
        settings.SHEETS_MAX_ROWS = 3
        with pytest.raises(SheetRefused, match="数据超过 3 行"):
            read_rows(xlsx_bytes([HEADER] + [ROW] * 4), "firms.xlsx")

    def test_it_counts_only_rows_with_content_against_the_limit(self, settings):
        settings.SHEETS_MAX_ROWS = 3
        sheet = read_rows(xlsx_bytes([HEADER, ROW, [" "] * 4, [" "] * 4, [" "] * 4, ROW]), "firms.xlsx")
        assert len(sheet.rows) == 2

    def test_it_refuses_an_overlong_cell_naming_where_it_is(self, settings):
        settings.SHEETS_MAX_CELL_LENGTH = 10
        with pytest.raises(SheetRefused, match="第2行第B列的内容有 12 个字符"):
            read_rows(xlsx_bytes([["代码", "名称"], ["1", "舟山海星船舶修造有限公司"]]), "firms.xlsx")

    def test_it_refuses_an_overlong_csv_cell(self, settings):
        settings.SHEETS_MAX_CELL_LENGTH = 10
        with pytest.raises(SheetRefused, match="超过上限 10 个字符"):
            read_rows(csv_bytes([["代码", "名称"], ["1", "x" * 11]]), "firms.csv")

    def test_it_refuses_an_empty_file(self):
        with pytest.raises(SheetRefused, match="空文件"):
            read_rows(b"", "firms.csv")


def _stream(data):
    import io

    return io.BytesIO(data)
