"""The one reading path: xlsx through python-calamine, CSV in UTF-8 (with or without BOM), GBK/GB18030 or UTF-16.

`read_rows` returns the header row and the data rows as lists of raw cell values (calamine's
types for xlsx, str for CSV). Entirely blank rows are dropped wherever they are, and each kept
row remembers its row number in the sheet so errors can point at it.
"""

import codecs
import csv
import io
import os
from dataclasses import dataclass, field

from python_calamine import CalamineError, CalamineWorkbook

from .headers import looks_like_header_row
from .limits import (
    OLE_MAGIC,
    ZIP_MAGIC,
    SheetRefused,
    cell_too_long,
    check_row_count,
    check_upload_size,
    inspect_xlsx,
    max_cell_length,
    max_rows,
    refuse_not_xlsx,
)

HEADER_SEARCH_ROWS = 10  # a title or a note may sit above the header row


@dataclass
class Sheet:
    """The header row, the data rows (each as long as the header row) and their row numbers in the file."""

    headers: list
    rows: list
    row_numbers: list = field(default_factory=list)
    header_row_number: int = 1

    def __iter__(self):
        # Unpacks as (headers, rows).
        return iter((self.headers, self.rows))


def read_rows(source, filename):
    """Read the first visible sheet of an xlsx, or a CSV, from a path, a file object or bytes.

    Raises SheetRefused with a Chinese reason for anything it will not read.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fileobj:
            return read_rows(fileobj, filename)
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = io.BytesIO(source)
    return _read_fileobj(source, filename)


def _read_fileobj(fileobj, filename):
    size = fileobj.seek(0, os.SEEK_END)
    fileobj.seek(0)
    check_upload_size(size)
    if not size:
        raise SheetRefused("该文件是空文件。")
    head = fileobj.read(8)
    fileobj.seek(0)
    extension = os.path.splitext(filename or "")[1].lower()
    if head.startswith(ZIP_MAGIC):
        return _read_xlsx(fileobj)
    if head.startswith(OLE_MAGIC) or extension in (".xlsx", ".xlsm", ".xls"):
        refuse_not_xlsx(fileobj.read(4096))
    return _read_csv(fileobj.read())


def _read_xlsx(fileobj):
    plan = inspect_xlsx(fileobj)
    fileobj.seek(0)
    try:
        with CalamineWorkbook.from_filelike(fileobj) as workbook:
            sheet = workbook.get_sheet_by_name(plan.sheet_name)
            grid = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
    except (CalamineError, ValueError, OSError):
        raise SheetRefused("该文件已损坏，无法读取。请在 Excel 或 WPS 中打开后“另存为” .xlsx 再上传。") from None
    _fill_merged_cells(grid, merged)
    return _collect(grid)


def _fill_merged_cells(grid, merged):
    """Staff merge a county or a date over several rows: every row of the merge gets the value."""
    for (top, left), (bottom, right) in merged:
        if top >= len(grid):
            continue
        value = grid[top][left] if left < len(grid[top]) else ""
        for row in grid[top : bottom + 1]:
            for column in range(left, min(right + 1, len(row))):
                row[column] = value


def decode_csv(data):
    """Text of a CSV file: UTF-16 by BOM, else UTF-8 (BOM optional) strictly, else GB18030 (a superset of GBK)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass
    raise SheetRefused("无法识别该文件的文字编码。请在 Excel 中“另存为” CSV UTF-8 或 .xlsx 后再上传。")


def _read_csv(data):
    text = decode_csv(data)
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        grid = list(rows)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise SheetRefused(f"文件中有单元格内容超过 {max_cell_length()} 个字符的上限。") from None
        raise SheetRefused(f"该文件不是有效的 CSV 文件（第{rows.line_num}行无法解析）。请在 Excel 中“另存为” .xlsx 后再上传。") from None
    width = max(map(len, grid), default=0)
    for row in grid:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return _collect(grid)


def row_has_content(row):
    """False for a row of empty cells and cells holding only spaces."""
    for value in row:
        if value.__class__ is str:
            if value and not value.isspace():
                return True
        elif value is not None:
            return True
    return False


def _find_header(grid):
    first = None
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if not row_has_content(row):
            continue
        if first is None:
            first = index
        if looks_like_header_row(row):
            return index
    return first


def _collect(grid):
    header_index = _find_header(grid)
    if header_index is None:
        raise SheetRefused("文件中没有任何内容。")
    limit = max_cell_length()
    headers = ["" if cell is None else str(cell).strip() for cell in grid[header_index]]
    _check_lengths(headers, header_index + 1, limit)
    rows, numbers = [], []
    allowed = max_rows()
    for index in range(header_index + 1, len(grid)):
        row = grid[index]
        if not row_has_content(row):
            continue
        _check_lengths(row, index + 1, limit)
        rows.append(row)
        numbers.append(index + 1)
        if len(rows) > allowed:
            check_row_count(len(rows))
    return Sheet(headers, rows, numbers, header_index + 1)


def _check_lengths(row, row_number, limit):
    for position, value in enumerate(row, 1):
        if value.__class__ is str and len(value) > limit:
            raise cell_too_long(row_number, position, len(value))
