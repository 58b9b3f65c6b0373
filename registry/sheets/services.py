"""run_import: a file through a SheetResource, all rows or none, as an ImportOutcome (the admin's importers and the commands)."""

import hashlib
import os

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import NON_FIELD_ERRORS
from import_export.results import RowResult

from .formats import dataset_from_upload
from .limits import SheetRefused, check_upload_size
from .outcome import INVALID, ImportOutcome, PreviewRow, RowError
from .resources import SheetHeaderError

PREVIEW_ROWS = 1000  # rows a preview shows; the confirm step imports them all


def outcome_from_result(result, *, dry_run):
    """Counts, every error as (row, column, reason) and the warnings of an import-export Result."""
    outcome = ImportOutcome(dry_run=dry_run, warnings=list(getattr(result, "warnings", [])), rows=result.total_rows)
    for base_error in result.base_errors:
        error = base_error.error
        outcome.refuse(str(error) if isinstance(error, SheetHeaderError) else f"导入时发生意外错误：{error}")
    row_errors = []
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            row_errors.extend(RowError(invalid.number, "" if column == NON_FIELD_ERRORS else column, str(message)) for message in messages)
    for error_row in result.error_rows:
        row_errors.extend(RowError(error_row.number, "", f"导入时发生意外错误：{error.error}") for error in error_row.errors)
    outcome.errors.extend(sorted(row_errors, key=lambda error: error.row or 0))
    totals = result.totals
    outcome.added, outcome.updated, outcome.skipped = totals[RowResult.IMPORT_TYPE_NEW], totals[RowResult.IMPORT_TYPE_UPDATE], totals[RowResult.IMPORT_TYPE_SKIP]
    return outcome


def preview_rows(result, resource):
    """The first rows of a dry run, each with its diff against what the database holds; or the rows with errors, as the file has them."""
    if result.invalid_rows:
        return [PreviewRow(invalid.number, INVALID, list(invalid.values)) for invalid in result.invalid_rows[:PREVIEW_ROWS]]
    if result.has_errors():
        return []
    rows = []
    for number, row in enumerate(result.rows, start=1):
        if row.import_type in RowResult.valid_import_types and row.diff is not None:
            rows.append(PreviewRow(resource.sheet_row(number), row.import_type, row.diff))
            if len(rows) == PREVIEW_ROWS:
                break
    return rows


def file_content(file):
    """The bytes of a path, a file object or bytes; an oversize file is refused before it is read."""
    if isinstance(file, (str, os.PathLike)):
        check_upload_size(os.path.getsize(file))
        with open(file, "rb") as handle:
            return handle.read()
    if isinstance(file, (bytes, bytearray)):
        return bytes(file)
    size = getattr(file, "size", None)
    if size is not None:
        check_upload_size(size)
    return file.read()


def run_import(resource, file, filename, *, dry_run, user=None, progress=None, preview=False, log_user=None):
    """Import a file (path, file object or bytes) through `resource`; all rows are written, or none.

    A file refused as a whole (size, format, zip bomb, too many rows) is the outcome's one error.
    `preview` keeps the first rows' diffs for the admin's preview; `log_user` gets the rows an
    import writes in the admin's own log ("最近动作"), as django-import-export's admin did.
    """
    try:
        data = file_content(file)
        checksum = hashlib.sha256(data).hexdigest()
        dataset = dataset_from_upload(data, filename)
    except SheetRefused as refusal:
        outcome = ImportOutcome(file_name=filename, dry_run=dry_run)
        outcome.refuse(refusal.message)
        return outcome
    if isinstance(resource, type):
        resource = resource()
    resource.keep_diffs = preview
    if progress is not None:
        resource.progress = progress
    result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True, user=user, file_name=filename, retain_instance_in_row_result=log_user is not None)
    outcome = outcome_from_result(result, dry_run=dry_run)
    outcome.file_name, outcome.checksum = filename, checksum
    if outcome.written:
        outcome.record = resource.import_record
    if preview:
        outcome.preview_headers, outcome.preview = list(result.diff_headers), preview_rows(result, resource)
    if log_user is not None and outcome.written:
        log_admin_changes(log_user, result)
    return outcome


def log_admin_changes(user, result):
    flags = {RowResult.IMPORT_TYPE_NEW: ADDITION, RowResult.IMPORT_TYPE_UPDATE: CHANGE}
    written = {}
    for row in result.rows:
        if row.import_type in flags and row.instance is not None:
            written.setdefault(row.import_type, []).append(row.instance)
    for import_type, instances in written.items():
        LogEntry.objects.log_actions(user.pk, instances, flags[import_type], change_message=f"{import_type} through import_export", single_object=len(instances) == 1)
