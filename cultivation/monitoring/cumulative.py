"""Turning 1–N月累计 (year-to-date) figures into single months; pure functions, no ORM."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(slots=True)
class Entry:
    """One parsed file row: the firm's id, the period and the figures in the file's column order."""

    row: int
    firm_id: int
    period: datetime.date
    values: list
    bad: bool = False  # the row already has an error: it cannot serve as the base of a later month
    errors: list = field(default_factory=list)  # (column index or None for the period, reason)


def _plus(base, single):
    return [None if b is None or s is None else b + s for b, s in zip(base, single)]


def convert_to_single_months(entries, held, cumulative, non_negative):
    """Replace each entry's year-to-date figures by the single month, in place.

    `held` maps (firm_id, period) to single-month figures already in the registry (same column order);
    `cumulative[i]` says whether column i is summed over the year (employees are not); `non_negative[i]`
    whether a negative single month is an error. The previous month's year-to-date figure comes from an
    earlier row of the same file when there is one, otherwise from the months held.
    """
    groups = defaultdict(list)
    for entry in entries:
        groups[entry.firm_id, entry.period.year].append(entry)
    for (firm_id, year), group in groups.items():
        group.sort(key=lambda entry: entry.period)
        base_month, base = 0, [0] * len(cumulative)  # year-to-date through base_month; None when unknown
        for entry in group:
            month = entry.period.month
            year_to_date = list(entry.values)
            if base is not None:
                base = _fill_gap(entry, held, firm_id, year, base_month, base)
            if base is not None and not entry.bad:
                _subtract(entry, base, cumulative, non_negative, year, month)
            # The file's own year-to-date figures are the base of the next month, even when this month failed.
            base_month, base = month, (None if entry.bad else year_to_date)


def _fill_gap(entry, held, firm_id, year, base_month, base):
    month = entry.period.month
    for gap in range(base_month + 1, month):
        single = held.get((firm_id, datetime.date(year, gap, 1)))
        if single is None:
            entry.errors.append((None, f"缺少{year}年{gap}月的当月数据，无法由1-{month}月累计数换算{month}月当月数"))
            return None
        base = _plus(base, single)
    return base


def _subtract(entry, base, cumulative, non_negative, year, month):
    for index, value in enumerate(entry.values):
        if value is None or not cumulative[index]:
            continue
        previous = base[index]
        if previous is None:
            entry.errors.append((index, f"{year}年1-{month - 1}月该项没有数据，无法由累计数换算{month}月当月数"))
            continue
        single = value - previous
        if single < 0 and non_negative[index]:
            entry.errors.append((index, f"换算后{month}月当月数为负数（1-{month}月累计{value}，1-{month - 1}月累计{previous}）"))
            continue
        entry.values[index] = single
