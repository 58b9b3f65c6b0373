"""Watch-list cells for the page and for the files: the same value, shown or exported through the engine's formats."""

from decimal import Decimal

from django.urls import reverse

from registry.models import display_name
from registry.sheets.formats import XLSX_CONTENT_TYPE, write_csv, write_xlsx
from registry.sheets.language import in_sheet_language, sheet_labels
from registry.sheets.values import Month

from .periods import period_label
from .selectors import Light

CENTS = Decimal("0.01")
LIGHT_LABELS = sheet_labels(Light.choices)


def column_value(row, column):
    """The native value of one cell: Decimal, float, int, str, bool or Month."""
    value = row
    for part in column.key.split("."):
        value = getattr(value, part, None) if value is not None else None
    if value is None:
        return None
    if column.kind == "money":
        return Decimal(value).quantize(CENTS)
    if column.kind == "percent":
        return round(value, 2)
    if column.kind == "light":
        return LIGHT_LABELS.get(value, value)
    if column.kind == "period":
        return Month(value.year, value.month, 1)
    if column.kind == "person":
        return display_name(value)
    return value


def money_text(value):
    return "—" if value is None else f"{Decimal(value):,.2f}"


def with_money_texts(row, names=("ytd_output", "ytd_revenue", "month_output")):
    """A figures dict with "<name>_text" added: amounts with thousands separators for the page."""
    return {**row, **{f"{name}_text": money_text(row.get(name)) for name in names}}


def column_text(row, column):
    if column.kind == "light":  # the page speaks the user's language; files keep LIGHT_LABELS
        code = getattr(row, column.key, None)
        return str(Light(code).label) if code else "—"
    value = column_value(row, column)
    if value is None or value == "":
        return "—"
    if column.kind == "money":
        return money_text(value)
    if column.kind == "percent":
        return f"{value:+.2f}%"
    if column.kind == "bool":
        return "是" if value else "否"
    if column.kind == "period":
        return period_label(value)
    return str(value)


def profile_url(row):
    return reverse("admin:registry_enterprise_profile", args=[row.pk])


def table_rows(rows, columns):
    """Rows for the page: (text, kind, light code, link) per cell; a firm's name links to its profile (一企一档)."""
    return [
        [
            (column_text(row, column), column.kind, getattr(row, "output_light", None) if column.kind == "light" else None, profile_url(row) if column.kind == "firm" else None)
            for column in columns
        ]
        for row in rows
    ]


def watch_list_file(watch_list, rows, period, file_format, *, filters=()):
    """(content, content type, file name) of a watch list; text that could run as a formula is neutralised by the engine.

    `filters` are the (label, value) pairs the user chose besides the period: the file name and the xlsx's caption row name them.
    """
    columns = watch_list.all_columns()
    with in_sheet_language():
        headers = [str(column.header) for column in columns]
        title = str(watch_list.title)
        chosen = [(str(label), str(value)) for label, value in filters]
        caption = "；".join([title, f"统计期：{period_label(period)}", *(f"{label}：{value}" for label, value in chosen)])
    data = ([column_value(row, column) for column in columns] for row in rows.iterator(chunk_size=2000))
    name = "_".join([title, f"{period:%Y-%m}", *(value for _, value in chosen)]) + f".{file_format}"
    if file_format == "csv":
        return write_csv(headers, data), "text/csv; charset=utf-8", name
    return write_xlsx(headers, data, title=title, caption=caption), XLSX_CONTENT_TYPE, name
