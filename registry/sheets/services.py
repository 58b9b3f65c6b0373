"""run_import: the one import service behind the admin's confirm step and the management commands."""

import os
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext
from import_export.results import RowResult

from .formats import dataset_from_upload
from .limits import check_upload_size
from .resources import SheetHeaderError


@dataclass(frozen=True)
class RowError:
    """One problem: the row number in the file (None for the whole file), the column header and the reason."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        if self.column:
            return f"第{self.row}行 [{self.column}] {self.message}"
        return f"第{self.row}行 {self.message}"


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors

    @property
    def written(self):
        """True when the rows are in the database: not a dry run and nothing went wrong."""
        return self.ok and not self.dry_run

    @property
    def summary(self):
        return summary_line(self.created, self.updated, self.skipped)


def summary_line(created, updated, skipped):
    return gettext("新增 %(created)s 条，更新 %(updated)s 条，跳过 %(skipped)s 条") % {"created": created, "updated": updated, "skipped": skipped}


def result_summary(result):
    totals = result.totals
    return summary_line(totals[RowResult.IMPORT_TYPE_NEW], totals[RowResult.IMPORT_TYPE_UPDATE], totals[RowResult.IMPORT_TYPE_SKIP])


def outcome_from_result(result, *, dry_run):
    """Counts, every error as (row, column, reason) and the warnings of an import-export Result."""
    errors = []
    for base_error in result.base_errors:
        error = base_error.error
        message = str(error) if isinstance(error, SheetHeaderError) else f"导入时发生意外错误：{error}"
        errors.append(RowError(None, "", message))
    row_errors = []
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            row_errors.extend(RowError(invalid.number, "" if column == NON_FIELD_ERRORS else column, str(message)) for message in messages)
    for error_row in result.error_rows:
        row_errors.extend(RowError(error_row.number, "", f"导入时发生意外错误：{error.error}") for error in error_row.errors)
    errors.extend(sorted(row_errors, key=lambda error: error.row or 0))
    totals = result.totals
    return ImportOutcome(
        created=totals[RowResult.IMPORT_TYPE_NEW],
        updated=totals[RowResult.IMPORT_TYPE_UPDATE],
        skipped=totals[RowResult.IMPORT_TYPE_SKIP],
        errors=errors,
        warnings=list(getattr(result, "warnings", [])),
        dry_run=dry_run,
    )


def run_import(resource, file, filename, *, dry_run, user=None, progress=None):
    """Import a file (path, file object or bytes) through `resource`; all rows are written, or none.

    Raises SheetRefused when the file itself is refused (size, format, zip bomb, too many rows).
    """
    if isinstance(file, (str, os.PathLike)):
        check_upload_size(os.path.getsize(file))
        with open(file, "rb") as handle:
            data = handle.read()
    elif isinstance(file, (bytes, bytearray)):
        data = bytes(file)
    else:
        size = getattr(file, "size", None)
        if size is not None:
            check_upload_size(size)
        data = file.read()
    dataset = dataset_from_upload(data, filename)
    if isinstance(resource, type):
        resource = resource()
    resource.keep_diffs = False
    if progress is not None:
        resource.progress = progress
    result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True, user=user, file_name=filename)
    return outcome_from_result(result, dry_run=dry_run)
