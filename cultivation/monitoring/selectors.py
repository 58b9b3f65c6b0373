"""Derived monthly figures, computed in the database: one definition feeds the watch lists, dashboard and admin.

Every selector takes `enterprises` (default: all firms) so that a scoping layer can pass a
county-restricted queryset; the figures are read from the monthly summary (summary.py), which stores
each firm's figures at each period as figures.py defines them.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, DecimalField, ExpressionWrapper, F, FilteredRelation, Max, Min, Q, Sum, Value, When
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, IsNull, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from registry.models import Enterprise, IndustryChain, Region, Zone
from registry.scope import user_is_scoped, visible_enterprises

from ..models import MonthlyReport, MonthlySummary
from .figures import ALL_FIGURES, COUNTED_FIGURES, SUMMED_FIGURES, stored
from .growth import growth_percent
from .periods import months_from

# Growth name → (current, same period last year), both names from SUMMED_FIGURES.
GROWTH_FIGURES = {
    "month_output_growth": ("month_output", "month_output_last_year"),
    "month_revenue_growth": ("month_revenue", "month_revenue_last_year"),
    "ytd_output_growth": ("ytd_output", "ytd_output_last_year"),
    "ytd_revenue_growth": ("ytd_revenue", "ytd_revenue_last_year"),
    "ytd_main_business_revenue_growth": ("ytd_main_business_revenue", "ytd_main_business_revenue_last_year"),
}

WAN_YUAN = DecimalField(max_digits=18, decimal_places=4)


class Light(models.TextChoices):
    RED = "red", _("红灯")
    YELLOW = "yellow", _("黄灯")
    GREEN = "green", _("绿灯")


def light(current, previous):
    """Traffic light on year-on-year change, compared by multiplication so that exactly −10 % is exact."""
    red_ratio = Value(Decimal(100) + Decimal(str(settings.MONITORING_RED_AT_OR_BELOW)), output_field=WAN_YUAN)
    green_ratio = Value(Decimal(100) + Decimal(str(settings.MONITORING_GREEN_AT_OR_ABOVE)), output_field=WAN_YUAN)
    scaled = ExpressionWrapper(F(current) * Value(Decimal(100), output_field=WAN_YUAN), output_field=WAN_YUAN)
    comparable = GreaterThan(F(previous), 0) & IsNull(F(current), False)
    return Case(
        When(comparable & LessThanOrEqual(scaled, F(previous) * red_ratio), then=Value(Light.RED)),
        When(comparable & GreaterThanOrEqual(scaled, F(previous) * green_ratio), then=Value(Light.GREEN)),
        When(comparable, then=Value(Light.YELLOW)),
        default=None,
        output_field=models.CharField(max_length=6),
    )


def with_growth(queryset, names=ALL_FIGURES):
    """Adds the growth figures (and the output traffic light) whose two sums are among `names`."""
    growth = {name: growth_percent(current, previous) for name, (current, previous) in GROWTH_FIGURES.items() if current in names and previous in names}
    if "ytd_output" in names and "ytd_output_last_year" in names:
        growth["output_light"] = light("ytd_output", "ytd_output_last_year")
    return queryset.annotate(**growth)


def _scoped(enterprises):
    return Enterprise.objects.all() if enterprises is None else Enterprise.objects.filter(pk__in=enterprises.values("pk"))


def _reports_of(enterprises, reports=None):
    """Monthly reports (all, or `reports`) of the firms in scope; None means every firm."""
    reports = MonthlyReport.objects.all() if reports is None else reports
    return reports if enterprises is None else reports.filter(enterprise__in=enterprises.values("pk"))


def _firm_figure(name):
    value = F(f"summary__{stored(name)}")
    # A firm without a summary row at the period filed nothing in any window.
    return Coalesce(value, 0) if name in COUNTED_FIGURES else value


def firm_figures(period, *, enterprises=None, names=ALL_FIGURES):
    """Each firm with its derived figures for `period` (all, or `names`), read from the monthly summary; firms without reports keep empty figures."""
    firms = _scoped(enterprises).annotate(summary=FilteredRelation("monthly_summaries", condition=Q(monthly_summaries__period=period)))
    return with_growth(firms.annotate(**{name: _firm_figure(name) for name in names}), names)


def summary_figures(period, *, enterprises=None, names=ALL_FIGURES):
    """The summary rows of `period` (firms with reports in its windows) with the named figures and their growth: for choosing firms without reading every firm."""
    rows = _reports_of(enterprises, MonthlySummary.objects.all()).filter(period=period)
    return with_growth(rows.annotate(**{name: F(stored(name)) for name in names}), names)


def _group_figure(name):
    if name in SUMMED_FIGURES:
        return Sum(stored(name), output_field=WAN_YUAN)
    return Sum(stored(name)) if name in COUNTED_FIGURES else Max(stored(name))


def grouped_figures(period, group_by, *, enterprises=None, reports=None, names=ALL_FIGURES):
    """The same figures summed per group (e.g. "enterprise__county"), one row per group value, from the monthly summary.

    `reports` narrows the summary rows (a MonthlySummary queryset). Firms are counted as reports in the
    period (one per firm and month).
    """
    rows = _reports_of(enterprises, MonthlySummary.objects.all() if reports is None else reports).filter(period=period)
    if not group_by:
        # A constant as the only group gives one row over everything.
        rows, group_by = rows.annotate(everything=Value(1)), ("everything",)
    rows = rows.values(*group_by).annotate(**{name: _group_figure(name) for name in names})
    return with_growth(rows, names).order_by(*group_by)


def total_figures(period, *, enterprises=None, names=ALL_FIGURES):
    """The same figures over every firm in scope, as one dict."""
    rows = list(grouped_figures(period, (), enterprises=enterprises, names=names))
    return rows[0] if rows else {}


def monthly_totals(start, end, *, enterprises=None, periods=None):
    """Single-month output and revenue summed per period (from `start` to `end`, or only `periods`), oldest first."""
    reports = _reports_of(enterprises).filter(period__in=periods) if periods is not None else _reports_of(enterprises).filter(period__range=(start, end))
    return reports.values("period").annotate(output=Sum("output_value"), revenue=Sum("revenue"), firms=Count("enterprise")).order_by("period")


def latest_report(enterprise):
    """The firm's most recent monthly report, or None."""
    return MonthlyReport.objects.filter(enterprise=enterprise).order_by("-period").first()


