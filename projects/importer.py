"""The monthly project progress import: one code path for `import_project_progress` and the admin import.

A file holds one row per project and month (项目编号, 统计期, 当月完成投资, 进展情况), single months or 1–N月累计;
year-to-date figures become months through the monthly firm import's conversion (cultivation/monitoring/cumulative.py),
so a cumulative figure that goes down is refused by row and column. Every row is checked and every error kept;
nothing is written when any row is bad. Files are a few hundred rows: each row is saved through the ORM, so
every change has its history row, tagged with the import's record.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from cultivation.monitoring.cumulative import Entry, convert_to_single_months
from cultivation.monitoring.importer import checked_period, period_summary
from cultivation.monitoring.periods import period_label
from registry import dates
from registry.audit import start_recording, stop_recording
from registry.sheets.headers import match_headers
from registry.sheets.import_lock import lock_imports
from registry.sheets.language import in_sheet_language
from registry.sheets.limits import NO_DATA_ROWS, SheetRefused
from registry.sheets.outcome import NEW, UPDATE, ImportOutcome, PreviewRow, RowError, count_import_record, start_import_record
from registry.sheets.reader import read_rows
from registry.sheets.values import parse_decimal, parse_text

from .models import Project, ProjectProgress
from .resources import INVESTMENT, NOTE, PERIOD, PROGRESS_COLUMNS, PROGRESS_IMPORT_KIND, PROJECT_BY_CODE

SAMPLE_ROWS = 20
MONEY_LIMIT = Decimal(10) ** 12  # max_digits 14 with 2 decimal places
NOTE_LENGTH = ProjectProgress._meta.get_field("note").max_length
lazy_period_label = lazy(period_label, str)


def import_progress(*, content, file_name, user=None, cumulative=False, dry_run=False, preview=False, projects=None, today=None, progress=None):
    """Validate every row and, unless a row is bad or `dry_run`, save them in one transaction; returns an ImportOutcome.

    `projects` limits which projects a row may name (the importing officer's); `cumulative` reads 1–N月累计;
    `progress` is called with a Chinese stage name as the work proceeds, as the monthly import does.
    """
    progress = progress or (lambda stage: None)
    with in_sheet_language():
        outcome = ImportOutcome(file_name=file_name, checksum=hashlib.sha256(content).hexdigest(), dry_run=dry_run)
        progress("读取文件")
        read = _read(content, outcome, projects, today or dates.today(), progress)
        if read is None:
            return outcome
        rows, layout = read
        if dry_run:
            progress("核对已有数据")
            _assess(rows, layout, outcome, cumulative)
            if preview and outcome.ok:
                _show_first_rows(rows, outcome)
            return outcome
        with transaction.atomic():
            lock_imports()  # what is held is read under the lock, so a concurrent import cannot make the counts wrong
            progress("核对已有数据")
            _assess(rows, layout, outcome, cumulative)
            if outcome.ok:
                progress("写入数据库")
                outcome.record = _write(rows, outcome, user, cumulative)
        return outcome


class ProgressRow(Entry):
    """A file row: Entry's project id (in its firm_id slot), period and [investment], with its note."""

    __slots__ = ("note", "held")


@dataclass(frozen=True)
class Layout:
    """Where each known column sits in the file, and how the file spells its header (errors name it so)."""

    position: dict
    file_header: dict

    def cell(self, cells, column):
        return cells[self.position[column.header]] if column.header in self.position else None

    def header(self, column):
        return self.file_header.get(column.header, column.header)


def _read(content, outcome, projects, today, progress):
    """The file's rows, or None when the file as a whole is refused (the reason is in `outcome`)."""
    try:
        sheet = read_rows(content, outcome.file_name)
    except SheetRefused as refusal:
        outcome.refuse(refusal.message)
        return None
    match = match_headers(sheet.headers, [column for column in PROGRESS_COLUMNS if not column.readonly])
    outcome.warnings.extend(match.warnings)
    problems = match.errors or ([] if sheet.row_numbers else [NO_DATA_ROWS])
    for problem in problems:
        outcome.refuse(problem)
    if problems:
        return None
    outcome.rows = len(sheet.row_numbers)
    progress(f"校验 {outcome.rows} 行")
    named = [(index, name) for index, name in enumerate(match.names) if name]
    layout = Layout({name: index for index, name in named}, {name: sheet.headers[index] for index, name in named})
    codes = dict((Project.objects.all() if projects is None else projects).values_list("code", "pk"))
    rows, seen = [], {}
    for number, cells in zip(sheet.row_numbers, sheet.rows):
        row = _parse_row(number, cells, layout, codes, today, seen, outcome.errors)
        if row is not None:
            rows.append(row)
    return rows, layout


def _parse_row(number, cells, layout, codes, today, seen, errors):
    """The row as a ProgressRow (marked bad when a cell is), or None when its project or month is unknown; its errors go to `errors`."""
    found = []

    def refuser(column):
        return lambda reason: found.append(RowError(number, layout.header(column), reason))

    project_id = _project(layout.cell(cells, PROJECT_BY_CODE), codes, refuser(PROJECT_BY_CODE))
    period = checked_period(layout.cell(cells, PERIOD), today)
    if period.__class__ is str:
        refuser(PERIOD)(period)
        period = None
    investment = _investment(layout.cell(cells, INVESTMENT), refuser(INVESTMENT))
    note = _note(layout.cell(cells, NOTE), refuser(NOTE))
    if project_id is not None and period is not None:
        first = seen.setdefault((project_id, period), number)
        if first != number:
            refuser(PROJECT_BY_CODE)(f"与第{first}行重复：同一项目同一统计期（{period_label(period)}）在文件中出现两次")
    errors.extend(found)
    if project_id is None or period is None:
        return None
    row = ProgressRow(number, project_id, period, [investment], bool(found))
    row.note = note
    return row


def _project(value, codes, refuse):
    try:
        code = parse_text(value)
    except ValueError as problem:
        refuse(str(problem))
        return None
    if not code:
        refuse("不能为空")
        return None
    if code not in codes:
        refuse(f"系统中没有项目编号为{code}的项目，或该项目不在您的管辖范围内；请先登记项目")
        return None
    return codes[code]


def _investment(value, refuse):
    try:
        amount = parse_decimal(value)
    except ValueError as problem:
        refuse(str(problem))
        return None
    if amount is None:
        refuse("不能为空")
    elif amount < 0:
        refuse(f"不能为负数（{amount}）")
    elif amount >= MONEY_LIMIT:
        refuse(f"数值过大（{amount}），请确认单位为万元")
    else:
        return amount
    return None


def _note(value, refuse):
    try:
        note = parse_text(value)
    except ValueError as problem:
        refuse(str(problem))
        return ""
    if len(note) > NOTE_LENGTH:
        refuse(f"不能超过{NOTE_LENGTH}个字符（现有{len(note)}个）")
    return note


def _assess(rows, layout, outcome, cumulative):
    """Convert 1–N月累计, list each conversion error under its row and column, and count what is added or updated."""
    held = _held(rows, cumulative)
    if cumulative:
        convert_to_single_months(rows, held, [True], [True])
    for row in rows:
        for index, reason in row.errors:
            outcome.errors.append(RowError(row.row, layout.header(PERIOD if index is None else INVESTMENT), reason))
    outcome.errors.sort(key=lambda error: (error.row is not None, error.row or 0))
    good = [row for row in rows if not row.bad and not row.errors]
    for row in good:
        row.held = (row.firm_id, row.period) in held
    outcome.periods = sorted({row.period for row in good})
    outcome.updated = sum(1 for row in good if row.held)
    outcome.added = len(good) - outcome.updated


def _held(rows, cumulative):
    """(project id, period) → [investment] already held: the file's months, and for 1–N月累计 the months before them in the year."""
    if not rows:
        return {}
    progress = ProjectProgress.objects.filter(project_id__in={row.firm_id for row in rows})
    if cumulative:
        first = min(row.period for row in rows).replace(month=1)
        progress = progress.filter(period__range=(first, max(row.period for row in rows)))
    else:
        progress = progress.filter(period__in={row.period for row in rows})
    return {(project_id, period): [investment] for project_id, period, investment in progress.values_list("project_id", "period", "investment")}


def _show_first_rows(rows, outcome):
    first = [row for row in rows if not row.bad and not row.errors][:SAMPLE_ROWS]
    names = dict(Project.objects.filter(pk__in={row.firm_id for row in first}).values_list("pk", "name"))
    outcome.preview_headers = [_("项目"), _("统计期"), _("当月完成投资（万元）"), _("进展情况")]
    outcome.preview = [PreviewRow(row.row, UPDATE if row.held else NEW, [names.get(row.firm_id, ""), lazy_period_label(row.period), row.values[0], row.note]) for row in first]


def _write(rows, outcome, user, cumulative):
    outcome.notes = f"统计期：{period_summary(outcome.periods)}" + ("；按1-N月累计数换算为当月数" if cumulative else "")
    record = start_import_record(kind=PROGRESS_IMPORT_KIND, file_name=outcome.file_name, checksum=outcome.checksum, user=user, notes=outcome.notes)
    held = {(progress.project_id, progress.period): progress for progress in ProjectProgress.objects.filter(project_id__in={row.firm_id for row in rows}, period__in={row.period for row in rows})}
    token = start_recording(record)
    try:
        for row in sorted(rows, key=lambda row: (row.firm_id, row.period)):
            progress = held.get((row.firm_id, row.period)) or ProjectProgress(project_id=row.firm_id, period=row.period)
            progress.investment, progress.note, progress.source = row.values[0], row.note, record
            progress._history_user = user if getattr(user, "is_authenticated", False) else None
            progress.save()
    finally:
        stop_recording(token)
    count_import_record(record, added=outcome.added, updated=outcome.updated)
    return record


