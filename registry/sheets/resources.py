"""SheetResource: a django-import-export ModelResource driven by Column declarations.

It maps the file's headers through the vocabulary, refuses missing required columns with one
Chinese error, reports every row error keyed by column header and sheet row number, and writes
nothing when any row fails (the whole import runs in one transaction that is rolled back).
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models.fields import NOT_PROVIDED
from django.utils.functional import cached_property
from import_export import exceptions
from import_export.fields import Field
from import_export.instance_loaders import ModelInstanceLoader
from import_export.resources import Diff, ModelDeclarativeMetaclass, ModelResource
from import_export.results import Result, RowResult
from import_export.widgets import ManyToManyWidget

from registry.audit import start_recording, stop_recording

from .headers import declare, match_headers
from .import_lock import lock_imports
from .language import in_sheet_language
from .limits import NO_DATA_ROWS
from .outcome import count_import_record, start_import_record
from .reader import row_has_content
from .values import is_empty
from .widgets import RefCell


class SheetHeaderError(Exception):
    """The file's header row does not fit the resource; nothing is imported."""


class SheetResult(Result):
    """An import result that also carries warnings (unknown columns) for the preview page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = []

    def row_errors(self):
        return [(row.errors[0].number, row.errors) for row in self.rows if row.errors]


class PreviewDiff(Diff):
    """import-export's preview diff, with empty cells shown empty rather than as "None"."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.left = _shown(self.left)

    def compare_with(self, resource, instance):
        super().compare_with(resource, instance)
        self.right = _shown(self.right)


def _shown(values):
    return ["" if value is None else value for value in values]


class NoDiff:
    """Stands in for import-export's Diff where nobody reads it (a confirmed import, a command)."""

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


class SheetInstanceLoader(ModelInstanceLoader):
    """Loads every existing row the file names up front, keyed by the normalised import id."""

    BATCH = 900  # below SQLite's limit on query parameters

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        id_fields = resource.get_import_id_fields()
        self.field = resource.fields[id_fields[0]] if len(id_fields) == 1 else None
        self.instances = None
        if self.field is None or dataset is None or self.field.column_name not in (dataset.headers or []):
            return
        keys = list({key for key in map(self._key, dataset.get_col(dataset.headers.index(self.field.column_name))) if key})
        attribute = self.field.attribute
        self.instances = {}
        for start in range(0, len(keys), self.BATCH):
            found = self.get_queryset().filter(**{f"{attribute}__in": keys[start : start + self.BATCH]})
            self.instances.update((getattr(instance, attribute), instance) for instance in found)

    def _key(self, value):
        try:
            return self.field.widget.clean(value)
        except ValueError:
            return None

    def get_instance(self, row):
        if self.instances is None:
            return super().get_instance(row)
        return self.instances.get(self._key(row.get(self.field.column_name)))


class SheetResourceMetaclass(ModelDeclarativeMetaclass):
    """Turns `columns = (Column(...), ...)` into import-export fields, in that order, and declares them to the header vocabulary."""

    def __new__(cls, name, bases, attrs):
        columns = attrs.get("columns")
        meta = attrs.get("Meta")
        declared = bool(columns and meta is not None and getattr(meta, "model", None) is not None)
        if declared:
            for column in columns:
                attrs[column.attribute] = _field_for(column, meta.model)
            names = tuple(column.attribute for column in columns)
            attrs["Meta"] = type("Meta", (meta,), {"fields": names, "import_order": names, "export_order": names})
        resource = super().__new__(cls, name, bases, attrs)
        if declared:
            declare(resource)
        return resource


def _field_for(column, model):
    default = NOT_PROVIDED
    try:
        model_field = model._meta.get_field(column.attribute)
    except FieldDoesNotExist:
        model_field = None
    if model_field is not None and model_field.is_relation and model_field.remote_field.limit_choices_to and hasattr(column.widget, "restrict_to"):
        column.widget.restrict_to(model_field.get_limit_choices_to())
    if model_field is not None and not model_field.null:
        # A blank cell means the field's default, as on the admin form; text fields store "".
        if model_field.has_default():
            default = model_field.default
        elif model_field.empty_strings_allowed and not model_field.is_relation:
            default = ""
    return Field(attribute=column.attribute, column_name=column.header, widget=column.widget, readonly=column.readonly, default=default)


