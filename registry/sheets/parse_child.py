"""The parse child: `python -m registry.sheets.parse_child LIMIT… USAGE_FD PATH NAME`, started by isolation.parse_in_child.

Its standard input is the header vocabulary's keys as a JSON list (headers.Vocabulary.known_keys): this
process declares no resources, and finds the header row with what the parent's resources declared.

It caps itself (address space, CPU seconds, no core file), then forks the parser, which writes one
pickle to stdout: ("sheet", Sheet keyword arguments), ("refused", message) or ("memory", None).
The child waits for the parser and writes (its exit status, its peak memory in MB) to USAGE_FD:
a crash in the Rust reader is reported with what it cost. The parser is a fork because an exec'd
process inherits the peak memory of the one that started it (Linux keeps the larger of the two),
so only a process forked after the exec measures its own. It imports only the parse (no Django,
no subprocess machinery): it starts in tens of milliseconds.
"""

import datetime
import gc
import itertools
import json
import math
import os
import pickle
import resource
import sys
import traceback

from .limits import ReadingLimits, SheetRefused
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


def main(arguments):
    *numbers, usage_fd, path, filename = arguments
    limits = ReadingLimits.from_arguments(numbers)
    known_headers = frozenset(json.load(sys.stdin))
    confine(limits)
    parser = os.fork()
    if parser == 0:
        parse(limits, path, filename, known_headers)
    _, status, usage = os.wait4(parser, 0)
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    peak_mb = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    with open(int(usage_fd), "wb") as report:
        pickle.dump((os.waitstatus_to_exitcode(status), peak_mb), report)


def parse(limits, path, filename, known_headers):
    """The forked parser: writes its result and exits, never returns."""
    # A parse makes millions of objects and no cycles; the collector would rescan them all, over and over.
    gc.disable()
    try:
        try:
            result = ("sheet", pack(read_file(path, filename, limits, known_headers=known_headers)))
        except SheetRefused as refusal:
            result = ("refused", refusal.message)
        except MemoryError:
            result = ("memory", None)
        pickle.dump(result, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
        sys.stdout.buffer.flush()
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
