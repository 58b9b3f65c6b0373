"""CSV read as a stream: UTF-16 by BOM, else UTF-8 (BOM optional) strictly, else GB18030 (a superset of GBK).

A record is never longer than `max_record_chars`, never wider than MAX_COLUMNS filled cells (empty
cells past column AX, as some exports write them, are dropped), and rows are not padded: a header
of 100,000 commas costs one short-lived list, not 100,000 cells in every row.
"""

import codecs
import csv
import io
import itertools

from .limits import MAX_COLUMN_LETTERS, MAX_COLUMNS, SheetRefused

DETECT_BLOCK = 1024 * 1024
MIN_RECORD_CHARS = 1024 * 1024  # room for trailing empty cells up to Excel's last column, XFD
BLANK_LINES = frozenset({"\n", "\r\n", "\r"})
UNKNOWN_ENCODING = "无法识别该文件的文字编码。请在 Excel 中“另存为” CSV UTF-8 或 .xlsx 后再上传。"


def detect_encoding(stream):
    """The encoding the whole file decodes in, tried block by block, so the text is never held twice."""
    stream.seek(0)
    head = stream.read(2)
    candidates = ("utf-16",) if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else ("utf-8-sig", "gb18030")
    for encoding in candidates:
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while block := stream.read(DETECT_BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise SheetRefused(UNKNOWN_ENCODING)


def max_record_chars(limits):
    """The longest record a file within the limits can hold: every column at the cell limit, quotes doubled."""
    return max(MIN_RECORD_CHARS, MAX_COLUMNS * (2 * limits.cell_length + 3))


class _Lines:
    """The text's lines, each read with a length cap; counts what the record being parsed has consumed.

    An empty line between records is an empty record: it is counted (`skipped`) and not handed to
    the CSV parser, so a file of millions of them reads in seconds.
    """

    def __init__(self, text, cap):
        self.text = text
        self.cap = cap
        self.record_chars = 0  # reset by the reader after each record
        self.number = 0
        self.skipped = 0

    def __iter__(self):
        return self

    def __next__(self):
        line = self.text.readline(self.cap + 1)
        while self.record_chars == 0 and line in BLANK_LINES:
            self.number += 1
            self.skipped += 1
            line = self.text.readline(self.cap + 1)
        if not line:
            raise StopIteration
        self.number += 1
        self.record_chars += len(line)
        if self.record_chars > self.cap:
            raise SheetRefused(f"文件第{self.number}行过长（超过 {self.cap} 个字符），不是正常的表格数据。请检查文件后再上传。")
        return line


def csv_rows(stream, limits):
    """Each record of the file as (row number, cells), empty lines left out; at most MAX_COLUMNS cells a row."""
    encoding = detect_encoding(stream)
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    cap = max_record_chars(limits)
    lines = _Lines(text, cap)
    first = next(lines, "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    # The field cap is process-wide: set for this read only.
    previous_limit = csv.field_size_limit(cap)
    try:
        for records in itertools.count(1):
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                raise SheetRefused(f"该文件不是有效的 CSV 文件（第{lines.number}行无法解析）。请在 Excel 中“另存为” .xlsx 后再上传。") from None
            lines.record_chars = 0
            number = records + lines.skipped
            if len(row) > MAX_COLUMNS:
                _drop_empty_tail(row, number)
            yield number, row
    finally:
        csv.field_size_limit(previous_limit)
        text.detach()


def _drop_empty_tail(row, number):
    for position in range(MAX_COLUMNS, len(row)):
        value = row[position]
        if value and not value.isspace():
            from openpyxl.utils import get_column_letter  # only for a refusal: see limits.cell_too_long

            raise SheetRefused(f"第{number}行第{get_column_letter(position + 1)}列有内容，超出了最多 {MAX_COLUMNS} 列（到 {MAX_COLUMN_LETTERS} 列）的范围。请删除多余的列后再上传。")
    del row[MAX_COLUMNS:]
