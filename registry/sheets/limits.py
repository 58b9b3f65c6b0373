"""What the engine refuses to read, decided before the expensive work: size, zip bombs, sheet extent, rows, cells.

calamine builds a dense grid from the first to the last filled cell, so a 5 KB file with values in
A1 and XFD1048576 would ask for half a terabyte and abort the process. The sheet XML is therefore
scanned (streamed, with byte searches only) for filled cells beyond the allowed extent first.
"""

import html
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_COLUMNS = 50  # column AX; our widest list has about 25 columns
EXTRA_SHEET_ROWS = 1000  # title rows and blank separator rows on top of the data-row limit
RATIO_CHECK_FLOOR = 1024 * 1024  # small parts may compress very well without being bombs
MAX_WORKBOOK_PART_BYTES = 5 * 1024 * 1024
SCAN_CHUNK = 4 * 1024 * 1024
# A header row alone is almost always the wrong file or an emptied template.
NO_DATA_ROWS = "文件中没有数据行（只有表头或为空），没有导入任何内容。"


class SheetRefused(Exception):
    """A file the engine will not read; `message` is the Chinese reason shown to staff."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def max_upload_bytes():
    return settings.SHEETS_MAX_UPLOAD_BYTES


def max_rows():
    return settings.SHEETS_MAX_ROWS


def max_cell_length():
    return settings.SHEETS_MAX_CELL_LENGTH


def human_size(size):
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def check_upload_size(size):
    limit = max_upload_bytes()
    if size > limit:
        raise SheetRefused(f"文件大小为 {human_size(size)}，超过上限 {human_size(limit)}。请删除无关的工作表、图片，或拆分成几个文件分批导入。")


def check_row_count(count):
    limit = max_rows()
    if count > limit:
        raise SheetRefused(f"数据超过 {limit} 行的上限，请拆分成几个文件分批导入。")


def cell_too_long(row_number, column_number, length):
    letters = column_letters(column_number)
    return SheetRefused(f"第{row_number}行第{letters}列的内容有 {length} 个字符，超过上限 {max_cell_length()} 个字符。请检查该单元格是否粘贴了多余的内容。")


def column_letters(number):
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def refuse_not_xlsx(head):
    """The clearest reason a file that should be an xlsx is not one."""
    if head.startswith(OLE_MAGIC):
        raise SheetRefused("该文件是旧版 Excel 97-2003（.xls）文件或设置了打开密码，无法导入。请在 Excel 或 WPS 中取消密码并“另存为” .xlsx 格式后再上传。")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise SheetRefused("该文件实际上是网页（HTML）或 XML 格式的表格，不是真正的 Excel 文件（常见于从其他系统导出的 .xls）。请用 Excel 或 WPS 打开后“另存为” .xlsx 再上传。")
    if looks_like_text(head):
        raise SheetRefused("该文件的内容是文本（CSV），不是真正的 .xlsx 文件。请把扩展名改为 .csv 并选择 CSV 格式，或在 Excel 中“另存为” .xlsx 后再上传。")
    raise SheetRefused("无法识别该文件的内容，它不是 .xlsx 或 .csv 文件。请在 Excel 或 WPS 中“另存为” .xlsx 后再上传。")


def looks_like_text(head):
    sample = head[:4096]
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    if not sample or b"\x00" in sample:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if error.start >= len(sample) - 4:  # a character cut off by the end of the sample
                return True
    return False


@dataclass(frozen=True)
class WorkbookPlan:
    sheet_name: str
    sheet_path: str


def inspect_xlsx(fileobj):
    """Check the zip directory and the first visible sheet's extent; return which sheet to read."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if not head.startswith(ZIP_MAGIC):
        fileobj.seek(0)
        refuse_not_xlsx(fileobj.read(4096))
    try:
        archive = zipfile.ZipFile(fileobj)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise SheetRefused("该文件已损坏或没有完整上传，无法作为 .xlsx 读取。请重新保存后再上传。") from None
    check_archive_sizes(members)
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        if "mimetype" in names and "content.xml" in names:
            raise SheetRefused("该文件是 OpenDocument（.ods）表格，请在 WPS 或 Excel 中“另存为” .xlsx 后再上传。")
        raise SheetRefused("该文件是压缩包但不是 Excel 工作簿，请上传 .xlsx 文件。")
    if any(member.flag_bits & 0x1 for member in members):
        raise SheetRefused("该文件已加密，请取消密码后再上传。")
    plan = first_visible_sheet(archive)
    if plan.sheet_path not in names:
        raise SheetRefused(f"文件中找不到工作表“{plan.sheet_name}”的数据，文件可能已损坏。")
    with archive.open(plan.sheet_path) as sheet_xml:
        check_sheet_extent(sheet_xml, plan.sheet_name)
    return plan


def check_archive_sizes(members):
    total = sum(member.file_size for member in members)
    limit = settings.SHEETS_MAX_UNCOMPRESSED_BYTES
    if total > limit:
        raise SheetRefused(f"文件解压后有 {human_size(total)}，超过上限 {human_size(limit)}。请删除无关的工作表或拆分后分批导入。")
    ratio = settings.SHEETS_MAX_COMPRESSION_RATIO
    for member in members:
        if member.file_size > RATIO_CHECK_FLOOR and member.file_size > ratio * max(member.compress_size, 1):
            raise SheetRefused(f"文件中的“{member.filename}”压缩比异常（超过 {ratio} 倍），可能是恶意构造的压缩包，已拒绝读取。")


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_RELATIONSHIP_TAG = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")


