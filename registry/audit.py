"""Ties history rows to the import that wrote them: while an import runs, every historical record it
creates carries the import record's tag as its change reason, so the record lists its row changes."""

from contextvars import ContextVar

from django.apps import apps
from django.utils.translation import gettext, pgettext_lazy

from .declarations import declared

_current_import = ContextVar("current_import", default=None)

HISTORY_TYPES = {"+": pgettext_lazy("history", "新增"), "~": pgettext_lazy("history", "修改"), "-": pgettext_lazy("history", "删除")}


def start_recording(record):
    """From now on history rows name `record`; returns the token for stop_recording."""
    return _current_import.set(record)


def stop_recording(token):
    _current_import.reset(token)


def stamp_import(sender, history_instance, **kwargs):
    """pre_create_historical_record receiver: name the running import as the reason for the change."""
    record = _current_import.get()
    if record is not None and not history_instance.history_change_reason:
        history_instance.history_change_reason = record.change_reason


def audited_models():
    """The models whose history an import writes, as each installed app declares them (`audited_models` on its AppConfig)."""
    return [apps.get_model(label) for label in declared("audited_models")]


def import_changes(record, limit=100):
    """The history rows an import wrote: [(model name, [historical record…], count)], each row with
    `type_label` and `field_changes` ("字段：旧 → 新") against the row before it."""
    changes = []
    for model in audited_models():
        rows = model.history.filter(history_change_reason=record.change_reason).order_by("history_id")
        count = rows.count()
        if not count:
            continue
        shown = list(rows[:limit])
        for row in shown:
            row.type_label = HISTORY_TYPES.get(row.history_type, row.history_type)
            row.field_changes = field_changes(model, row) if row.history_type == "~" else []
        changes.append((model._meta.verbose_name, shown, count))
    return changes


def field_changes(model, row):
    previous = row.prev_record
    if previous is None:
        return []
    empty = gettext("空")
    return [gettext("%(field)s：%(old)s → %(new)s") % {"field": model._meta.get_field(change.field).verbose_name, "old": change.old or empty, "new": change.new or empty} for change in row.diff_against(previous).changes]
