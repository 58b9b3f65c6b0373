"""Cells the engine writes must not run as formulas when a spreadsheet program opens them (CSV/formula injection).

Every xlsx cell the engine fills (exports, error lists, import templates and their 说明 sheet) goes through
`write_cell`; CSV cells go through `neutralise`.
"""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(value):
    """Prefix a quote to text a spreadsheet would read as a formula; numbers, dates and other text pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return QUOTE + value
    return value


def write_cell(cell, value):
    """Put `value` into an openpyxl cell: text is neutralised and always stored as text, never as a formula."""
    if isinstance(value, str):
        # Set as a string cell explicitly: openpyxl would otherwise read "=..." as a formula.
        # Control characters go first: one in front of "=" would otherwise hide the formula from neutralise().
        cell.value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def restore_neutralised(text):
    """Undo neutralise() on import, so exporting and re-importing a file changes nothing."""
    if text[:1] == QUOTE and text[1:2] and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text
