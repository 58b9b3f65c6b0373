"""The one reading path: xlsx through python-calamine, CSV in UTF-8 (with or without BOM), GBK/GB18030 or UTF-16.

`read_rows` returns the header row and the data rows as lists of raw cell values (calamine's
types for xlsx, str for CSV), each with its row number in the sheet (see parsing.py). The parse
runs in a child process with memory and time limits (isolation.py): whatever a file does to the
parser, this process only sees a refusal.
"""

import os
import tempfile

from .headers import vocabulary
from .isolation import parse_in_child
from .limits import ReadingLimits, SheetRefused, check_upload_size
from .parsing import Sheet, row_has_content  # noqa: F401 - row_has_content: resources.py reads it from here


def read_rows(source, filename):
    """Read the first visible sheet of an xlsx, or a CSV, from a path, a file object or bytes.

    Raises SheetRefused with a Chinese reason for anything it will not read.
    """
    limits = ReadingLimits.from_settings()
    known_headers = vocabulary().known_keys  # the child declares no resources: it finds the header row with these
    if isinstance(source, (str, os.PathLike)):
        _check_size(os.path.getsize(source), limits)
        return Sheet(**parse_in_child(os.path.abspath(source), filename, limits, known_headers=known_headers))
    data = source if isinstance(source, (bytes, bytearray, memoryview)) else _read_all(source)
    _check_size(len(data), limits)
    # The child reads a file: bytes from memory are written where it can open them.
    with tempfile.NamedTemporaryFile(prefix="sheet-", suffix=os.path.splitext(filename or "")[1][:10]) as copy:
        copy.write(data)
        copy.flush()
        return Sheet(**parse_in_child(copy.name, filename, limits, known_headers=known_headers))


def _read_all(fileobj):
    fileobj.seek(0)
    return fileobj.read()


def _check_size(size, limits):
    check_upload_size(size, limits=limits)
    if not size:
        raise SheetRefused("该文件是空文件。")
