"""The candidate list as an xlsx: the layout's headers in row 1, one firm per row, numbers as number cells."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from registry.sheets.language import in_sheet_language
from registry.sheets.safety import neutralise

from .sources import SOURCES


def text_cell(cell, text):
    # Stored as a string cell whatever it starts with, and neutralised so Excel never runs it as a formula.
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", neutralise(text))
    cell.data_type = "s"


def candidate_workbook(candidates):
    """xlsx bytes of a CandidateList."""
    with in_sheet_language():
        return _candidate_workbook(candidates)


def _candidate_workbook(candidates):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (candidates.layout.sheet_title or candidates.layout.name or "候选名单")[:31]
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="center", horizontal="center")
    formats = [SOURCES[column.source].number_format for column in candidates.columns]
    for index, column in enumerate(candidates.columns, 1):
        cell = sheet.cell(row=1, column=index)
        text_cell(cell, column.header)
        cell.font, cell.alignment = bold, wrap
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_number, values in enumerate(candidates.values(), 2):
        for index, value in enumerate(values, 1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_number, column=index)
            if isinstance(value, str):
                text_cell(cell, value)
                continue
            cell.value = value
            if formats[index - 1] and isinstance(value, (int, Decimal)):
                cell.number_format = formats[index - 1]
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_name(tier, on, county=None):
    place = f"_{county.name}" if county else ""
    return f"{tier.name}候选名单{place}_{on:%Y%m%d}.xlsx"
