"""Small builders of spreadsheet files for the sheets tests (this module holds no tests)."""

import csv
import io
import zipfile

import openpyxl


def xlsx_bytes(rows, *, title="Sheet1", hidden_first=None, merge=None):
    """An xlsx with `rows` on its first sheet; `hidden_first` puts a hidden sheet with those rows before it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if hidden_first is not None:
        sheet.title = "隐藏"
        for row in hidden_first:
            sheet.append(row)
        sheet.sheet_state = "hidden"
        sheet = workbook.create_sheet(title)
    else:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def rewrite_sheet_xml(xlsx, change):
    """The same workbook with its first worksheet's XML passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(member.filename, data)
    return out.getvalue()


def with_blank_styled_rows(xlsx, count):
    """Append `count` rows that hold only formatting, as Excel writes after formatting whole rows."""
    start = 10

    def change(xml):
        rows = "".join(f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/><c r="B{n}" s="1"/></row>' for n in range(start, start + count))
        return xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")

    return rewrite_sheet_xml(xlsx, change)


def zip_bomb_xlsx(uncompressed_bytes=60 * 1024 * 1024):
    """A valid-looking xlsx whose sheet XML inflates a thousandfold."""
    small = xlsx_bytes([["统一社会信用代码", "企业名称"]])
    padding = b" " * uncompressed_bytes
    return rewrite_sheet_xml(small, lambda xml: xml.replace(b"</worksheet>", padding + b"</worksheet>"))


def far_cell_xlsx(reference="XFD1048576"):
    """A tiny xlsx with one value far away: calamine would size its grid to reach it."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "统一社会信用代码"
    workbook.active[reference] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def old_xls_bytes():
    """The start of an Excel 97-2003 file: an OLE2 compound document header."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"Workbook" + b"\x00" * 1024
