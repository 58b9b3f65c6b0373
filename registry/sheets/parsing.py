"""The parse proper, without Django: format sniffing, the xlsx pre-checks and calamine, CSV, then the rows kept.

Runs in the parse child (parse_child.py), and in tests directly. Entirely blank rows are dropped
wherever they are, each kept row remembers its row number in the sheet so errors can point at it,
and the reading stops at the first limit passed, so a hostile file is never held whole.
"""

import itertools
import os

from python_calamine import CalamineError, CalamineWorkbook

from .csv_rows import csv_rows
from .headers import looks_like_header_row, vocabulary
from .limits import DAMAGED, OLE_MAGIC, ZIP_MAGIC, SheetRefused, cell_too_long, inspect_xlsx, refuse_not_xlsx, too_many_rows

HEADER_SEARCH_ROWS = 10  # a title or a note may sit above the header row
XLSX_EXTENSIONS = (".xlsx", ".xlsm", ".xls")


class Sheet:
    """The header row, the data rows (all as wide as the widest row) and their row numbers in the file.

    `rows` (lists) and `columns` (tuples) are two views of the same cells, each built on first use
    from the other; treat them as read-only.
    """

    def __init__(self, headers, rows=None, row_numbers=(), header_row_number=1, *, columns=None):
        self.headers = headers
        self._rows = rows
        self._columns = columns
        self.row_numbers = list(row_numbers)
        self.header_row_number = header_row_number

    @property
    def rows(self):
        if self._rows is None:
            self._rows = list(map(list, zip(*self._columns)))
        return self._rows

    @property
    def columns(self):
        if self._columns is None:
            self._columns = list(zip(*self._rows))
        return self._columns

    def __iter__(self):
        # Unpacks as (headers, rows).
        return iter((self.headers, self.rows))


def read_file(path, filename, limits, *, known_headers=None, cells_checked=False):
    """The parse proper, in whichever process calls it (the parse child does): a Sheet, or SheetRefused.

    `known_headers` (headers.Vocabulary.known_keys) find the header row; the parse child is handed them,
    a process with the resources declared may leave them to the declared vocabulary. `cells_checked`: an
    xlsx's cells are checked elsewhere (the parse child's checker), and this parse's result is only
    used once they pass.
    """
    known_headers = vocabulary().known_keys if known_headers is None else known_headers
    extension = os.path.splitext(filename or "")[1].lower()
    with open(path, "rb") as fileobj:
        head = fileobj.read(8)
        fileobj.seek(0)
        if not head.startswith(ZIP_MAGIC):
            if head.startswith(OLE_MAGIC) or extension in XLSX_EXTENSIONS:
                refuse_not_xlsx(fileobj.read(4096))
            return collect(csv_rows(fileobj, limits), limits, known_headers)
        plan = inspect_xlsx(fileobj, limits, cells=not cells_checked)
    return collect(_calamine_rows(path, plan.sheet_name), limits, known_headers)


def _calamine_rows(path, sheet_name):
    """(row number, cells) for every row from the sheet's first, cells from column A, merged ranges filled in."""
    try:
        with CalamineWorkbook.from_path(path) as workbook:
            sheet = workbook.get_sheet_by_name(sheet_name)
            if sheet.start is None:
                return
            (_, left), (bottom, right) = sheet.start, sheet.end
            merged = MergedCells(sheet.merged_cell_ranges or [], bottom + 1, right + 1)
            # calamine starts each row at the sheet's first filled column; error messages count from A.
            margin = [""] * left
            for index, row in enumerate(sheet.iter_rows()):
                if margin:
                    row[:0] = margin
                merged.fill(index, row)
                yield index + 1, row
    except (CalamineError, ValueError, OSError):
        raise SheetRefused(DAMAGED) from None


class MergedCells:
    """Staff merge a county or a date over several rows: every row of the merge gets the value, as the rows stream by."""

    def __init__(self, ranges, height, width):
        clipped = [(top, left, min(bottom, height - 1), min(right, width - 1)) for (top, left), (bottom, right) in ranges if top <= bottom and left <= right and top < height and left < width]
        # Excel never overlaps merges; overlapping ones would make filling them cost far more than the sheet holds.
        if sum((bottom - top + 1) * (right - left + 1) for top, left, bottom, right in clipped) > height * width:
            raise SheetRefused("工作表中的合并单元格区域相互重叠，文件结构异常。请在 Excel 或 WPS 中取消合并后“另存为” .xlsx 再上传。")
        self.waiting = sorted(clipped, reverse=True)
        self.active = []

    def fill(self, index, row):
        while self.waiting and self.waiting[-1][0] <= index:
            top, left, bottom, right = self.waiting.pop()
            self.active.append((bottom, left, right + 1, row[left] if left < len(row) else ""))
        if not self.active:
            return
        for bottom, left, end, value in self.active:
            end = min(end, len(row))
            if end > left:
                row[left:end] = [value] * (end - left)
        self.active = [merge for merge in self.active if merge[0] > index]


def row_has_content(row):
    """False for a row of empty cells and cells holding only spaces."""
    for value in row:
        if value.__class__ is str:
            if value and not value.isspace():
                return True
        elif value is not None:
            return True
    return False


def _find_header(rows, known_headers):
    first = None
    for index, row in enumerate(rows):
        if not row_has_content(row):
            continue
        if first is None:
            first = index
        if looks_like_header_row(row, known_headers):
            return index
    return first


def collect(numbered_rows, limits, known_headers):
    """The header row (the first that looks like one among the first rows) and every non-blank row below it.

    Stops at the first overlong cell or the first row over the limit, so a hostile file is never held whole.
    """
    head = list(itertools.islice(numbered_rows, HEADER_SEARCH_ROWS))
    header_at = _find_header([row for _, row in head], known_headers)
    if header_at is None:
        raise SheetRefused("文件中没有任何内容。")
    header_number, header_cells = head[header_at]
    headers = ["" if cell is None else str(cell).strip() for cell in header_cells]
    _check_lengths(headers, header_number, limits)
    rows, numbers = [], []
    allowed, limit = limits.rows, limits.cell_length
    for number, row in itertools.chain(head[header_at + 1 :], numbered_rows):
        if not row_has_content(row):
            continue
        for value in row:
            if value.__class__ is str and len(value) > limit:
                raise cell_too_long(number, row.index(value) + 1, len(value), limits)
        rows.append(row)
        numbers.append(number)
        if len(rows) > allowed:
            raise too_many_rows(limits)
    width = max(len(headers), max(map(len, rows), default=0))
    for row in itertools.chain([headers], rows):
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return Sheet(headers, rows, numbers, header_number)


def _check_lengths(row, row_number, limits):
    for position, value in enumerate(row, 1):
        if value.__class__ is str and len(value) > limits.cell_length:
            raise cell_too_long(row_number, position, len(value), limits)
