"""The candidate list as an xlsx (the layout's headers in row 1, one firm per row, numbers as number cells), and as
the table the export page previews before the download."""

import datetime
from decimal import Decimal

from registry.sheets.formats import write_xlsx
from registry.sheets.language import in_sheet_language

from ..rules.wording import plain_number
from .data_items import SOURCES

PREVIEW_ROWS = 200  # on the page; the file holds them all


def candidate_workbook(candidates):
    """xlsx bytes of a CandidateList, in the layout's column widths and number formats."""
    columns = candidates.columns
    with in_sheet_language():
        return write_xlsx(
            [column.header for column in columns],
            candidates.values(),
            title=candidates.layout.sheet_title or candidates.layout.name or "候选名单",
            widths=[column.width for column in columns],
            number_formats=[SOURCES[column.source].number_format for column in columns],
            wrap_headers=True,
        )


def file_name(tier, on, county=None):
    place = f"_{county.name}" if county else ""
    return f"{tier.name}候选名单{place}_{on:%Y%m%d}.xlsx"


def cell_text(value):
    """A cell as the preview shows it: what the file would hold, as text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def candidate_preview(candidates):
    """The first rows of the list as the file will have them, and the counts the page states."""
    with in_sheet_language():
        rows = [[cell_text(value) for value in row] for row in candidates.values(PREVIEW_ROWS)]
    return {
        "headers": candidates.headers,
        "rows": rows,
        "total": len(candidates.rows),
        "eligible": sum(1 for row in candidates.rows if row.evaluation.eligible),
        "hidden": max(len(candidates.rows) - PREVIEW_ROWS, 0),
    }
