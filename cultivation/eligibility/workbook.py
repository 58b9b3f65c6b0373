"""The candidate list as an xlsx: the layout's headers in row 1, one firm per row, numbers as number cells."""

from registry.sheets.formats import write_xlsx
from registry.sheets.language import in_sheet_language

from .data_items import SOURCES


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