class SheetResource(ModelResource, metaclass=SheetResourceMetaclass):
    """Declare `columns` and a Meta with `model` and `import_id_fields`; set `import_kind` for an audit row."""

    columns = ()
    import_kind = ""

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        instance_loader_class = SheetInstanceLoader

    def __init__(self, *, progress=None, keep_diffs=True, **kwargs):
        super().__init__(**kwargs)
        self.progress = progress
        self.keep_diffs = keep_diffs  # the admin preview shows them; nothing else reads them
        self.user = None  # who imports: set by import_data, for resources that limit rows to the user's area
        self._looked_up = set()
        self._seen_ids = {}
        self._sheet_rows = []
        self._total = 0
        self._dry_run = True
        self.import_record = None  # the audit row of a real (not dry-run) import, written first inside its transaction
        self._recording = None  # the token that ends the history rows' tagging
        self.stored_instance = None  # the row's instance as the database holds it, None for a new row

    @classmethod
    def get_result_class(cls):
        return SheetResult

    def get_diff_class(self):
        return PreviewDiff if self.keep_diffs and self._dry_run else NoDiff

    @classmethod
    def importable_columns(cls):
        return [column for column in cls.columns if not column.readonly]

    def sheet_row(self, number):
        """The row number in the file of the dataset's row `number` (1-based)."""
        if number and 0 < number <= len(self._sheet_rows):
            return self._sheet_rows[number - 1]
        return number + 1 if number else number

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):
        with in_sheet_language():
            return self._import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=use_transactions, collect_failed_rows=collect_failed_rows, **kwargs)

    def _import_data(self, dataset, dry_run, raise_errors, use_transactions, collect_failed_rows, **kwargs):
        match = match_headers(dataset.headers or [], self.importable_columns())
        errors = list(match.errors)
        if not errors and len(dataset) == 0:
            errors.append(NO_DATA_ROWS)
        warnings = match.warnings + _headerless_data_warnings(dataset, match)
        self._sheet_rows = list(getattr(dataset, "sheet_row_numbers", None) or range(2, len(dataset) + 2))
        self._seen_ids = {}
        self._total = len(dataset)
        self._dry_run = dry_run
        self.user = kwargs.get("user")
        if errors:
            if raise_errors:
                raise exceptions.ImportError(SheetHeaderError(" ".join(errors)))
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            for message in errors:
                result.append_base_error(self.get_error_result_class()(SheetHeaderError(message)))
            result.warnings = warnings
            return result
        dataset.headers = [name or (original or "") for name, original in zip(match.names, dataset.headers)]
        # Any invalid row rolls the whole file back: staff fix the file and load it again.
        self.import_record = None
        try:
            result = super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=use_transactions, collect_failed_rows=collect_failed_rows, rollback_on_validation_errors=True, **kwargs)
        finally:
            if self._recording is not None:
                stop_recording(self._recording)
                self._recording = None
        result.warnings = warnings
        self._number_rows_as_in_sheet(result)
        return result

    def _number_rows_as_in_sheet(self, result):
        for invalid in result.invalid_rows:
            invalid.number = self.sheet_row(invalid.number)
        for error_row in result.error_rows:
            error_row.number = self.sheet_row(error_row.number)
        for row in result.rows:
            for error in row.errors:
                error.number = self.sheet_row(error.number)

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        self.stored_instance = None if new else copy.copy(instance)
        return instance, new

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        self._looked_up = set()
        self._check_duplicate(row, kwargs.get("row_number"), errors)
        for field in self.get_import_fields():
            if field.readonly or field.column_name not in row:
                continue
            if field.attribute in self._required_attributes and is_empty(row[field.column_name]):
                # A field that cannot be empty keeps what is stored; a new row must fill it.
                if self.stored_instance is None:
                    errors[field.attribute] = ValidationError(self._required_message(), code="required")
                continue
            try:
                if isinstance(field.widget, ManyToManyWidget):
                    field.clean(row)  # checked now, saved once the instance has a primary key
                    continue
                self.import_field(field, instance, row, **kwargs)
                if isinstance(field.widget, RefCell) and getattr(instance, field.attribute) is not None:
                    self._looked_up.add(field.attribute)
            except ValueError as error:
                errors.setdefault(field.attribute, ValidationError(str(error), code="invalid"))
        if errors:
            raise ValidationError(errors)

    def _check_duplicate(self, row, row_number, errors):
        id_fields = [self.fields[name] for name in self.get_import_id_fields()]
        try:
            key = tuple(field.clean(row) for field in id_fields)
        except (KeyError, ValueError):
            return
        if not all(key) or row_number is None:
            return
        first = self._seen_ids.setdefault(key, row_number)
        if first != row_number:
            column = id_fields[0].column_name
            errors[id_fields[0].attribute] = ValidationError(f"与第{self.sheet_row(first)}行的{column}重复，同一{column}只能出现一次", code="duplicate")

    @cached_property
    def _required_attributes(self):
        """The columns, other than the row's key, whose model field cannot be left empty (on resources that clean the model)."""
        required = set()
        if not self._meta.clean_model_instances:
            return required
        for field in self.get_import_fields():
            if field.attribute in self.get_import_id_fields():
                continue
            try:
                model_field = self._meta.model._meta.get_field(field.attribute)
            except FieldDoesNotExist:
                continue
            if not model_field.blank and not model_field.many_to_many:
                required.add(field.attribute)
        return required

    def _required_message(self):
        return f"新增{self._meta.model._meta.verbose_name}时必填"

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # A new row is never "unchanged"; comparing it would read relations it does not have yet.
        if original is None or original.pk is None:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = {name: problems if isinstance(problems, list) else [problems] for name, problems in (import_validation_errors or {}).items()}
        if self._meta.clean_model_instances:
            # A related row the widget just found exists and passed its filters: no query per row to re-check it.
            exclude = set(errors) | self._looked_up
            try:
                instance.full_clean(exclude=exclude, validate_unique=validate_unique)
            except ValidationError as error:
                # Django's "cannot be blank", for a field the file leaves out, says what a blank cell says.
                found = {name: [ValidationError(self._required_message()) if problem.code in ("blank", "null") else problem for problem in problems] for name, problems in error.error_dict.items()}
                errors = ValidationError(found).update_error_dict(errors)
        if errors:
            raise ValidationError(self._by_column(errors))

    def _by_column(self, errors):
        """Key errors by the column header staff see; errors on fields outside the sheet name the field."""
        headers = {field.attribute: field.column_name for field in self.fields.values()}
        model_meta = self._meta.model._meta
        keyed = {}
        for key, messages in errors.items():
            messages = messages if isinstance(messages, list) else [messages]
            texts = [text for message in messages for text in ValidationError(message).messages]
            if key in headers:
                keyed.setdefault(headers[key], []).extend(texts)
            elif key == NON_FIELD_ERRORS:
                keyed.setdefault(NON_FIELD_ERRORS, []).extend(texts)
            else:
                try:
                    label = str(model_meta.get_field(key).verbose_name)
                except FieldDoesNotExist:
                    label = key
                keyed.setdefault(NON_FIELD_ERRORS, []).extend(f"{label}：{text}" for text in texts)
        order = {column.header: position for position, column in enumerate(self.columns)}
        return dict(sorted(keyed.items(), key=lambda item: order.get(item[0], len(order))))

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if not self._dry_run:
            lock_imports()
        if self.import_kind and not self._dry_run:
            # Inside the import's transaction: a failed file leaves no record, a good one tags its history rows.
            self.import_record = start_import_record(kind=self.import_kind, file_name=kwargs.get("file_name"), checksum=getattr(dataset, "sheet_checksum", ""), user=kwargs.get("user"))
            self._recording = start_recording(self.import_record)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if self._is_dry_run(kwargs):
            instance.skip_history_when_saving = True  # a preview is rolled back, and so would be its history rows
        elif self.import_record is not None and hasattr(instance, "source_id"):
            instance.source = self.import_record

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if self.progress is not None:
            self.progress(kwargs.get("row_number", 0), self._total)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.import_record is not None and not result.has_errors() and not result.has_validation_errors():
            totals = result.totals
            count_import_record(self.import_record, added=totals[RowResult.IMPORT_TYPE_NEW], updated=totals[RowResult.IMPORT_TYPE_UPDATE], skipped=totals[RowResult.IMPORT_TYPE_SKIP])

    def export(self, queryset=None, **kwargs):
        with in_sheet_language():
            dataset = super().export(queryset, **kwargs)
            dataset.title = str(self._meta.model._meta.verbose_name_plural)
        return dataset


def _headerless_data_warnings(dataset, match):
    warnings = []
    for index, (name, header) in enumerate(zip(match.names, dataset.headers or [])):
        if name is None and not str(header or "").strip() and row_has_content(dataset.get_col(index)):
            warnings.append(f"第{index + 1}列没有表头，其中的内容未导入")
    return warnings
