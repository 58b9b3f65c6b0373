"""月度指标分解: each target beside its actual, read through the monthly firm selectors and the project progress selectors.

Targets are 1–N月累计 through their month (增速 is the year-to-date growth); a month not yet reached has no actual.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from cultivation.monitoring.periods import is_future
from cultivation.monitoring.selectors import total_figures
from registry import dates
from registry.models import Enterprise
from registry.scope import user_is_scoped, visible_enterprises

from .lights import Lit, target_light
from .models import Indicator, IndicatorTarget, Project
from .selectors import investment_total

FIRM_FIGURES = ("ytd_output", "ytd_output_last_year", "reported_in_period")


def targets_in_scope(user, targets=None):
    """Targets of the user's area: a county officer's county and the zones in it; a zone officer's zone."""
    targets = IndicatorTarget.objects.all() if targets is None else targets
    if not user_is_scoped(user):
        return targets
    profile = getattr(user, "staff_profile", None)
    if profile is not None and profile.county_id:
        return targets.filter(Q(county_id=profile.county_id) | Q(zone__county_id=profile.county_id))
    if profile is not None and profile.zone_id:
        return targets.filter(zone_id=profile.zone_id)
    return targets.none()


@dataclass(frozen=True)
class BreakdownRow:
    target: IndicatorTarget
    actual: object  # Decimal, float (growth) or int (firms); None when not yet known
    lit: Lit


def area_firms(target, user):
    firms = visible_enterprises(user)
    return firms.filter(county_id=target.county_id) if target.county_id else firms.filter(zone_id=target.zone_id)


def actual_values(firms, period):
    """{indicator: actual} for these firms through `period` (1–N月累计)."""
    above_scale = firms.filter(is_above_scale=True)
    figures = total_figures(period, enterprises=Enterprise.objects.filter(pk__in=above_scale.values("pk")), names=FIRM_FIGURES)
    projects = Project.objects.filter(enterprise__in=firms.values("pk"))
    first = datetime.date(period.year, 1, 1)
    return {
        Indicator.OUTPUT: figures.get("ytd_output"),
        Indicator.OUTPUT_GROWTH: figures.get("ytd_output_growth"),
        Indicator.INVESTMENT: investment_total(projects, first, period),
        Indicator.RENOVATION: investment_total(projects, first, period, renovation=True),
        Indicator.ABOVE_SCALE_FIRMS: figures.get("reported_in_period", 0),
    }


def breakdown_rows(targets, user, *, today=None):
    """Each target with its actual and light; the actuals of one area and month are read once."""
    today = today or dates.today()
    actuals = {}
    rows = []
    for target in targets.select_related("county", "zone"):
        period = datetime.date(target.year, target.month, 1)
        if is_future(period, today):
            rows.append(BreakdownRow(target, None, Lit(None, ())))
            continue
        key = (target.county_id, target.zone_id, period)
        if key not in actuals:
            actuals[key] = actual_values(area_firms(target, user), period)
        actual = actuals[key][target.indicator]
        lit = target_light(
            actual, target.value, growth=target.indicator == Indicator.OUTPUT_GROWTH, red_below=settings.PROJECTS_TARGET_RED_BELOW,
            green_at_or_above=settings.PROJECTS_TARGET_GREEN_AT_OR_ABOVE, growth_yellow_points=settings.PROJECTS_GROWTH_YELLOW_POINTS,
        )
        rows.append(BreakdownRow(target, actual, lit))
    return rows
