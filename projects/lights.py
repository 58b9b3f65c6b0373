"""Project lights (亮灯): pure functions of a project's dates, status and figures, each with its reasons in words.

No ORM here; thresholds come in as arguments (the callers pass the settings), so the boundaries are tested directly.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

RED, YELLOW, GREEN = "red", "yellow", "green"
SEVERITY = {GREEN: 0, YELLOW: 1, RED: 2}

# Status codes (models.ProjectStatus), repeated as plain strings so this module stays free of the ORM.
PLANNING, PREPARING, BUILDING, COMPLETED, PRODUCING, SUSPENDED = "planning", "preparing", "building", "completed", "producing", "suspended"
STARTED = {BUILDING, COMPLETED, PRODUCING}
FINISHED = {COMPLETED, PRODUCING}


@dataclass(frozen=True)
class Lit:
    """A light and why: the reasons that set its colour (a green light may say why it is green)."""

    light: str | None  # None when there is nothing to judge (no plan for the year)
    reasons: tuple = field(default_factory=tuple)

    @property
    def text(self):
        return "；".join(self.reasons)


@dataclass(frozen=True)
class ScheduleFacts:
    status: str
    planned_start: datetime.date | None = None
    planned_completion: datetime.date | None = None
    planned_production: datetime.date | None = None


def schedule_light(facts, today, *, warning_days):
    """Red when a planned date has passed without the step; yellow within `warning_days` before it (the day itself included)."""
    if facts.status == PRODUCING:
        return Lit(GREEN, (gettext("已投产"),))
    if facts.status == SUSPENDED:
        return Lit(RED, (gettext("项目停缓建"),))
    steps = (
        (facts.planned_start, STARTED, gettext("计划开工日期")),
        (facts.planned_completion, FINISHED, gettext("计划竣工日期")),
        (facts.planned_production, {PRODUCING}, gettext("计划投产日期")),
    )
    red, yellow = [], []
    for planned, reached, label in steps:
        if planned is None or facts.status in reached:
            continue
        if planned < today:
            red.append(gettext("%(label)s %(date)s 已过，尚未完成（逾期 %(days)s 天）") % {"label": label, "date": planned.isoformat(), "days": (today - planned).days})
        elif (planned - today).days <= warning_days:
            yellow.append(gettext("%(label)s %(date)s 临近（还有 %(days)s 天）") % {"label": label, "date": planned.isoformat(), "days": (planned - today).days})
    if red:
        return Lit(RED, tuple(red))
    if yellow:
        return Lit(YELLOW, tuple(yellow))
    return Lit(GREEN, (gettext("进度正常"),))


def due_share(plan, months_elapsed):
    """The part of a year's plan due after `months_elapsed` whole months: evenly spread over twelve."""
    return plan * Decimal(months_elapsed) / Decimal(12)


def investment_light(ytd_investment, plan, months_elapsed, *, red_below, green_at_or_above):
    """YTD investment against the share of this year's plan due after `months_elapsed` months, in percent."""
    if plan is None or plan <= 0:
        return Lit(None, (gettext("无本年计划投资"),))
    done = ytd_investment or Decimal(0)
    if months_elapsed <= 0:
        return Lit(GREEN, (gettext("本年尚无应完成投资"),))
    due = due_share(plan, months_elapsed)
    percent = done * Decimal(100) / due
    reason = gettext("1-%(month)s月完成投资 %(done)s 万元，为应完成 %(due)s 万元的 %(percent)s%%") % {"month": months_elapsed, "done": f"{done:,.2f}", "due": f"{due:,.2f}", "percent": f"{percent:.1f}"}
    if percent < Decimal(str(red_below)):
        return Lit(RED, (reason,))
    if percent >= Decimal(str(green_at_or_above)):
        return Lit(GREEN, (reason,))
    return Lit(YELLOW, (reason,))


def overall(*lits):
    """The worst of the lights given; the reasons of every light of that colour."""
    judged = [lit for lit in lits if lit.light is not None]
    if not judged:
        return Lit(None, ())
    worst = max(judged, key=lambda lit: SEVERITY[lit.light]).light
    return Lit(worst, tuple(reason for lit in judged if lit.light == worst for reason in lit.reasons))


def target_light(actual, target, *, growth, red_below, green_at_or_above, growth_yellow_points):
    """An indicator against its target: an amount as a percentage of the target; a growth rate by the points it falls short."""
    if actual is None or target is None:
        return Lit(None, ())
    actual, target = Decimal(str(actual)), Decimal(str(target))
    if growth:
        reason = gettext("实际 %(actual)s%%，目标 %(target)s%%") % {"actual": f"{actual:.1f}", "target": f"{target:.1f}"}
        if actual >= target:
            return Lit(GREEN, (reason,))
        return Lit(YELLOW if target - actual <= Decimal(str(growth_yellow_points)) else RED, (reason,))
    if target <= 0:
        return Lit(GREEN if actual >= target else RED, ())
    percent = actual * Decimal(100) / target
    reason = gettext("完成目标的 %(percent)s%%") % {"percent": f"{percent:.1f}"}
    if percent < Decimal(str(red_below)):
        return Lit(RED, (reason,))
    if percent >= Decimal(str(green_at_or_above)):
        return Lit(GREEN, (reason,))
    return Lit(YELLOW, (reason,))
