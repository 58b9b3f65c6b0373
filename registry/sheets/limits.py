"""What the engine refuses to read, decided before the expensive work: size, zip bombs, sheet extent, rows, cells.

calamine builds a dense grid from the first to the last filled cell, so a 5 KB file with values in
A1 and XFD1048576 would ask for half a terabyte and abort the process. The sheet XML is therefore
scanned (streamed, with byte searches only) for filled cells beyond the allowed extent first, in
every spelling calamine accepts: any letter case, leading zeros, either quote, whitespace around
"=", the position attribute anywhere in the tag.

This module runs inside the parse child (isolation.py) as well, which has no Django: the limits
travel as a `ReadingLimits` value read from the settings in the web process.
"""

import html
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import astuple, dataclass, fields
from functools import lru_cache

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_COLUMNS = 50  # column AX; our widest list has about 25 columns
MAX_COLUMN_LETTERS = "AX"  # openpyxl's get_column_letter(MAX_COLUMNS), which tests/test_sheets_limits.py checks
EXTRA_SHEET_ROWS = 1000  # title rows and blank separator rows on top of the data-row limit
RATIO_CHECK_FLOOR = 1024 * 1024  # small parts may compress very well without being bombs
MAX_WORKBOOK_PART_BYTES = 5 * 1024 * 1024
SCAN_CHUNK = 4 * 1024 * 1024
MAX_SHARED_TEXT_BYTES = 1024 * 1024  # Excel itself holds at most 32,767 characters in a cell
# A header row alone is almost always the wrong file or an emptied template.
NO_DATA_ROWS = "文件中没有数据行（只有表头或为空），没有导入任何内容。"
DAMAGED_ZIP = "该文件已损坏或没有完整上传，无法作为 .xlsx 读取。请重新保存后再上传。"
DAMAGED = "该文件已损坏，无法读取。请在 Excel 或 WPS 中打开后“另存为” .xlsx 再上传。"


class SheetRefused(Exception):
    """A file the engine will not read; `message` is the Chinese reason shown to staff."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ReadingLimits:
    """Every limit a read obeys, as plain numbers: the parse child gets them without Django's settings."""

    upload_bytes: int
    uncompressed_bytes: int
    compression_ratio: int
    rows: int
    cell_length: int
    parse_memory_mb: int
    parse_seconds: float

    @classmethod
    def from_settings(cls):
        from django.conf import settings  # here, not at the top: the parse child imports this module without Django

        return cls(
            upload_bytes=settings.SHEETS_MAX_UPLOAD_BYTES,
            uncompressed_bytes=settings.SHEETS_MAX_UNCOMPRESSED_BYTES,
            compression_ratio=settings.SHEETS_MAX_COMPRESSION_RATIO,
            rows=settings.SHEETS_MAX_ROWS,
            cell_length=settings.SHEETS_MAX_CELL_LENGTH,
            parse_memory_mb=settings.SHEETS_PARSE_MEMORY_MB,
            parse_seconds=settings.SHEETS_PARSE_SECONDS,
        )

    @property
    def sheet_rows(self):
        """How far down a sheet may have filled cells: the data rows plus titles and blank separators."""
        return self.rows + EXTRA_SHEET_ROWS

    def as_arguments(self):
        """The limits as command-line arguments for the parse child; `from_arguments` reads them back."""
        return [str(value) for value in astuple(self)]

    @classmethod
    def from_arguments(cls, arguments):
        return cls(*(field.type(text) for field, text in zip(fields(cls), arguments)))


def human_size(size):
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def check_upload_size(size, *, limits=None):
    limit = (limits or ReadingLimits.from_settings()).upload_bytes
    if size > limit:
        raise SheetRefused(f"文件大小为 {human_size(size)}，超过上限 {human_size(limit)}。请删除无关的工作表、图片，或拆分成几个文件分批导入。")


def too_many_rows(limits):
    return SheetRefused(f"数据超过 {limits.rows} 行的上限，请拆分成几个文件分批导入。")


def cell_too_long(row_number, column_number, length, limits):
    # openpyxl takes longer to import than the parse child takes to start: only a refusal or an odd cell pays for it.
    from openpyxl.utils import get_column_letter

    return SheetRefused(f"第{row_number}行第{get_column_letter(column_number)}列的内容有 {length} 个字符，超过上限 {limits.cell_length} 个字符。请检查该单元格是否粘贴了多余的内容。")


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