def _read_part(archive, name):
    info = archive.getinfo(name)
    if info.file_size > MAX_WORKBOOK_PART_BYTES:
        raise SheetRefused(f"工作簿结构文件“{name}”异常庞大，已拒绝读取。请在 Excel 中“另存为”后再上传。")
    return archive.read(name)


def first_visible_sheet(archive):
    """The first visible worksheet in workbook order, as calamine numbers them."""
    workbook = _read_part(archive, "xl/workbook.xml")
    rels = _read_part(archive, "xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in archive.namelist() else b""
    targets = {}
    for attributes in _RELATIONSHIP_TAG.findall(rels):
        values = dict(_ATTRIBUTE.findall(attributes))
        targets[values.get(b"Id", b"")] = values.get(b"Target", b"").decode("utf-8", "replace")
    for attributes in _SHEET_TAG.findall(workbook):
        values = {key.split(b":")[-1]: value for key, value in _ATTRIBUTE.findall(attributes)}
        if values.get(b"state", b"visible") != b"visible":
            continue
        target = targets.get(values.get(b"id", b""), "")
        if "worksheets/" not in target:
            continue  # a chart sheet has no cells
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        return WorkbookPlan(html.unescape(values.get(b"name", b"").decode("utf-8", "replace")), path)
    raise SheetRefused("工作簿中没有可见的工作表。")


@lru_cache(maxsize=8)
def _greater_than(limit, alphabet):
    """A regex matching numerals over `alphabet` (digits, or column letters) that stand for more than `limit`."""
    text = column_letters(limit) if alphabet[0] == "A" else str(limit)
    first, last = alphabet[0], alphabet[-1]
    options = [f"[{first}-{last}]{{{len(text) + 1},}}"]
    for position, char in enumerate(text):
        index = alphabet.index(char)
        if index + 1 < len(alphabet):
            rest = len(text) - position - 1
            options.append(text[:position] + f"[{alphabet[index + 1]}-{last}]" + (f"[{first}-{last}]{{{rest}}}" if rest else ""))
    return "(?:" + "|".join(options) + ")"


@lru_cache(maxsize=8)
def _far_cell_pattern(row_limit):
    too_far_column = _greater_than(MAX_COLUMNS, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    too_far_row = _greater_than(row_limit, "0123456789")
    return re.compile(rf'<c r="({too_far_column}[0-9]+|[A-Z]{{1,3}}{too_far_row})"'.encode())


@lru_cache(maxsize=8)
def _suspect_cell_pattern(row_limit):
    # One cheap pass finds chunks worth a closer look: two-letter columns, long row numbers, cells without a reference.
    digits = len(str(row_limit))
    return re.compile(rf'<c r="(?:[A-Z][A-Z]|[A-Z][0-9]{{{digits}}})|<c(?:[\t\r\n>]| (?!r="))'.encode())


_CELL_WITHOUT_REFERENCE = re.compile(rb'<c(?:[\t\r\n>]| (?!r="))')
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s>/]")
_SELF_CLOSING = re.compile(rb"[^>]*?/>")


def check_sheet_extent(stream, sheet_name):
    """Refuse a sheet with filled cells past MAX_COLUMNS or past the row limit, before calamine sizes its grid."""
    row_limit = max_rows() + EXTRA_SHEET_ROWS
    far_cell = _far_cell_pattern(row_limit)
    suspect_cell = _suspect_cell_pattern(row_limit)
    tail = b""
    while True:
        chunk = stream.read(SCAN_CHUNK)
        buffer = tail + chunk
        cut = buffer.rfind(b"<") if chunk else len(buffer)
        if cut <= 0:
            cut = len(buffer)
        body, tail = buffer[:cut], buffer[cut:]
        if suspect_cell.search(body):
            _check_suspect_chunk(body, far_cell, sheet_name, row_limit)
        if b":c" in body and _PREFIXED_CELL.search(body):
            raise _unusual_structure(sheet_name)
        if not chunk:
            return


def _check_suspect_chunk(body, far_cell, sheet_name, row_limit):
    for match in far_cell.finditer(body):
        # A self-closing cell only carries a style, and calamine does not count it.
        if not _SELF_CLOSING.match(body, match.end()):
            raise _far_cell_refusal(match.group(1).decode(), sheet_name, row_limit)
    if _CELL_WITHOUT_REFERENCE.search(body):
        raise _unusual_structure(sheet_name)


def _unusual_structure(sheet_name):
    # calamine places cells without a reference by counting, and accepts any namespace prefix.
    return SheetRefused(f"工作表“{sheet_name}”的文件结构不常见，无法安全读取。请用 Excel 或 WPS 打开后“另存为” .xlsx 再上传。")


def _far_cell_refusal(reference, sheet_name, row_limit):
    letters = reference.rstrip("0123456789")
    row = int(reference[len(letters):])
    if column_number(letters) > MAX_COLUMNS:
        return SheetRefused(f"工作表“{sheet_name}”的单元格 {reference} 有内容，超出了最多 {MAX_COLUMNS} 列（到 {column_letters(MAX_COLUMNS)} 列）的范围。请删除多余的列后再上传。")
    return SheetRefused(f"工作表“{sheet_name}”第 {row} 行（单元格 {reference}）仍有内容（可能是空格或结果为空白的公式），超过了 {row_limit} 行的范围。请删除多余的行，或拆分成几个文件分批导入。")
