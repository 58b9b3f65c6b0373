"""The monthly import service: one code path for `import_monthly` and the admin import.

Built for a province-wide year at once (120,000 rows): one read with python-calamine (the engine's
`read_rows`), every cell validated column by column in plain Python with every error kept, one query
mapping USCCs to ids, one query for the months already held, then an upsert inside one transaction:
on PostgreSQL COPY (straight into the table, or into a temporary table and one INSERT … ON CONFLICT
DO UPDATE), elsewhere `bulk_create(update_conflicts=True)` in batches. Nothing is written when any
row is bad. It returns an ImportOutcome, as every import does. The ImportRecord written in the same
transaction is the audit trail of the bulk path: every row the file carried points to it through
`MonthlyReport.source`, and figures it replaced are kept as history rows (see history.py).
"""

import datetime
import hashlib
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from psycopg.errors import UniqueViolation

from cultivation.gc_pause import cyclic_gc_paused
from cultivation.monitoring.history import history_columns, insert_history, keep_earlier_figures, quote, record_replaced_figures
from registry.models import Enterprise
from registry.sheets.headers import match_headers
from registry.sheets.import_lock import lock_imports
from registry.sheets.language import in_sheet_language
from registry.sheets.limits import NO_DATA_ROWS, SheetRefused
from registry.sheets.reader import read_rows
from registry.sheets.outcome import NEW, UPDATE, ImportOutcome, PreviewRow, RowError, count_import_record, start_import_record
from registry.sheets.values import is_empty, parse_decimal, parse_integer, parse_period
from registry.sheets.widgets import UsccCell
from registry.uscc import uscc_problem

from ..models import MonthlyReport
from ..resources import FIRM_BY_USCC, FIRM_NAME
from ..resources.monitoring import FIGURES, MONTHLY_COLUMNS, PERIOD
from .changes import preview_tables
from .cumulative import Entry, convert_to_single_months
from .periods import is_future, period_label
from .selectors import reports_of_firms
from .summary import refresh_bulk_write

BATCH_SIZE = 5000
SAMPLE_ROWS = 20
MONEY_LIMIT = Decimal(10) ** 14  # max_digits 18 with 4 decimal places; the database rounds to 4 places
INTEGER_LIMIT = 2_147_483_647
NOT_SUMMED = frozenset({"employees"})  # a head count is not added up over the year
FIGURE_HEADERS = {column.header: column for column in FIGURES}
lazy_period_label = lazy(period_label, str)  # the preview names a month in the page's language, not the file's


@dataclass
class FileColumns:
    """The figures a file carries and how it spells the headers its errors name."""

    fields: list = field(default_factory=list)  # the figures, in file order
    figure_headers: list = field(default_factory=list)  # their headers as the file spells them
    period_header: str = PERIOD.header


def period_summary(periods):
    """"2024年1月—2024年3月（3个月）": the months an import holds figures for."""
    if not periods:
        return "—"
    first, last = period_label(periods[0]), period_label(periods[-1])
    return first if first == last else gettext("%(first)s—%(last)s（%(count)s个月）") % {"first": first, "last": last, "count": len(periods)}


def import_monthly(*, content, file_name, user=None, cumulative=False, dry_run=False, preview=False, enterprises=None, today=None, progress=None):
    """Validate every row of a monthly file and, unless a row is bad or `dry_run`, upsert it in one transaction.

    Returns an ImportOutcome. `enterprises` limits which firms a row may name (a scoping layer passes
    the user's firms); `cumulative` reads the figures as 1–N月累计 and stores single months; `preview`
    puts the first rows on a dry run's outcome; `progress` is called with a Chinese stage name as the
    work proceeds (the command shows it on a terminal).
    """
    with cyclic_gc_paused(), in_sheet_language():
        return _import(content, file_name, user, cumulative, dry_run, preview, enterprises, today, progress)


