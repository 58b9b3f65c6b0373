"""Import templates: an xlsx with the header row to fill and a 说明 sheet describing every column."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .formats import display_width
from .language import in_sheet_language
from .safety import write_cell
from .widgets import BoolCell, ChoiceCell, UsccCell

TEMPLATE_ROWS = 5000  # rows that get the drop-down lists
MAX_DROPDOWN_CHARS = 255  # Excel's limit for an inline list
TEXT_HEADERS = ("联系电话", "行业代码", "文号")  # digits Excel would otherwise turn into numbers
NOTES = (
    "填写说明",
    "1. 第一行为表头，请不要修改、删除或调换表头；可以删除不需要的非必填列。",
    "2. 从第二行开始每行填写一家企业（或一条记录），不要合并单元格。",
    "3. 红色表头为必填列；空白、“-”、“/”视为未填写。",
    "4. 日期可写 2024-03-05、2024/3/5、2024年3月5日 或使用 Excel 日期；金额单位见下表。",
    # Whether a code not yet registered adds a firm depends on the file: its 统一社会信用代码 row below says so.
    "5. 导入前系统会先预览，全部行没有错误时才能确认导入；有错误时不会写入任何数据。",
)
GUIDE_HEADER = ("列名", "是否必填", "含义", "单位", "填写格式", "可填的值", "示例")


def header_text(column):
    return f"{column.header}（{column.unit}）" if column.unit else column.header


def build_template(columns, *, title="导入数据"):
    """The template (xlsx bytes) for the importable `columns` of a resource."""
    columns = [column for column in columns if not column.readonly]
    workbook = Workbook()
    sheet = workbook.active
    with in_sheet_language():
        sheet.title = str(title)[:31]
        _write_header(sheet, columns)
        _write_guide(workbook.create_sheet("说明"), columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_header(sheet, columns):
    required_font = Font(bold=True, color="C00000")
    plain_font = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, 1):
        cell = write_cell(sheet.cell(row=1, column=index), header_text(column))
        cell.font = required_font if column.required else plain_font
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
        letter = get_column_letter(index)
        width = max(display_width(header_text(column)), display_width(column.example or ""), 10)
        sheet.column_dimensions[letter].width = min(width + 4, 40)
        if isinstance(column.widget, UsccCell) or column.header in TEXT_HEADERS:
            sheet.column_dimensions[letter].number_format = "@"
        _add_dropdown(sheet, column, letter)
    sheet.freeze_panes = "A2"


def _add_dropdown(sheet, column, letter):
    if not isinstance(column.widget, (ChoiceCell, BoolCell)):
        return
    allowed = column.allowed_values().split("、")
    formula = '"' + ",".join(allowed) + '"'
    if len(formula) > MAX_DROPDOWN_CHARS or any("," in value for value in allowed):
        return
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    sheet.add_data_validation(validation)


def _write_guide(sheet, columns):
    # Reference names (zones, chains) are data staff typed in: every cell is written as text, never as a formula.
    rows = [[note] for note in NOTES] + [[], GUIDE_HEADER]
    rows += [[column.header, "必填" if column.required else "选填", column.meaning, column.unit, column.format_hint, column.allowed_values(), column.example] for column in columns]
    for row_number, values in enumerate(rows, 1):
        for column_number, value in enumerate(values, 1):
            write_cell(sheet.cell(row=row_number, column=column_number), value)
    bold = Font(bold=True)
    sheet["A1"].font = bold
    for cell in sheet[len(NOTES) + 2]:
        cell.font = bold
    for letter, width in zip("ABCDEFG", (18, 10, 40, 10, 44, 40, 24)):
        sheet.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=len(NOTES) + 2):
        for cell in row:
            cell.alignment = wrap