def inspect_xlsx(fileobj, limits, *, cells=True):
    """Check the zip directory and where the first visible sheet lies, and with `cells` its shared strings and extent;
    return which sheet to read. The parse child checks the cells in a process beside the parse (parse_child.py)."""
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
        raise SheetRefused(DAMAGED_ZIP) from None
    check_archive_sizes(members, limits)
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        if "mimetype" in names and "content.xml" in names:
            raise SheetRefused("该文件是 OpenDocument（.ods）表格，请在 WPS 或 Excel 中“另存为” .xlsx 后再上传。")
        raise SheetRefused("该文件是压缩包但不是 Excel 工作簿，请上传 .xlsx 文件。")
    if any(member.flag_bits & 0x1 for member in members):
        raise SheetRefused("该文件已加密，请取消密码后再上传。")
    try:
        plan = first_visible_sheet(archive)
        if plan.sheet_path not in names:
            raise SheetRefused(f"文件中找不到工作表“{plan.sheet_name}”的数据，文件可能已损坏。")
        if not cells:
            return plan
        # calamine reads xl/sharedStrings.xml, matching the name in any case.
        strings_part = next((name for name in names if name.lower() == "xl/sharedstrings.xml"), None)
        sizes = None
        if strings_part:
            with archive.open(strings_part) as strings_xml:
                sizes = shared_text_sizes(strings_xml, limits)
        with archive.open(plan.sheet_path) as sheet_xml:
            merged_ranges = check_sheet_extent(sheet_xml, plan.sheet_name, limits, shared_sizes=sizes)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        # A member that does not inflate to what the zip directory says (size, CRC), or an unknown compression.
        raise SheetRefused(DAMAGED_ZIP) from None
    if merged_ranges > limits.sheet_rows:
        raise SheetRefused(f"工作表“{plan.sheet_name}”中有 {merged_ranges} 个合并单元格区域，超过上限 {limits.sheet_rows} 个。请取消不必要的合并单元格后再上传。")
    return plan


def check_archive_sizes(members, limits):
    total = sum(member.file_size for member in members)
    if total > limits.uncompressed_bytes:
        raise SheetRefused(f"文件解压后有 {human_size(total)}，超过上限 {human_size(limits.uncompressed_bytes)}。请删除无关的工作表或拆分后分批导入。")
    ratio = limits.compression_ratio
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


# python-calamine 0.9.1 numbers every <si>, self-closing or without text; newer calamine skips those without <t>.
_STRING_START = re.compile(rb"<(?:[^\s<>/!?]*:)?si[\t\n\r />]")
_TEXTLESS_STRING = re.compile(rb"<(?:[^\s<>/!?]*:)?si(?:\s[^<>]*)?/>|<(?:[^\s<>/!?]*:)?si(?:\s[^<>]*)?>(?:(?!<(?:[^\s<>/!?]*:)?t[\s>/]).)*?</(?:[^\s<>/!?]*:)?si>", re.DOTALL)


def shared_text_sizes(stream, limits):
    """The size in bytes of each shared text, by the index cells use; refuses a text of a megabyte.

    Every cell showing a shared text gets its own copy in calamine, so the sheet scan adds these
    sizes up over the cells. Where a calamine release could number the texts differently (one
    without <t>, or phonetic runs), each size is replaced by the largest from there on: that can
    only overstate.
    """
    starts, aligned, offset, carry = [], True, 0, b""
    while True:
        chunk = stream.read(SCAN_CHUNK)
        buffer = carry + chunk
        found = [match.start() for match in _STRING_START.finditer(buffer)]
        # The last text may go on in the next chunk: it is read again with it.
        cut = found.pop() if chunk and found else len(buffer)
        body, carry = buffer[:cut], buffer[cut:]
        starts.extend(offset + position for position in found)
        if aligned and (b"rPh" in body or _TEXTLESS_STRING.search(body)):
            aligned = False
        offset += cut
        if len(carry) > MAX_SHARED_TEXT_BYTES + SCAN_CHUNK or not chunk:
            break
    sizes = [end - begin for begin, end in zip(starts, starts[1:] + [offset + len(carry)])]
    if max(sizes, default=0) > MAX_SHARED_TEXT_BYTES:
        raise SheetRefused(f"文件中有一段超过 {human_size(MAX_SHARED_TEXT_BYTES)} 的文字（一个单元格最多 {limits.cell_length} 个字符），可能是恶意构造的文件，已拒绝读取。")
    if not aligned:
        for index in range(len(sizes) - 2, -1, -1):
            sizes[index] = max(sizes[index], sizes[index + 1])
    return sizes