def _import(content, file_name, user, cumulative, dry_run, preview, enterprises, today, progress):
    progress = progress or (lambda stage: None)
    outcome, columns = ImportOutcome(file_name=file_name, checksum=hashlib.sha256(content).hexdigest(), dry_run=dry_run), FileColumns()
    progress("读取文件")
    entries = read_entries(content, outcome, columns, firm_ids(enterprises), today or timezone.localdate(), progress)
    if entries is None:
        return outcome
    if dry_run:
        held = assess(entries, outcome, columns, cumulative, progress)
        if preview and outcome.ok:
            show_first_rows(entries, held, outcome, columns)
            outcome.preview_tables = preview_tables(entries, columns.fields, lazy_period_label)
        return outcome
    with transaction.atomic():
        # What the database holds is read under the lock, so a concurrent import cannot make the counts wrong.
        lock_imports()
        assess(entries, outcome, columns, cumulative, progress)
        if outcome.ok:
            progress("写入数据库")
            outcome.record = write(entries, outcome, columns, user, cumulative)
    return outcome


def assess(entries, outcome, columns, cumulative, progress):
    """Compare the entries with the figures held: the months of a 1–N月累计 file, every error, and what is added or updated.

    Returns the figures held, by (firm id, period)."""
    progress("核对已有数据")
    held = held_reports(entries, columns.fields, cumulative)
    if cumulative:
        exact_figures(entries, held)
        convert_to_single_months(entries, held, [name not in NOT_SUMMED for name in columns.fields], [_non_negative(name) for name in columns.fields])
    for entry in entries:
        for index, reason in entry.errors:
            outcome.errors.append(RowError(entry.row, columns.period_header if index is None else columns.figure_headers[index], reason))
    outcome.errors.sort(key=lambda error: error.row)
    good = [entry for entry in entries if not entry.bad and not entry.errors]
    outcome.periods = sorted({entry.period for entry in good})
    outcome.updated = sum(1 for entry in good if (entry.firm_id, entry.period) in held)
    outcome.added = len(good) - outcome.updated
    return held


def show_first_rows(entries, held, outcome, columns):
    """The preview: the first rows as they would be stored (single months), named by the registry's firm names."""
    first = [entry for entry in entries if not entry.bad and not entry.errors][:SAMPLE_ROWS]
    names = dict(Enterprise.objects.filter(pk__in={entry.firm_id for entry in first}).values_list("pk", "name"))
    outcome.preview_headers = [_("企业"), _("统计期"), *(MonthlyReport._meta.get_field(name).verbose_name for name in columns.fields)]
    outcome.preview = [
        PreviewRow(entry.row, UPDATE if (entry.firm_id, entry.period) in held else NEW, [names.get(entry.firm_id, ""), lazy_period_label(entry.period), *entry.values]) for entry in first
    ]


def read_entries(content, outcome, columns, firms, today, progress):
    """The file's rows as entries, or None when the file itself is refused (the reason is in `outcome`)."""
    try:
        sheet = read_rows(content, outcome.file_name)
    except SheetRefused as refusal:
        outcome.refuse(refusal.message)
        return None
    match = match_headers(sheet.headers, MONTHLY_COLUMNS)
    outcome.warnings.extend(match.warnings)
    figure_positions = [(position, name) for position, name in enumerate(match.names) if name in FIGURE_HEADERS]
    problems = match.errors
    if not problems and not figure_positions:
        problems.append(f"文件中没有任何指标列（{'、'.join(column.header for column in FIGURES)}）。")
    if not problems and not sheet.row_numbers:
        problems.append(NO_DATA_ROWS)
    if problems:
        for problem in problems:
            outcome.refuse(problem)
        return None
    layout = Layout(match.names, figure_positions, sheet.headers)
    columns.fields = [FIGURE_HEADERS[name].attribute for _, name in figure_positions]
    columns.figure_headers = [sheet.headers[position] for position, _ in figure_positions]
    columns.period_header = layout.file_header(PERIOD.header)
    outcome.rows = len(sheet.row_numbers)
    progress(f"校验 {outcome.rows} 行")
    return parse_rows(sheet, layout, outcome, firms, today)


def _non_negative(name):
    return any(isinstance(validator, MinValueValidator) and validator.limit_value == 0 for validator in MonthlyReport._meta.get_field(name).validators)