def latest_period(*, enterprises=None):
    return _reports_of(enterprises).aggregate(latest=Max("period"))["latest"]


def period_choices(*, enterprises=None):
    """Every month from the first to the latest report, newest first (for period pickers)."""
    bounds = _reports_of(enterprises).aggregate(first=Min("period"), last=Max("period"))
    return _newest_first(bounds["first"], bounds["last"])


def _newest_first(first, last):
    return months_from(first, last)[::-1] if last is not None else []


def filter_options(*, enterprises=None):
    """The monitoring filter bar's options in one query: the months from the first to the latest report (newest
    first), and (id, name) of every county, zone and chain in their usual order."""
    text = models.CharField()
    extent = _reports_of(enterprises).order_by().annotate(kind=Value("period")).values("kind").annotate(key=Cast(Min("period"), text), label=Cast(Max("period"), text), sort=Value(0), code=Value(""))
    lists = [
        Region.objects.filter(level=Region.Level.COUNTY).annotate(kind=Value("county"), key=F("code"), sort=Value(0)),
        Zone.objects.annotate(kind=Value("zone"), key=Cast("pk", text), sort=F("sort_order")),
        IndustryChain.objects.annotate(kind=Value("chain"), key=Cast("pk", text), sort=F("sort_order")),
    ]
    rows = extent.union(*(rows.order_by().annotate(label=F("name")).values("kind", "key", "label", "sort", "code") for rows in lists), all=True).order_by("kind", "sort", "code")
    options = {"period": [], "county": [], "zone": [], "chain": []}
    for row in rows:
        if row["kind"] == "period":
            options["period"] = _newest_first(*(datetime.date.fromisoformat(row[edge]) if row[edge] else None for edge in ("key", "label")))
        else:
            options[row["kind"]].append((row["key"], row["label"]))
    return options


def firms_in_scope(user):
    """The user's firms for the selectors; None (every firm) for city-wide staff keeps the queries free of a subquery."""
    return visible_enterprises(user) if user_is_scoped(user) else None


FIRMS_LISTED_IN_QUERY = 5000  # a smaller file names its firms in the query; a larger one reads the periods whole


def reports_of_firms(firm_ids):
    """The reports of an import's firms: named in the query when they are few; else every report, and the caller keeps its own firms."""
    reports = MonthlyReport.objects.all()
    return reports.filter(enterprise_id__in=sorted(firm_ids)) if len(firm_ids) <= FIRMS_LISTED_IN_QUERY else reports
