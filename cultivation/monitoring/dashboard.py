"""What the monitoring dashboard shows for one period: every number comes from the figure selectors."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

from ..ladder.progress import target_progress
from ..models import MonthlySummary
from ..models.ladder import PoolStatus
from .breakdowns import one_statement, totals_and_breakdowns as totals_and_breakdowns_in_one
from .periods import Windows, period_label
from .selectors import firm_figures, grouped_figures, monthly_totals, summary_figures, total_figures

TOP_DECLINERS = 10
# Only what the page shows: each figure left out is a conditional sum less over a million rows.
BREAKDOWN_FIGURES = ("ytd_output", "ytd_output_last_year", "ytd_revenue", "ytd_revenue_last_year", "reported_in_period")
TOTAL_FIGURES = (*BREAKDOWN_FIGURES, "month_output", "month_output_last_year")
ONE_STATEMENT_FIGURES = (*TOTAL_FIGURES, "month_revenue", "month_revenue_last_year")
DECLINER_FIGURES = ("ytd_output", "ytd_output_last_year")
TREND_FIGURES = ("month_output", "month_output_last_year", "month_revenue", "month_revenue_last_year")
# Shown on the page in the user's language: translated when a dashboard is built, never at import.
UNASSIGNED = {"enterprise__zone__name": gettext_lazy("未划入功能区"), "enterprise__chains__name": gettext_lazy("未归入产业链")}
# Literal msgids, so that makemessages finds them (English: Jan ... Dec).
MONTHS = (
    gettext_lazy("1月"), gettext_lazy("2月"), gettext_lazy("3月"), gettext_lazy("4月"), gettext_lazy("5月"), gettext_lazy("6月"),
    gettext_lazy("7月"), gettext_lazy("8月"), gettext_lazy("9月"), gettext_lazy("10月"), gettext_lazy("11月"), gettext_lazy("12月"),
)

# Each breakdown: title, grouping fields (name field last), rows to group.
BREAKDOWNS = (
    ("county", gettext_lazy("按县（区）"), ("enterprise__county", "enterprise__county__name"), None),
    ("zone", gettext_lazy("按功能区"), ("enterprise__zone", "enterprise__zone__name"), None),
    ("tier", gettext_lazy("按培育层级（已认定）"), ("enterprise__pool_entries__tier__rank", "enterprise__pool_entries__tier__name"), Q(enterprise__pool_entries__status=PoolStatus.RECOGNISED)),
    ("chain", gettext_lazy("按产业链"), ("enterprise__chains__sort_order", "enterprise__chains__name"), None),
)


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    rows: list  # dicts with "name" and the figures


@dataclass(frozen=True)
class Dashboard:
    period: datetime.date
    totals: dict
    breakdowns: list
    trend: dict
    decliners: list

    @property
    def label(self):
        return period_label(self.period)

    def charts(self):
        """Plain numbers for the charts, passed to the page with json_script."""
        county = next(breakdown for breakdown in self.breakdowns if breakdown.key == "county")
        return {
            "trend": self.trend,
            "county": {
                "names": [row["name"] for row in county.rows],
                "this_year": [_number(row["ytd_output"]) for row in county.rows],
                "last_year": [_number(row["ytd_output_last_year"]) for row in county.rows],
            },
            "labels": {**trend_labels(self.period.year), "county": gettext("各县（区）累计工业总产值（万元）")},
        }


def year_label(year):
    return gettext("%(year)s年") % {"year": year}


def trend_labels(year):
    """The words of a trend chart (static/registry/charts.js) for `year` against the year before."""
    return {
        "this_year": year_label(year),
        "last_year": year_label(year - 1),
        "output": gettext("产值"),
        "revenue": gettext("营收"),
        "trend": gettext("月度工业总产值与营业收入（万元）"),
    }


def _number(value):
    return None if value is None else float(value)


def named(rows, group_by):
    for row in rows:
        row["name"] = row[group_by[-1]] or str(UNASSIGNED.get(group_by[-1], "—"))
    return rows


def breakdown(period, key, title, group_by, condition, *, enterprises=None):
    """One breakdown in its own query (the portable path; PostgreSQL reads them all in one, see breakdowns.py)."""
    reports = MonthlySummary.objects.filter(condition) if condition is not None else None
    rows = list(grouped_figures(period, group_by, enterprises=enterprises, reports=reports, names=BREAKDOWN_FIGURES))
    return Breakdown(key, str(title), named(rows, group_by))


def totals_and_breakdowns(period, *, enterprises=None, area=None):
    """(totals, breakdowns, trend): on PostgreSQL in one statement (reading the area totals when `area` is given), elsewhere a query for each."""
    if one_statement():
        totals, rows, months = totals_and_breakdowns_in_one(period, ONE_STATEMENT_FIGURES, breakdown_names=BREAKDOWN_FIGURES, trend_names=TREND_FIGURES, enterprises=enterprises, area=area)
        breakdowns = [Breakdown(key, str(title), named(rows[key], group_by)) for key, title, group_by, _ in BREAKDOWNS]
        return totals, breakdowns, trend(period, totals=month_totals(months))
    breakdowns = [breakdown(period, key, title, group_by, condition, enterprises=enterprises) for key, title, group_by, condition in BREAKDOWNS]
    return total_figures(period, enterprises=enterprises, names=TOTAL_FIGURES), breakdowns, trend(period, enterprises=enterprises)


def month_totals(months):
    """Period → output and revenue, from the summary's sums at each month of the year (which carry the same month a year before)."""
    totals = {}
    for period, row in months.items():
        totals[period] = {"output": row["month_output"], "revenue": row["month_revenue"]}
        totals[period.replace(year=period.year - 1)] = {"output": row["month_output_last_year"], "revenue": row["month_revenue_last_year"]}
    return totals