@dataclass(frozen=True)
class Layout:
    """Where each column sits in the file, and how a figure column is checked."""

    names: list
    figure_positions: list
    headers: list

    def position(self, header):
        return self.names.index(header) if header in self.names else None

    def file_header(self, header):
        position = self.position(header)
        return self.headers[position] if position is not None else header


def firm_ids(enterprises):
    """USCC → id for every firm a row may name: one query (a registry of 100,000 firms is a few MB)."""
    firms = Enterprise.objects.all() if enterprises is None else enterprises
    return dict(firms.values_list("uscc", "id"))


@dataclass(frozen=True)
class FigureCheck:
    """How one figure column is parsed and bounded."""

    position: int
    header: str
    integer: bool
    non_negative: bool

    def parse(self, cell):
        if self.integer:
            value = parse_integer(cell)
            limit = INTEGER_LIMIT
        else:
            value = parse_decimal(cell)
            limit = MONEY_LIMIT
        if value is None:
            return None
        if self.non_negative and value < 0:
            raise ValueError(f"不能为负数（{value}）")
        if abs(value) >= limit:
            raise ValueError(f"数值过大（{value}），请确认单位" + ("" if self.integer else "为万元"))
        return value


def checked_period(cell, today):
    """A period, or the Chinese reason it is refused."""
    try:
        period = parse_period(cell)
    except ValueError as problem:
        return str(problem)
    if period is None:
        return "不能为空"
    if is_future(period, today):
        return f"{period_label(period)}晚于当前月份，不能导入未来的统计期"
    return datetime.date(period.year, period.month, 1)


def parse_rows(sheet, layout, outcome, firms, today):
    """Every cell checked, a column at a time: a column of plain numbers is checked by C-level builtins
    (type set, min, max, sum), and only a column holding anything else goes through the cell parser."""
    errors = outcome.errors
    numbers = sheet.row_numbers
    columns = sheet.columns
    name_at = layout.position(FIRM_NAME.header)
    uscc_at, period_at = layout.position(FIRM_BY_USCC.header), layout.position(PERIOD.header)
    uscc_header = layout.file_header(FIRM_BY_USCC.header)
    firm_ids = firm_column(columns[uscc_at], columns[name_at] if name_at is not None else None, numbers, firms, errors, uscc_header)
    periods = period_column(columns[period_at], numbers, today, errors, layout.file_header(PERIOD.header))
    checks = [FigureCheck(position, sheet.headers[position], FIGURE_HEADERS[name].attribute == "employees", _non_negative(FIGURE_HEADERS[name].attribute)) for position, name in layout.figure_positions]
    figures = [figure_column(columns[check.position], check, numbers, errors) for check in checks]
    del columns
    bad_rows = {error.row for error in errors}
    seen, entries = {}, []
    for number, firm_id, period, values in zip(numbers, firm_ids, periods, zip(*figures)):
        if firm_id is None or period is None:
            continue
        first = seen.setdefault((firm_id, period), number)
        if first != number:
            bad_rows.add(number)
            errors.append(RowError(number, uscc_header, f"与第{first}行重复：同一企业同一统计期（{period_label(period)}）在文件中出现两次"))
        entries.append(Entry(number, firm_id, period, list(values), number in bad_rows))
    return entries


def firm_column(cells, names, numbers, firms, errors, header):
    """Firm ids for a USCC column: exact codes in one pass; only the rest are normalised and reported."""
    firm_ids = list(map(firms.get, cells))
    if None not in firm_ids:
        return firm_ids
    for index, firm_id in enumerate(firm_ids):
        if firm_id is None:
            try:
                code = UsccCell().parse(cells[index])
            except ValueError as problem:
                errors.append(RowError(numbers[index], header, str(problem)))
                continue
            firm_ids[index] = firms.get(code)
            if firm_ids[index] is None:
                errors.append(RowError(numbers[index], header, _unknown_firm(code, names[index] if names else None)))
    return firm_ids


def period_column(cells, numbers, today, errors, header):
    """Periods for a period column; a file holds a dozen distinct cells, each parsed once."""
    parsed = {cell: checked_period(cell, today) for cell in set(cells)}
    periods = list(map(parsed.__getitem__, cells))
    if any(result.__class__ is str for result in parsed.values()):
        for index, result in enumerate(periods):
            if result.__class__ is str:
                errors.append(RowError(numbers[index], header, result))
                periods[index] = None
    return periods


