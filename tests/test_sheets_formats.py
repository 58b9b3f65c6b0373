"""The import-export formats: reading through read_rows, writing real cells, neutralising formulas."""

import datetime
import io
from decimal import Decimal

import openpyxl
import tablib

from registry.sheets.formats import CSVFormat, XLSXFormat, write_csv, write_xlsx
from registry.sheets.safety import neutralise
from registry.sheets.values import Month
from tests.factories import csv_bytes, xlsx_bytes

HEADERS = ["企业名称", "利润总额", "成立日期", "统计期", "是否规上", "备注"]
ROW = ["=HYPERLINK(\"http://x\",\"点我\")", -12.5, datetime.date(2024, 3, 5), Month(2024, 3, 1), "是", "@SUM(1)"]


def exported_sheet(data):
    return openpyxl.load_workbook(io.BytesIO(data)).active


class NeutraliseTests:
    def test_it_prefixes_text_that_would_run_as_a_formula(self):
        for text in ["=1+1", "+1", "-1", "@x", "\tx", "\rx"]:
            assert neutralise(text) == "'" + text

    def test_it_leaves_numbers_dates_and_plain_text_alone(self):
        for value in [-5, -1.5, Decimal("-3.20"), datetime.date(2024, 1, 1), "舟山", "", None]:
            assert neutralise(value) == value


class XlsxExportTests:
    def test_it_neutralises_formulas_but_keeps_negative_numbers_as_numbers(self):
        sheet = exported_sheet(write_xlsx(HEADERS, [ROW]))
        name, profit, founded, period, above, notes = sheet[2]
        assert name.value == "'" + ROW[0] and name.data_type == "s"
        assert profit.value == -12.5 and profit.data_type == "n"
        assert notes.value == "'@SUM(1)"

    def test_it_writes_real_date_cells(self):
        sheet = exported_sheet(write_xlsx(HEADERS, [ROW]))
        assert sheet["C2"].is_date and sheet["C2"].number_format == "yyyy-mm-dd"
        assert sheet["D2"].is_date and sheet["D2"].number_format == "yyyy-mm"

    def test_it_writes_a_bold_frozen_header_with_widths(self):
        sheet = exported_sheet(write_xlsx(HEADERS, [ROW]))
        assert [cell.value for cell in sheet[1]] == HEADERS
        assert sheet["A1"].font.bold
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width > 10

    def test_it_writes_decimals_as_numbers(self):
        sheet = exported_sheet(write_xlsx(["金额"], [[Decimal("1234.50")]]))
        assert sheet["A2"].value == 1234.5 and sheet["A2"].data_type == "n"


class CsvExportTests:
    def test_it_writes_utf8_with_a_bom(self):
        data = write_csv(HEADERS, [ROW])
        assert data.startswith(b"\xef\xbb\xbf")
        assert data.decode("utf-8-sig").splitlines()[0] == ",".join(HEADERS)

    def test_it_neutralises_formulas_but_keeps_negative_numbers(self):
        line = write_csv(HEADERS, [ROW]).decode("utf-8-sig").splitlines()[1]
        assert line.startswith("\"'=HYPERLINK(")
        assert ",-12.5,2024-03-05,2024-03,是,'@SUM(1)" in line


class FormatApiTests:
    def test_it_titles_formats_by_extension_for_the_import_page(self):
        assert [XLSXFormat().get_title(), CSVFormat().get_title()] == ["xlsx", "csv"]
        assert XLSXFormat().is_binary() and CSVFormat().is_binary()

    def test_it_reads_either_file_type_into_a_dataset_with_row_numbers(self):
        dataset = XLSXFormat().create_dataset(xlsx_bytes([["代码", "名称"], [None, None], ["1", "甲"]]))
        assert dataset.headers == ["代码", "名称"]
        assert dataset.sheet_row_numbers == [3]
        assert len(dataset.sheet_checksum) == 64
        dataset = CSVFormat(encoding="utf-8-sig").create_dataset(csv_bytes([["代码", "名称"], ["1", "甲"]], "gbk"))
        assert dataset.dict == [{"代码": "1", "名称": "甲"}]

    def test_it_exports_a_dataset_through_both_formats(self):
        dataset = tablib.Dataset(ROW, headers=HEADERS, title="企业")
        assert exported_sheet(XLSXFormat().export_data(dataset)).title == "企业"
        assert CSVFormat().export_data(dataset).startswith(b"\xef\xbb\xbf")
