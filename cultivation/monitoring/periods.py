"""Period arithmetic for monthly statistics; a period is the first day of its month. No ORM here."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format


def month_start(day):
    return datetime.date(day.year, day.month, 1)


def shift_months(period, months):
    index = period.year * 12 + period.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def same_month_last_year(period):
    return datetime.date(period.year - 1, period.month, 1)


def months_from(start, end):
    """Every period from start to end inclusive, oldest first."""
    periods = []
    current = month_start(start)
    while current <= end:
        periods.append(current)
        current = shift_months(current, 1)
    return periods


def is_future(period, today):
    return period > month_start(today)


def period_label(period):
    """"2024年3月" in Chinese, "March 2024" in English: the locale's year-month format."""
    return date_format(period, "YEAR_MONTH_FORMAT")


@dataclass(frozen=True)
class Windows:
    """The date ranges (inclusive) that the derived figures of one period sum over."""

    period: datetime.date

    @property
    def month_last_year(self):
        return same_month_last_year(self.period)

    @property
    def year_to_date(self):
        return datetime.date(self.period.year, 1, 1), self.period

    @property
    def year_to_date_last_year(self):
        return datetime.date(self.period.year - 1, 1, 1), self.month_last_year

    @property
    def trailing_12(self):
        return shift_months(self.period, -11), self.period

    @property
    def before_period(self):
        """The twelve months just before the period: who was expected to report."""
        return shift_months(self.period, -12), shift_months(self.period, -1)

    @property
    def months_of_year(self):
        return months_from(self.year_to_date[0], self.period)
