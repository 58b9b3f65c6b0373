"""What every import returns (ImportOutcome), its errors and preview rows, and the ImportRecord a committed import writes."""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from registry.models import ImportRecord

NEW, UPDATE, SKIP = "new", "update", "skip"  # what the import does with a row (django-import-export's names)
INVALID = "invalid"  # a row with errors, shown as the file has it


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


@dataclass(frozen=True)
class PreviewRow:
    """A row as the preview shows it: its number in the file, NEW, UPDATE, SKIP or INVALID, and its cells under the preview's headers."""

    row: int
    action: str
    cells: list


@dataclass(frozen=True)
class PreviewTable:
    """A further table on a preview, for what the rows alone do not show: e.g. the figures an import replaces, or values worth a second look."""

    key: str  # its id on the page
    title: str
    headers: list
    rows: list  # the first rows, a list of cells each
    total: int  # how many there are in all
    note: str = ""
    warning: bool = False  # shown as a warning to read before confirming

    @property
    def hidden(self):
        return self.total - len(self.rows)


@dataclass
class ImportOutcome:
    """What an import did, or on a dry run would do; `record` is the ImportRecord once it is committed."""

    file_name: str = ""
    checksum: str = ""  # SHA-256 of the file
    dry_run: bool = False
    rows: int = 0  # data rows in the file
    added: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)  # RowError: the file's own (row None) first, then by row
    warnings: list = field(default_factory=list)
    preview_headers: list = field(default_factory=list)
    preview: list = field(default_factory=list)  # PreviewRow: a dry run's first rows, or its rows with errors
    preview_tables: list = field(default_factory=list)  # PreviewTable: what else a dry run shows before the confirm
    periods: list = field(default_factory=list)  # the months the rows hold figures for, oldest first (monthly figures)
    notes: str = ""  # what the ImportRecord says besides the counts
    record: ImportRecord | None = None

    @property
    def ok(self):
        return not self.errors

    @property
    def written(self):
        """True when the rows are in the database: not a dry run and nothing went wrong."""
        return self.ok and not self.dry_run

    @property
    def file_errors(self):
        """Why the file as a whole was refused."""
        return [error.message for error in self.errors if error.row is None]

    @property
    def row_errors(self):
        return [error for error in self.errors if error.row is not None]

    @property
    def error_count(self):
        return len(self.errors)

    def all_errors(self):
        return [str(error) for error in self.errors]

    def refuse(self, message):
        """Record that the file as a whole cannot be imported."""
        self.errors.append(RowError(None, "", message))

    @property
    def summary(self):
        return summary_line(self.added, self.updated, self.skipped)


def summary_line(added, updated, skipped):
    return gettext("新增 %(created)s 条，更新 %(updated)s 条，跳过 %(skipped)s 条") % {"created": added, "updated": updated, "skipped": skipped}


def start_import_record(*, kind, file_name, checksum, user, notes=""):
    """The audit row of an import, written first inside its transaction: a failed file leaves none."""
    return ImportRecord.objects.create(kind=kind, file_name=str(file_name or "")[:255], checksum=checksum, user=user if getattr(user, "is_authenticated", False) else None, notes=notes)


def count_import_record(record, *, added, updated, skipped=0):
    record.rows_added, record.rows_updated, record.rows_skipped = added, updated, skipped
    record.save(update_fields=["rows_added", "rows_updated", "rows_skipped"])
