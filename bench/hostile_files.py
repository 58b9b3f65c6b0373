"""Hostile files: for the worst file of each kind, how long reading it takes and the parse process's peak memory.

Each file is generated here (nothing stored), read through `read_rows` in a fresh worker process
with the default limits (the forced crash raises the row limit so the far cell passes the checks),
and the parse's outcome and peak memory are taken from the parse log (registry/sheets/isolation.py):
the peak is the parser's own, measured by the child that forked it. The legitimate 120,000-row
monthly file of the monthly_import measurement is read the same way, for comparison.
"""

import logging
import time

from .measurements import measurement

TARGET_PEAK_MB = 300
# (name, what the file is, settings for the read)
KINDS = (
    ("far-cell", "far cell, lower case (xfd1048576): the issue's recipe", {}),
    ("reader-crash", "far cell let past the checks (row limit raised to 2,000,000): calamine aborts", {"SHEETS_MAX_ROWS": 2_000_000}),
    ("wide-csv", "wide CSV: a header and 100,000 commas, then 3,000 short rows (the issue's recipe)", {}),
    ("wide-csv-lines", "wide CSV: 19 lines of 999,999 commas, each just under the line cap", {}),
    ("long-line-csv", "CSV with one line of 19 MB", {}),
    ("far-row-csv", "CSV: a header, 9.5 million blank lines, one row", {}),
    ("many-rows-csv", "CSV of 200,001 data rows (one over the limit)", {}),
    ("zip-bomb", "zip bomb: a sheet inflating a thousandfold to 60 MB", {}),
    ("shared-text", "a shared text of 1 MB (the cap) in two columns of 2,000 rows: 4 GB of copies", {}),
    ("shared-text-under-budget", "a shared text of 200 KB in 1,250 cells: 250 MB of copies, just under the budget", {}),
    ("merged-ranges", "201,001 merged ranges (one over the limit)", {}),
    ("legitimate-120000-rows", "for comparison: the 120,000-row monthly xlsx of monthly_import", {}),
)


@measurement("hostile_files", "恶意文件 / hostile files: reading the worst of each kind (time, the parse's peak memory)")
def run(context):
    # read_rows needs Django's settings, not its database: any database URL will do.
    url = context.sqlite_url("bench_hostile.sqlite3")
    files = {}
    for name, description, settings in KINDS:
        files[name] = {"description": description, **context.run("bench.hostile_files:read_one", url, kind=name, settings=settings)}
        context.log(f"  {name}: {files[name]['outcome']} in {files[name]['seconds']:.2f} s, peak {files[name]['peak_rss_mb']} MB")
    return {"files": files, "summary": summary(files)}


def summary(files):
    rows = []
    for name, description, _ in KINDS:
        file = files[name]
        peak = file["peak_rss_mb"]
        hostile = not name.startswith("legitimate")
        shown = f"{file['seconds']:.2f} s / {'?' if peak is None else f'{peak:,.0f}'} MB · {file['outcome']}"
        size = f"{file['megabytes']:.1f} MB" if file["megabytes"] >= 0.1 else f"{file['megabytes'] * 1000:.0f} KB"
        rows.append((f"{description} ({size} file)", shown, f"< {TARGET_PEAK_MB} MB" if hostile else "", (peak is not None and peak < TARGET_PEAK_MB) if hostile else None))
    return rows


# Tasks: each runs in a fresh worker process with Django set up.


def read_one(kind, settings):
    from django.conf import settings as django_settings

    from registry.sheets.limits import SheetRefused
    from registry.sheets.reader import read_rows

    for name, value in settings.items():
        setattr(django_settings, name, value)
    data, filename = build(kind)
    parses = []
    handler = logging.Handler()
    handler.emit = lambda record: parses.append(getattr(record, "sheet_parse", None))
    log = logging.getLogger("registry.sheets.isolation")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    started = time.perf_counter()
    try:
        sheet = read_rows(data, filename)
        reason = f"{len(sheet.rows)} rows read"
    except SheetRefused as refusal:
        reason = refusal.message
    seconds = time.perf_counter() - started
    parse = [entry for entry in parses if entry][-1]
    return {"megabytes": len(data) / 1e6, "seconds": round(seconds, 3), "outcome": parse["outcome"], "peak_rss_mb": parse["peak_rss_mb"], "child_seconds": parse["seconds"], "reason": reason}


def build(kind):
    """The file's bytes and name."""
    from tests import factories as files

    far_row = b'<row r="1048576"><c r="%s" t="inlineStr"><is><t>x</t></is></c></row>'
    if kind == "far-cell":
        return files.with_sheet_xml(far_row % b"xfd1048576"), "far.xlsx"
    if kind == "reader-crash":
        return files.with_sheet_xml(far_row % b"AX1048576"), "crash.xlsx"
    if kind == "wide-csv":
        return files.wide_csv(), "wide.csv"
    if kind == "wide-csv-lines":
        return ("统一社会信用代码,企业名称\r\n" + ("," * 999_999 + "\r\n") * 19).encode(), "wide-lines.csv"
    if kind == "long-line-csv":
        return "统一社会信用代码,企业名称\r\n1,".encode() + b"x" * 19_000_000 + b"\r\n", "long.csv"
    if kind == "far-row-csv":
        return "统一社会信用代码,企业名称\r\n".encode() + b"\r\n" * 9_500_000 + "91330902MA28K1XG4Q,甲有限公司\r\n".encode(), "far-row.csv"
    if kind == "many-rows-csv":
        return files.csv_bytes([["统一社会信用代码", "企业名称"], *[["91330902MA28K1XG4Q", "甲有限公司"]] * 200_001]), "rows.csv"
    if kind == "zip-bomb":
        return files.zip_bomb_xlsx(), "bomb.xlsx"
    if kind == "shared-text":
        return files.shared_text_xlsx(1000 * 1024, rows=2000), "text.xlsx"
    if kind == "shared-text-under-budget":
        return files.shared_text_xlsx(200 * 1024, rows=625), "text.xlsx"
    if kind == "merged-ranges":
        return files.merged_ranges_xlsx(201_001), "merged.xlsx"
    from .data import monthly_file

    path = monthly_file(10_000, 12)
    return path.read_bytes(), path.name
