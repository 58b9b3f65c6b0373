"""Import templates built from a resource's column declaration."""

import io

import openpyxl
import pytest

from registry.resources import EnterpriseResource
from registry.sheets.columns import Column
from registry.sheets.reader import read_rows
from registry.sheets.template import build_template
from registry.sheets.widgets import BoolCell, ChoiceCell, DateCell, DecimalCell, TextCell, UsccCell

COLUMNS = (
    Column("统一社会信用代码", "uscc", UsccCell(), required=True, meaning="18位代码"),
    Column("企业名称", "name", TextCell(), required=True, example="舟山海星船舶修造有限公司"),
    Column("工业总产值", "output_value", DecimalCell(), unit="万元", meaning="当月产值"),
    Column("成立日期", "established_on", DateCell()),
    Column("是否规上", "is_above_scale", BoolCell()),
    Column("企业规模", "size_class", ChoiceCell([("large", "大型"), ("small", "小型")])),
)


def workbook(data):
    return openpyxl.load_workbook(io.BytesIO(data))


class TemplateTests:
    def test_it_writes_a_bold_header_row_with_units_and_widths(self):
        sheet = workbook(build_template(COLUMNS)).worksheets[0]
        assert [cell.value for cell in sheet[1]] == ["统一社会信用代码", "企业名称", "工业总产值（万元）", "成立日期", "是否规上", "企业规模"]
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet["A1"].font.color.rgb.endswith("C00000")  # required columns in red
        assert sheet.column_dimensions["B"].width >= 20
        assert sheet.max_row == 1

    def test_it_describes_every_column_on_a_guide_sheet(self):
        guide = workbook(build_template(COLUMNS))["说明"]
        rows = [[cell.value for cell in row] for row in guide.iter_rows()]
        table = {row[0]: row for row in rows if row[0] in {column.header for column in COLUMNS}}
        assert table["统一社会信用代码"][1:3] == ["必填", "18位代码"]
        assert table["工业总产值"][3] == "万元"
        assert "2024-03-05" in table["成立日期"][4]
        assert table["企业规模"][5] == "大型、小型"
        assert table["企业名称"][6] == "舟山海星船舶修造有限公司"

    def test_it_offers_drop_downs_for_choices(self):
        sheet = workbook(build_template(COLUMNS)).worksheets[0]
        formulas = sorted(validation.formula1 for validation in sheet.data_validations.dataValidation)
        assert formulas == sorted(['"是,否"', '"大型,小型"'])

    def test_it_reads_back_as_an_empty_file_with_the_right_headers(self):
        sheet = read_rows(build_template(COLUMNS), "template.xlsx")
        assert sheet.headers[0] == "统一社会信用代码" and sheet.rows == []


@pytest.mark.django_db
class EnterpriseTemplateTests:
    def test_it_lists_counties_and_chains_from_reference_data(self):
        guide = workbook(build_template(EnterpriseResource.columns))["说明"]
        table = {row[0].value: [cell.value for cell in row] for row in guide.iter_rows() if row[0].value}
        assert table["县(区)"][5] == "定海区、普陀区、岱山县、嵊泗县"
        assert "船舶海工" in table["产业链"][5]
        assert table["行业代码"][5] in ("", None)  # too many classes to list
