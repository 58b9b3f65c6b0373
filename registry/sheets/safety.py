"""Exported cells must not run as formulas when a spreadsheet program opens them (CSV/formula injection)."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(value):
    """Prefix a quote to text a spreadsheet would read as a formula; numbers, dates and other text pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return QUOTE + value
    return value


def restore_neutralised(text):
    """Undo neutralise() on import, so exporting and re-importing a file changes nothing."""
    if text[:1] == QUOTE and text[1:2] and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text
