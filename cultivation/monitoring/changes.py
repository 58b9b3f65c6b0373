"""What a monthly import would change, shown on its preview before anyone confirms: the figures it replaces (old → new),
and the figures that jump against the firm's last month or its same month last year by more than MONTHLY_JUMP_THRESHOLD."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.models import Enterprise
from registry.sheets.outcome import PreviewTable

from ..models import MonthlyReport
from .exports import money_text
from .periods import same_month_last_year, shift_months
from .selectors import reports_of_firms

ROWS_SHOWN = 200  # of each table; the rest are counted
LAST_MONTH, LAST_YEAR = _("上月"), _("去年同月")
BLANK = _("（空）")


@dataclass(frozen=True)
class Replaced:
    row: int
    firm_id: int
    period: object
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class Jump:
    row: int
    firm_id: int
    period: object
    field: str
    value: object
    basis: str  # LAST_MONTH or LAST_YEAR
    base: object
    change: float  # percent


def jump_percent(value, base, threshold):
    """The change from `base` to `value` in percent when it is beyond ±threshold; None otherwise, or when there is no base to compare with."""
    if value is None or base is None or base == 0:
        return None
    change = 100 * (float(value) - float(base)) / abs(float(base))
    return change if abs(change) > threshold else None


def same_figure(old, new):
    return Decimal(repr(new) if isinstance(new, float) else new) == Decimal(old)


def compared_periods(period):
    return ((LAST_MONTH, shift_months(period, -1)), (LAST_YEAR, same_month_last_year(period)))


def stored_figures(entries, fields):
    """(firm id, period) → the figures held for the file's months, the months before them and the same months last year: one query."""
    firms = {entry.firm_id for entry in entries}
    periods = {entry.period for entry in entries}
    wanted = periods | {period for entry_period in periods for _, period in compared_periods(entry_period)}
    rows = reports_of_firms(firms).filter(period__in=sorted(wanted)).values_list("enterprise_id", "period", *fields)
    return {(row[0], row[1]): row[2:] for row in rows.iterator(chunk_size=20000) if row[0] in firms}


class Found:
    """The first ROWS_SHOWN items of a kind, and how many there are: a 120,000-row file keeps no more in memory."""

    def __init__(self):
        self.shown, self.total = [], 0

    def add(self, make):
        self.total += 1
        if len(self.shown) < ROWS_SHOWN:
            self.shown.append(make())


def review(entries, fields, threshold):
    """(replaced figures, jumps), each a Found, of the entries (single months, in file order) against what is held and what the file itself holds."""
    stored = stored_figures(entries, fields)
    in_file = {(entry.firm_id, entry.period): entry.values for entry in entries}
    replaced, jumps = Found(), Found()
    for entry in entries:
        old = stored.get((entry.firm_id, entry.period))
        for index, name in enumerate(fields):
            new = entry.values[index]
            if old is not None and old[index] is not None and (new is None or not same_figure(old[index], new)):
                replaced.add(lambda: Replaced(entry.row, entry.firm_id, entry.period, name, old[index], new))
            for basis, period in compared_periods(entry.period):
                base_values = in_file.get((entry.firm_id, period)) or stored.get((entry.firm_id, period))
                base = base_values[index] if base_values else None
                change = jump_percent(new, base, threshold)
                if change is not None:
                    jumps.add(lambda: Jump(entry.row, entry.firm_id, entry.period, name, new, basis, base, change))
    return replaced, jumps


def figure_text(name, value):
    if value is None:
        return BLANK
    return f"{int(value):,}" if name == "employees" else money_text(value)


def field_label(name):
    return MonthlyReport._meta.get_field(name).verbose_name


# Worded when the page is drawn, in its language (the import itself runs in Chinese).
jump_note = lazy(lambda count, threshold: gettext("%(count)s 个数值与上月或去年同月相比变动超过 %(threshold)s，请核实后再确认导入。") % {"count": count, "threshold": threshold}, str)
replaced_note = lazy(lambda count: gettext("确认后将替换 %(count)s 个已有数值。") % {"count": count}, str)


def preview_tables(entries, fields, period_label, threshold=None):
    """The preview's tables of replaced figures and of jumps; `period_label` names a month on the page."""
    threshold = settings.MONTHLY_JUMP_THRESHOLD if threshold is None else threshold
    replaced, jumps = review(entries, fields, threshold)
    names = dict(Enterprise.objects.filter(pk__in={item.firm_id for item in [*replaced.shown, *jumps.shown]}).values_list("pk", "name"))
    tables = []
    if replaced.total:
        tables.append(PreviewTable(
            key="import-replaced",
            title=_("将被替换的数据（原值 → 新值）"),
            note=replaced_note(replaced.total),
            headers=[_("行号"), _("企业"), _("统计期"), _("指标"), _("原值 → 新值")],
            rows=[[item.row, names.get(item.firm_id, ""), period_label(item.period), field_label(item.field), f"{figure_text(item.field, item.old)} → {figure_text(item.field, item.new)}"] for item in replaced.shown],
            total=replaced.total,
        ))
    if jumps.total:
        tables.append(PreviewTable(
            key="import-jumps",
            title=_("波动较大的数据（请核实）"),
            note=jump_note(jumps.total, f"±{threshold:g}%"),
            headers=[_("行号"), _("企业"), _("统计期"), _("指标"), _("本次数值"), _("比较"), _("比较数值"), _("变动")],
            rows=[
                [item.row, names.get(item.firm_id, ""), period_label(item.period), field_label(item.field), figure_text(item.field, item.value), item.basis, figure_text(item.field, item.base), f"{item.change:+.1f}%"]
                for item in jumps.shown
            ],
            total=jumps.total,
            warning=True,
        ))
    return tables