def figure_column(cells, check, numbers, errors):
    """The column's values: numbers kept as float (the database reads their repr exactly), or parsed cell by cell."""
    if _plain_numbers(cells, check):
        return list(map(int, cells)) if check.integer else list(cells)
    values = []
    for number, cell in zip(numbers, cells):
        try:
            values.append(check.parse(cell))
        except ValueError as problem:
            values.append(None)
            errors.append(RowError(number, check.header, str(problem)))
    return values


def _plain_numbers(cells, check):
    """True when every cell is a finite float within the column's bounds (and whole, for a head count)."""
    if set(map(type, cells)) != {float} or not math.isfinite(sum(cells)):
        return False
    low, high = min(cells), max(cells)
    limit = INTEGER_LIMIT if check.integer else MONEY_LIMIT
    if (check.non_negative and low < 0) or -low >= limit or high >= limit:
        return False
    return not check.integer or all(map(float.is_integer, cells))


def _unknown_firm(code, name):
    if not code:
        return "不能为空"
    problem = uscc_problem(code)
    named = f"（{name}）" if name and not is_empty(name) else ""
    if problem:
        return f"{problem}{named}"
    return f"系统中没有统一社会信用代码为{code}的企业{named}，或该企业不在您的管辖范围内；请先登记企业"


def held_reports(entries, fields, cumulative):
    """(firm id, period) → figures already held: the file's own periods, and for 1–N月累计 the months before them."""
    if not entries:
        return {}
    periods = {entry.period for entry in entries}
    firm_ids_in_file = {entry.firm_id for entry in entries}
    reports = reports_of_firms(firm_ids_in_file)
    if not cumulative:
        # Only which rows exist matters: added or updated.
        keys = reports.filter(period__in=sorted(periods)).values_list("enterprise_id", "period")
        return {key: None for key in keys.iterator(chunk_size=20000) if key[0] in firm_ids_in_file}
    rows = reports.filter(period__range=(datetime.date(min(periods).year, 1, 1), max(periods))).values_list("enterprise_id", "period", *fields)
    return {(row[0], row[1]): list(row[2:]) for row in rows.iterator(chunk_size=20000) if row[0] in firm_ids_in_file}


def exact_figures(entries, held):
    """Floats from number cells become Decimals before figures are subtracted."""
    for values in [entry.values for entry in entries] + list(held.values()):
        for index, value in enumerate(values):
            if value.__class__ is float:
                values[index] = Decimal(repr(value))


def write(entries, outcome, columns, user, cumulative):
    """The upsert and its audit row, in one transaction."""
    outcome.notes = f"统计期：{period_summary(outcome.periods)}" + ("；按1-N月累计数换算为当月数" if cumulative else "")
    # Every writer takes row locks in the same order, so two imports of one period wait instead of deadlocking.
    entries = sorted(entries, key=lambda entry: (entry.firm_id, entry.period))
    with transaction.atomic():
        record = start_import_record(kind="monthly", file_name=outcome.file_name, checksum=outcome.checksum, user=user, notes=outcome.notes)
        counted = UPSERTS.get(connection.vendor, bulk_upsert)(entries, columns.fields, record, all_new=not outcome.updated)
        if counted:
            # A concurrent import may have written some of these rows after they were counted: record what really happened.
            outcome.added, outcome.updated = counted
        count_import_record(record, added=outcome.added, updated=outcome.updated)
        refresh_bulk_write(record.pk, outcome.periods, written=len(entries))
    return record


