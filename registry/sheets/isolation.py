"""Parsing in a child process: a crash, a memory blow-up or a hang ends as a refusal, never as a dead web worker.

`parse_in_child` starts `python -m registry.sheets.parse_child` (no Django, no database), which caps
its own address space (RLIMIT_AS), CPU time and core files, forks the parser and reports the
parser's exit status and peak memory; the parser writes the sheet, or the refusal, as one pickle
into a temporary file. This process waits with a wall-clock limit, kills the child's session past
it, and turns any end other than a sheet or a refusal into SheetRefused. A fresh interpreter
(tens of milliseconds to start) rather than a fork of this process: web workers may run threads.

The cells cross as columns (see parse_child.pack), the form the monthly import validates.
"""

import json
import logging
import os
import pickle
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .limits import SheetRefused

ROOT = Path(__file__).resolve().parents[2]
CHILD = "registry.sheets.parse_child"
STDERR_KEPT = 1000
logger = logging.getLogger(__name__)


def memory_refusal(limits):
    return SheetRefused(f"读取该文件需要的内存超过了 {limits.parse_memory_mb} MB 的上限，已停止读取。文件中可能有远离数据区域的单元格或异常的结构：请在 Excel 或 WPS 中删除多余的行和列后“另存为” .xlsx 再上传，或拆分成几个文件分批导入。")


def time_refusal(limits):
    return SheetRefused(f"读取该文件用时超过了 {limits.parse_seconds:g} 秒的上限，已停止读取。请删除无关的工作表和格式，或拆分成几个文件分批导入。")


NO_CHILD_REFUSAL = "服务器暂时无法读取文件，没有导入任何内容。请稍后再试；如果一直这样，请联系系统管理员。"
CRASH_REFUSAL = "读取该文件时解析程序异常退出，文件可能已损坏或经过特殊构造，已拒绝读取。请在 Excel 或 WPS 中打开后“另存为” .xlsx 再上传。"


def parse_in_child(path, filename, limits, *, known_headers):
    """The sheet in `path` as Sheet keyword arguments (headers, columns, row_numbers, header_row_number).

    `known_headers` (headers.Vocabulary.known_keys) go to the child on its standard input: it finds the header row with them.

    Raises SheetRefused: the parse's own refusal, or one for a crash, a kill, or a limit passed.
    Each parse is logged with its outcome, peak memory and time (the record's `sheet_parse`).
    """
    started = time.perf_counter()
    # Without Rust's backtraces: the reason ("memory allocation of … bytes failed") stays the first line.
    environment = {**os.environ, "RUST_BACKTRACE": "0"}
    with tempfile.TemporaryFile() as vocabulary, tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as usage:
        vocabulary.write(json.dumps(sorted(known_headers), ensure_ascii=False).encode())
        vocabulary.seek(0)
        command = [sys.executable, "-E", "-s", "-m", CHILD, *limits.as_arguments(), str(usage.fileno()), path, filename or ""]
        # A session of its own: a kill reaches the child and the parser it forked.
        try:
            child = subprocess.Popen(command, cwd=ROOT, env=environment, stdin=vocabulary, stdout=output, stderr=errors, pass_fds=(usage.fileno(),), start_new_session=True)
        except OSError:
            logger.exception("The sheet parse child could not start")
            raise SheetRefused(NO_CHILD_REFUSAL) from None
        timed_out = not _exits_within(child, limits.parse_seconds)
        if timed_out:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        status, peak_mb = _read_pickle(usage) or (child.returncode, None)
        result = _read_pickle(output) if status == 0 and not timed_out else None
        stderr = _ends(errors)
    outcome = _outcome(status, timed_out, result, stderr)
    seconds = time.perf_counter() - started
    details = "" if outcome in ("sheet", "refused") else "\n" + stderr.decode(errors="replace")
    logger.log(
        logging.INFO if outcome in ("sheet", "refused") else logging.WARNING,
        "sheet parse of %s: %s, exit status %s, peak %s MB, %.2f s%s",
        filename, outcome, status, "?" if peak_mb is None else round(peak_mb), seconds, details,
        extra={"sheet_parse": {"outcome": outcome, "exit_status": status, "peak_rss_mb": peak_mb and round(peak_mb, 1), "seconds": round(seconds, 3)}},
    )
    if outcome == "sheet":
        return result[1]
    if outcome == "refused":
        raise SheetRefused(result[1])
    if outcome == "memory":
        raise memory_refusal(limits)
    if outcome == "timeout":
        raise time_refusal(limits)
    raise SheetRefused(CRASH_REFUSAL)


def _outcome(status, timed_out, result, stderr):
    """sheet, refused, memory, timeout or crash."""
    if result is not None:
        return result[0]
    if timed_out or status == -signal.SIGXCPU:
        return "timeout"
    # Rust aborts on a failed allocation with this line, Python raises MemoryError; a SIGKILL we did not send is the kernel's OOM killer.
    if b"memory allocation of" in stderr or b"MemoryError" in stderr or status == -signal.SIGKILL:
        return "memory"
    return "crash"


def _exits_within(child, seconds):
    try:
        handle = os.pidfd_open(child.pid)
    except (AttributeError, OSError):
        # Without pidfd (macOS, old kernels) Popen polls, with up to 50 ms of delay.
        try:
            child.wait(seconds)
            return True
        except subprocess.TimeoutExpired:
            return False
    try:
        return bool(select.select([handle], [], [], seconds)[0])
    finally:
        os.close(handle)


class _CellUnpickler(pickle.Unpickler):
    """Builds cells and nothing else: a parser subverted by a crafted file could write any pickle, which must not run code here."""

    ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timedelta"), ("builtins", "range")}

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")
        return super().find_class(module, name)


def _read_pickle(stream):
    stream.seek(0)
    try:
        return _CellUnpickler(stream).load()
    except (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        return None


def _ends(errors):
    """The start and the end of what the child wrote to stderr: the reason, and where it stopped."""
    size = errors.seek(0, os.SEEK_END)
    errors.seek(0)
    if size <= 2 * STDERR_KEPT:
        return errors.read()
    head = errors.read(STDERR_KEPT)
    errors.seek(size - STDERR_KEPT)
    return head + b"\n[...]\n" + errors.read()