def shared_text_budget(limits):
    """How many bytes of shared text the cells may copy in all: a quarter of the parse's memory (Rust and Python each hold a copy)."""
    return limits.parse_memory_mb * 1024 * 1024 // 4


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"


def _at_most(text, alphabet, lowest_first):
    """A regex for numerals over `alphabet` (column letters, or digits) without leading zeros, standing for at most `text`.

    Longest first, and the shorter numerals possessive: the engine then never backtracks into them.
    """
    any_char = f"[{alphabet[0]}-{alphabet[-1]}]"
    options = [text]
    for position, char in enumerate(text):
        low = lowest_first if position == 0 else alphabet[0]
        if char > low:
            rest = len(text) - position - 1
            options.append(text[:position] + f"[{low}-{alphabet[alphabet.index(char) - 1]}]" + (f"{any_char}{{{rest}}}" if rest else ""))
    if len(text) > 1:
        options.append(f"[{lowest_first}-{alphabet[-1]}]{any_char}{{0,{len(text) - 2}}}+")
    return "(?:" + "|".join(options) + ")"


@lru_cache(maxsize=8)
def _odd_cell_pattern(row_limit):
    """Every cell start tag except the one spelling Excel, WPS and openpyxl write for a cell inside the extent.

    That spelling is `<c r="B7"` (upper case, no leading zero, within AX and the row limit), then
    optionally ` s="…"` and ` t="…"`, then `>` or `/>`. A match is worth a closer look; nothing else is.
    """
    near = _at_most(MAX_COLUMN_LETTERS, LETTERS, "A") + _at_most(str(row_limit), DIGITS, "1")
    # "(?:…|)" rather than "(?:…)?", and the usual spelling ruled out before anything else: about twice as fast.
    usual = rf' r="{near}"(?: s="[0-9]++"|)(?: t="[A-Za-z]++"|)/?>'
    return re.compile(rf"<c(?!{usual})(?=[\s>/])".encode())