def bulk_upsert(entries, fields, record, *, all_new=False):
    """Elsewhere than PostgreSQL (SQLite locks the whole database, so the counts made before stand).

    The figures replaced are kept as history: "+" rows before each batch, "~" rows after the last.
    """
    source_id = record.pk
    update_fields = [*fields, "source", "updated_at"]
    for start in range(0, len(entries), BATCH_SIZE):
        chunk = entries[start : start + BATCH_SIZE]
        if not all_new:
            firms, periods = sorted({entry.firm_id for entry in chunk}), sorted({entry.period for entry in chunk})
            with connection.cursor() as cursor:
                # A superset of the chunk's reports (its firms × its periods): a spare "+" row costs nothing.
                keep_earlier_figures(cursor, where=f"m.enterprise_id IN ({', '.join(['%s'] * len(firms))}) AND m.period IN ({', '.join(['%s'] * len(periods))})", params=[*firms, *periods])
        batch = [MonthlyReport(enterprise_id=entry.firm_id, period=entry.period, source_id=source_id, **dict(zip(fields, entry.values))) for entry in chunk]
        MonthlyReport.objects.bulk_create(batch, update_conflicts=True, unique_fields=["enterprise", "period"], update_fields=update_fields)
    if not all_new:
        with connection.cursor() as cursor:
            record_replaced_figures(cursor, record, timezone.now())


def copy_upsert(entries, fields, record, *, all_new=False):
    """PostgreSQL: COPY, then the INSERT … ON CONFLICT DO UPDATE that bulk_create(update_conflicts=True) would issue.

    The upsert's RETURNING feeds the "~" history rows of the reports it updated, in the same statement:
    no second scan of the table for them.

    bulk_create would prepare 1.7 million parameters in Python, which alone takes longer than the
    whole import may. When none of the rows exist yet they are copied straight into the table; if a
    concurrent import wrote some of them meanwhile, that fails and the rows go through the upsert.
    Returns the rows (added, updated).
    """
    opts = MonthlyReport._meta
    names = ["enterprise", "period", *fields]
    now, source_id = timezone.now(), record.pk
    if all_new:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                columns = _columns([*names, "source", "created_at", "updated_at"])
                with cursor.cursor.copy(f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN") as copy:
                    for entry in entries:
                        copy.write_row((entry.firm_id, entry.period, *entry.values, source_id, now, now))
            return len(entries), 0
        except (IntegrityError, UniqueViolation):
            pass
    column_types = ", ".join(f"{quote(opts.get_field(name).column)} {opts.get_field(name).db_type(connection)}" for name in names)
    columns = _columns(names)
    updates = ", ".join(f"{quote(column)} = EXCLUDED.{quote(column)}" for column in [opts.get_field(name).column for name in fields] + ["source_id", "updated_at"])
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE monthly_import_stage ({column_types}) ON COMMIT DROP")
        with cursor.cursor.copy(f"COPY monthly_import_stage ({columns}) FROM STDIN") as copy:
            for entry in entries:
                copy.write_row((entry.firm_id, entry.period, *entry.values))
        # Run after a concurrent import committed (its COPY made ours fail), so its figures are kept too.
        keep_earlier_figures(cursor, join="JOIN monthly_import_stage s ON s.enterprise_id = m.enterprise_id AND s.period = m.period")
        # Every updated report had its earlier figures kept just above, so each gets its "~" row from what the upsert returns.
        cursor.execute(
            f"WITH written AS (INSERT INTO {quote(opts.db_table)} ({columns}, source_id, created_at, updated_at) "
            f"SELECT {columns}, %s, %s, %s FROM monthly_import_stage ORDER BY 1, 2 "
            f"ON CONFLICT (enterprise_id, period) DO UPDATE SET {updates} RETURNING {history_columns()}, (xmax = 0) AS inserted), "
            f"replaced AS ({insert_history()} SELECT {history_columns()}, %s, '~', %s, %s FROM written WHERE NOT inserted) "
            "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written",
            [source_id, now, now, now, record.user_id, record.change_reason],
        )
        counted = tuple(cursor.fetchone())
        # Dropped now as well: inside an outer transaction (a savepoint) ON COMMIT comes too late.
        cursor.execute("DROP TABLE monthly_import_stage")
    return counted


def _columns(names):
    return ", ".join(quote(MonthlyReport._meta.get_field(name).column) for name in names)


# bulk_create spends ~100 µs a row preparing parameters: too slow for 20,000 rows/s on PostgreSQL.
UPSERTS = {"postgresql": copy_upsert}
