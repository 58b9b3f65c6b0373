"""The parse child: `python -m registry.sheets.parse_child LIMIT… USAGE_FD PATH NAME`, started by isolation.parse_in_child.

Its standard input is the header vocabulary's keys as a JSON list (headers.Vocabulary.known_keys): this
process declares no resources, and finds the header row with what the parent's resources declared.

It caps itself (address space, CPU seconds, no core file), then forks two processes side by side: the
checker, which runs an xlsx's cell checks (limits.inspect_xlsx: a scan of the sheet's XML in Python),
and the parser (calamine, in Rust, then the rows kept), which writes one pickle to stdout:
("sheet", Sheet keyword arguments), ("refused", message) or ("memory", None). The parser writes only
once the checker has passed the file; a checker that refuses writes its own refusal and the parser is
killed, so every file ends as if the checks had run first, in about the time of the longer of the two.
The child writes (the exit status, the peak memory in MB) to USAGE_FD: a crash in the Rust reader is
reported with what it cost. Both are forks because an exec'd process inherits the peak memory of the
one that started it (Linux keeps the larger of the two), so only a process forked after the exec
measures its own. It imports only the parse (no Django, no subprocess machinery): it starts in tens
of milliseconds.
"""

import datetime
import gc
import itertools
import json
import math
import os
import pickle
import resource
import signal
import sys
import traceback

from .limits import ZIP_MAGIC, ReadingLimits, SheetRefused, inspect_xlsx
from .parsing import read_file

# Values a file repeats (a firm's code and name on each of its months, a period on every row): sent once each.
REPEATED_TYPES = frozenset({str, datetime.date, datetime.datetime, datetime.time, datetime.timedelta})
SAMPLE_ROWS = 100


def confine(limits):
    _lower(resource.RLIMIT_AS, limits.parse_memory_mb * 1024 * 1024)
    # The parent's wall clock stops a hang first; CPU seconds also stop a child whose parent died.
    _lower(resource.RLIMIT_CPU, max(1, math.ceil(limits.parse_seconds)))
    _lower(resource.RLIMIT_CORE, 0)


def _lower(kind, value):
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    try:
        resource.setrlimit(kind, (value, hard if kind == resource.RLIMIT_CPU else value))
    except (ValueError, OSError):
        pass  # macOS refuses RLIMIT_AS: there only the parent's wall clock and the CPU limit hold


def pack(sheet):
    """The sheet as columns: what the monthly import validates, and cheaper to pickle than rows.

    pickle writes an object once and then refers to it, and a date by a slow reduction: in columns
    of text and dates (judged on the first rows), equal values are made one object first.
    """
    columns = list(zip(*sheet.rows))
    sample = itertools.islice(sheet.rows, SAMPLE_ROWS)
    repeating = {position for row in sample for position, value in enumerate(row) if value.__class__ in REPEATED_TYPES}
    for position in repeating:
        seen = {}
        columns[position] = tuple([seen.setdefault(value, value) if value.__class__ in REPEATED_TYPES else value for value in columns[position]])
    numbers = sheet.row_numbers
    if numbers and numbers[-1] - numbers[0] == len(numbers) - 1:
        numbers = range(numbers[0], numbers[-1] + 1)  # no blank rows between: the usual case, sent as two numbers
    return {"headers": sheet.headers, "columns": columns, "row_numbers": numbers, "header_row_number": sheet.header_row_number}


CHECKER_REFUSED = 3  # the checker's exit status once it has written its refusal
GO = b"1"  # what the parser waits for before it writes


def main(arguments):
    *numbers, usage_fd, path, filename = arguments
    limits = ReadingLimits.from_arguments(numbers)
    known_headers = frozenset(json.load(sys.stdin))
    confine(limits)
    go_read, go_write = os.pipe()
    checker = _fork(check, limits, path)
    parser = _fork(parse, limits, path, filename, known_headers, go_read, closing=go_write)
    os.close(go_read)
    _, status, usage = os.wait4(checker, 0)
    peak, checked = usage.ru_maxrss, os.waitstatus_to_exitcode(status)
    if checked == 0:
        try:
            os.write(go_write, GO)
        except BrokenPipeError:
            pass  # the parser has ended already (a crash): its status says so
        _, status, usage = os.wait4(parser, 0)
        peak, exit_status = max(peak, usage.ru_maxrss), os.waitstatus_to_exitcode(status)
    else:
        os.kill(parser, signal.SIGKILL)
        os.wait4(parser, 0)
        exit_status = 0 if checked == CHECKER_REFUSED else checked
    os.close(go_write)
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    peak_mb = peak / (1024 * 1024 if sys.platform == "darwin" else 1024)
    with open(int(usage_fd), "wb") as report:
        pickle.dump((exit_status, peak_mb), report)


def _fork(work, *arguments, closing=None):
    """A forked process running `work(*arguments)`, which never returns; `closing` is a descriptor it must not hold."""
    pid = os.fork()
    if pid == 0:
        if closing is not None:
            os.close(closing)
        work(*arguments)
    return pid


def check(limits, path):
    """The forked checker: exits 0 when an xlsx passes its cell checks (any other file is the parser's to judge),
    or writes its refusal and exits CHECKER_REFUSED."""
    gc.disable()
    try:
        result = _result_of(_check_cells, limits, path)
        if result is None:
            os._exit(0)
        _write(result)
    except BaseException:
        _crash()
    os._exit(CHECKER_REFUSED)


def _check_cells(limits, path):
    with open(path, "rb") as fileobj:
        if fileobj.read(len(ZIP_MAGIC)) == ZIP_MAGIC:
            inspect_xlsx(fileobj, limits)


def parse(limits, path, filename, known_headers, go):
    """The forked parser: writes its result once the checker has passed the file, and exits; never returns."""
    # A parse makes millions of objects and no cycles; the collector would rescan them all, over and over.
    gc.disable()
    try:
        result = _result_of(_sheet, limits, path, filename, known_headers)
        if os.read(go, 1) != GO:
            os._exit(1)  # the child is gone: nobody reads the result
        _write(result)
    except BaseException:
        _crash()
    os._exit(0)


def _sheet(limits, path, filename, known_headers):
    return ("sheet", pack(read_file(path, filename, limits, known_headers=known_headers, cells_checked=True)))


def _result_of(work, *arguments):
    """What `work` returns, or the result a refusal or a memory error makes: ("refused", message) or ("memory", None)."""
    try:
        return work(*arguments)
    except SheetRefused as refusal:
        return ("refused", refusal.message)
    except MemoryError:
        return ("memory", None)


def _write(result):
    pickle.dump(result, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


def _crash():
    traceback.print_exc()
    sys.stderr.flush()
    os._exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