# quick-xml (calamine's parser) takes either quote, whitespace around "=", and "<" or ">" inside a quoted value.
_CELL_TAG = re.compile(rb"""<c(?P<attributes>(?:\s+[^\s=<>/"']+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(?P<empty>/?)>""")
_CELL_ATTRIBUTE = re.compile(rb"""([^\s=<>/"']+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")
# calamine reads a position as letters of either case then digits, leading zeros allowed.
_REFERENCE = re.compile(rb"([A-Za-z]+)([0-9]+)")
# calamine matches the local name, so `<x:c>` with any prefix, in any script, is a cell too.
_PREFIXED_CELL = re.compile(rb"<[^\s<>/!?]+:c[\t\n\r />]")


# The spelling Excel, WPS and openpyxl write for a cell showing shared text number N.
_SHARED_CELL = re.compile(rb' t="s">(?:<v>([0-9]{1,10})</v>)?')
_SHARED_VALUE = re.compile(rb"\s*<(?:[^\s<>/!?]*:)?v(?:\s[^<>]*)?>\s*([0-9]{1,10})\s*<")


def check_sheet_extent(stream, sheet_name, limits, *, shared_sizes=None):
    """Refuse a sheet with filled cells past MAX_COLUMNS or past the row limit, before calamine sizes its grid.

    With `shared_sizes` (shared_text_sizes), also refuse a sheet whose cells would copy more shared
    text than the budget. Returns how many merged ranges the sheet declares.
    """
    row_limit = limits.sheet_rows
    odd_cell = _odd_cell_pattern(row_limit)
    tail, merged_ranges, copied = b"", 0, 0
    while True:
        chunk = stream.read(SCAN_CHUNK)
        buffer = tail + chunk
        # Cut before the last "<": a tag is never split between two chunks (one that is refuses itself).
        cut = buffer.rfind(b"<") if chunk else len(buffer)
        if cut <= 0:
            cut = len(buffer)
        body, tail = buffer[:cut], buffer[cut:]
        for match in odd_cell.finditer(body):
            shared = _check_cell_tag(body, match.start(), sheet_name, row_limit)
            if shared is not None and shared_sizes is not None:
                copied += _shared_size(shared_sizes, shared)
        if b":c" in body and _PREFIXED_CELL.search(body):
            raise _unusual_structure(sheet_name)
        if b"mergeCell" in body:
            merged_ranges += body.count(b"mergeCell") - body.count(b"mergeCells")
        if shared_sizes is not None and b' t="s">' in body:
            copied += _shared_total(shared_sizes, _SHARED_CELL.findall(body), sheet_name)
        if copied > shared_text_budget(limits):
            raise SheetRefused(f"工作表“{sheet_name}”中的单元格反复引用同样的文字，展开后超过 {human_size(shared_text_budget(limits))}，可能是恶意构造的文件，已拒绝读取。")
        if not chunk:
            return merged_ranges


def _shared_size(sizes, index):
    if index >= len(sizes):
        raise SheetRefused(DAMAGED)  # calamine refuses a cell naming a text that is not there
    return sizes[index]


def _shared_total(sizes, indices, sheet_name):
    """The shared text the usual-spelling cells copy: tallied by text, then sized (a file names a few texts many times)."""
    tally = Counter(indices)
    if b"" in tally:
        raise _unusual_structure(sheet_name)  # a shared-text cell whose number is not written plainly
    return sum(_shared_size(sizes, int(index)) * count for index, count in tally.items())


def _check_cell_tag(body, start, sheet_name, row_limit):
    from openpyxl.utils import column_index_from_string  # only for an odd cell: see cell_too_long

    """Refuse the cell tag at `start` if it is far or its position is unsure; return the shared text it shows, if any."""
    tag = _CELL_TAG.match(body, start)
    if tag is None:
        raise _unusual_structure(sheet_name)
    if tag.group("empty"):
        return None  # a self-closing cell only carries a style, and calamine does not count it
    attributes = _CELL_ATTRIBUTE.findall(tag.group("attributes"))
    names = [name for name, _, _ in attributes]
    positions = [double or single for name, double, single in attributes if name == b"r"]
    if len(positions) != 1 or len(set(names)) != len(names):
        raise _unusual_structure(sheet_name)
    reference = _REFERENCE.fullmatch(positions[0])
    if reference is None:
        return None  # calamine refuses a position it cannot read
    letters, digits = reference.group(1).upper().decode(), reference.group(2).lstrip(b"0").decode() or "0"
    # Past three letters (ZZZ, openpyxl's last) or twelve digits a position is far whatever it says (and Python's int() has a length limit).
    column = column_index_from_string(letters) if len(letters) <= 3 else MAX_COLUMNS + 1
    row = int(digits) if len(digits) <= 12 else row_limit + 1
    if column > MAX_COLUMNS or row > row_limit:
        raise _far_cell_refusal(_shortened(letters), _shortened(digits), column > MAX_COLUMNS, sheet_name, row_limit)
    kind = [double or single for name, double, single in attributes if name == b"t"]
    if kind != [b"s"] or tag.group(0).endswith(b' t="s">'):
        return None  # not shared text, or counted with the usual spelling
    value = _SHARED_VALUE.match(body, tag.end())
    if value is None:
        raise _unusual_structure(sheet_name)
    return int(value.group(1))


def _shortened(text):
    return text if len(text) <= 12 else text[:12] + "…"


def _unusual_structure(sheet_name):
    # calamine places cells without a position by counting, reads the last of repeated attributes and accepts any prefix.
    return SheetRefused(f"工作表“{sheet_name}”的文件结构不常见，无法安全读取。请用 Excel 或 WPS 打开后“另存为” .xlsx 再上传。")


def _far_cell_refusal(letters, digits, far_column, sheet_name, row_limit):
    reference = letters + digits
    if far_column:
        return SheetRefused(f"工作表“{sheet_name}”的单元格 {reference} 有内容，超出了最多 {MAX_COLUMNS} 列（到 {MAX_COLUMN_LETTERS} 列）的范围。请删除多余的列后再上传。")
    return SheetRefused(f"工作表“{sheet_name}”第 {digits} 行（单元格 {reference}）仍有内容（可能是空格或结果为空白的公式），超过了 {row_limit} 行的范围。请删除多余的行，或拆分成几个文件分批导入。")
