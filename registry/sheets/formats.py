"""django-import-export formats: xlsx read by python-calamine, CSV in UTF-8/GBK, both written safe to open.

Both formats read through `reader.read_rows` and write through `safety.neutralise`. Exports keep
numbers and dates as real cells in xlsx; CSV is UTF-8 with a BOM so Excel opens Chinese correctly.
"""

import csv
import datetime
import hashlib
import io
import unicodedata
from decimal import Decimal

import tablib
from django.utils import timezone
from import_export.formats.base_formats import Format
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .reader import read_rows
from .safety import neutralise, write_cell
from .values import Month

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy-mm"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_COLUMN_WIDTH = 50
WIDTH_SAMPLE_ROWS = 200


def dataset_from_upload(data, filename):
    """A tablib Dataset of the file's rows; it remembers each row's number in the file and the file's SHA-256."""
    if not isinstance(data, (bytes, bytearray)):
        data = data.read()
    sheet = read_rows(data, filename)
    dataset = tablib.Dataset(headers=sheet.headers)
    for row in sheet.rows:
        dataset.append(row)
    dataset.sheet_row_numbers = sheet.row_numbers
    dataset.sheet_checksum = hashlib.sha256(data).hexdigest()
    return dataset


class SheetFormat(Format):
    """Base for the two formats: binary in both directions, so the upload is read exactly as sent."""

    extension = ""
    content_type = "application/octet-stream"

    def __init__(self, encoding=None):
        self.encoding = encoding

    def get_title(self):
        # The export form lists each format by this title.
        return self.extension

    def get_extension(self):
        return self.extension

    def get_content_type(self):
        return self.content_type

    def can_import(self):
        return True

    def can_export(self):
        return True

    def create_dataset(self, in_stream):
        return dataset_from_upload(in_stream, f"upload.{self.extension}")


class XLSXFormat(SheetFormat):
    extension = "xlsx"
    content_type = XLSX_CONTENT_TYPE

    def export_data(self, dataset, **kwargs):
        return write_xlsx(dataset.headers or [], dataset, title=dataset.title)


class CSVFormat(SheetFormat):
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def export_data(self, dataset, **kwargs):
        return write_csv(dataset.headers or [], dataset)


SHEET_FORMATS = (XLSXFormat, CSVFormat)


def display_width(text):
    """Columns a text takes in Excel: CJK and full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _xlsx_cell(sheet, value):
    if isinstance(value, str):
        return write_cell(WriteOnlyCell(sheet), value)
    cell = WriteOnlyCell(sheet, value=_native(value))
    if isinstance(value, Month):
        cell.number_format = MONTH_FORMAT
    elif isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def _native(value):
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Month):
        return datetime.date(value.year, value.month, 1)
    return value


def write_xlsx(headers, rows, *, title=None, widths=None, number_formats=None, wrap_headers=False, caption=None):
    """An xlsx (bytes) with a bold, frozen header row and real number and date cells.

    `widths` fixes the column widths (otherwise measured on the first rows); `number_formats` gives,
    column by column, the format of its number cells (None: Excel's general format); `caption`, a
    line above the headers saying what the file holds (a list's period and filters).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or "数据")[:31])
    if widths is None:
        rows = list(rows)
        widths = [min(width + 2, MAX_COLUMN_WIDTH) for width in _measured_widths(headers, rows)]
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A3" if caption else "A2"
    bold = Font(bold=True)
    if caption:
        caption_cell = _xlsx_cell(sheet, caption)
        caption_cell.font = bold
        sheet.append([caption_cell])
    wrapped = Alignment(wrap_text=True, vertical="center", horizontal="center") if wrap_headers else None
    header_cells = []
    for header in headers:
        cell = _xlsx_cell(sheet, str(header))
        cell.font = bold
        if wrapped:
            cell.alignment = wrapped
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_formatted_cell(sheet, value, number_formats[index] if number_formats else None) for index, value in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _measured_widths(headers, rows):
    widths = [display_width(str(header)) for header in headers]
    for row in rows[:WIDTH_SAMPLE_ROWS]:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], display_width(_as_text(value)))
    return widths


def _formatted_cell(sheet, value, number_format):
    if value is None or value == "":
        return None
    cell = _xlsx_cell(sheet, value)
    if number_format and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        cell.number_format = number_format
    return cell


def _as_text(value):
    """How a value reads in a CSV cell (and how wide it is in xlsx)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Month):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, datetime.datetime):
        return _native(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    return str(value)


def write_csv(headers, rows):
    """CSV bytes in UTF-8 with a BOM; text that could run as a formula is neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(str(header)) for header in headers])
    for row in rows:
        writer.writerow([neutralise(value) if isinstance(value, str) else _as_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