def trend(period, *, enterprises=None, totals=None):
    """Single-month output and revenue for January to `period`, against the same months last year.

    `totals` (period → output and revenue) when the caller read them already; otherwise the monthly reports are summed.
    """
    this_year = Windows(period).months_of_year
    last_year = [p.replace(year=p.year - 1) for p in this_year]
    if totals is None:
        # Only the months the chart shows: July to December of last year are not read.
        totals = {row["period"]: row for row in monthly_totals(last_year[0], period, enterprises=enterprises, periods=[*last_year, *this_year])}

    def series(periods, figure):
        return [_number(totals[p][figure]) if p in totals else None for p in periods]

    return {
        "months": [str(MONTHS[p.month - 1]) for p in this_year],
        "this_year": period.year,
        "last_year": period.year - 1,
        "output": series(this_year, "output"),
        "output_last_year": series(last_year, "output"),
        "revenue": series(this_year, "revenue"),
        "revenue_last_year": series(last_year, "revenue"),
    }


def ladder_progress(user, year, *, county=None, zone=None):
    """The chosen area's (or the clerk's own) target against its own count; unfiltered, the city's tiers that have a target or a firm."""
    rows = target_progress(user, year, county=county, zone=zone, city_only=True)
    city = [row for row in rows if row.scope_kind == "city"]
    return [row for row in city if row.target or row.achieved] if city else rows


def top_decliners(period, *, enterprises=None, limit=TOP_DECLINERS):
    """The firms whose year-to-date output fell most, with their figures, in one query."""
    # Chosen among the period's summary rows alone; only those firms are then read with their names.
    chosen = summary_figures(period, enterprises=enterprises, names=DECLINER_FIGURES).filter(ytd_output_growth__lt=0).order_by("ytd_output_growth", "enterprise_id")
    firms = firm_figures(period, enterprises=enterprises, names=DECLINER_FIGURES).filter(pk__in=chosen.values("enterprise_id")[:limit])
    return list(firms.select_related("county", "zone").order_by("ytd_output_growth", "pk"))


def dashboard(period, *, enterprises=None, area=None):
    """`area`: the same firms as `enterprises` as a condition on county and zone (see chosen_area), or None."""
    totals, breakdowns, chart = totals_and_breakdowns(period, enterprises=enterprises, area=area)
    return Dashboard(
        period=period,
        totals=totals,
        breakdowns=breakdowns,
        trend=chart,
        decliners=top_decliners(period, enterprises=enterprises),
    )
