"""Reads of projects and their progress: the derived figures (cumulative investment, 亿元以上) and the lights, one definition each.

Every selector takes the projects or firms in the user's scope, so the lists, exports, dashboard and breakdown agree.
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.db.models import BooleanField, Case, DecimalField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from cultivation.monitoring.growth import growth_of
from registry import dates
from registry.scope import enterprise_scope

from .lights import GREEN, RED, YELLOW, ScheduleFacts, investment_light, overall, schedule_light
from .models import IS_MAJOR, IS_RENOVATION, Project, ProjectProgress

WAN_YUAN = DecimalField(max_digits=16, decimal_places=2)
LIGHT_ORDER = (RED, YELLOW, GREEN)


def projects_in_scope(user, queryset=None):
    queryset = Project.objects.all() if queryset is None else queryset
    return queryset.filter(enterprise_scope(user, "enterprise__"))


def year_start(day):
    return datetime.date(day.year, 1, 1)


def with_investment(projects, *, today=None):
    """Projects with `ytd_investment` (this year, through today's month), `cumulative_investment` (since the start) and `is_major_project`."""
    today = today or dates.today()
    this_year = Q(progress__period__range=(year_start(today), today))
    return projects.annotate(
        ytd_investment=Sum("progress__investment", filter=this_year, output_field=WAN_YUAN),
        cumulative_investment=Sum("progress__investment", filter=Q(progress__period__lte=today), output_field=WAN_YUAN),
        is_major_project=Case(When(IS_MAJOR, then=Value(True)), default=Value(False), output_field=BooleanField()),
    )


def major_projects(projects):
    return projects.filter(IS_MAJOR)


def renovation_projects(projects):
    return projects.filter(IS_RENOVATION)


def completion_projects(projects, year):
    """竣工投产清单: projects planned to complete or to start production in `year`, or that did so."""
    dated = Q(planned_completion__year=year) | Q(planned_production__year=year) | Q(actual_completion__year=year) | Q(actual_production__year=year)
    return projects.filter(dated)


def progress_with_year_to_date(progress):
    """Each progress row with `year_to_date`: 1–N月累计 of its project through its month, whatever the list shows."""
    same_year = ProjectProgress.objects.filter(project=OuterRef("project"), period__lte=OuterRef("period"), period__year=OuterRef("period__year"))
    total = same_year.order_by().values("project").annotate(total=Sum("investment")).values("total")
    return progress.annotate(year_to_date=Subquery(total, output_field=WAN_YUAN))


def this_years_plan(project, *, today=None):
    """The project's planned investment if it is this year's; a plan for another year is not this year's."""
    return project.plan_investment if project.plan_year == (today or dates.today()).year else None


def project_lights(project, *, today=None):
    """(schedule, investment, overall) lights of an annotated project (with_investment); this year's plan only counts in its year."""
    today = today or dates.today()
    schedule = schedule_light(ScheduleFacts(project.status, project.planned_start, project.planned_completion, project.planned_production), today, warning_days=settings.PROJECTS_SCHEDULE_WARNING_DAYS)
    investment = investment_light(
        project.ytd_investment, this_years_plan(project, today=today), today.month - 1,
        red_below=settings.PROJECTS_INVESTMENT_RED_BELOW, green_at_or_above=settings.PROJECTS_INVESTMENT_GREEN_AT_OR_ABOVE,
    )
    return schedule, investment, overall(schedule, investment)


LIGHT_FIELDS = ("pk", "status", "planned_start", "planned_completion", "planned_production", "plan_year", "plan_investment")


class _Facts:
    """A values() row standing in for a project, for project_lights."""

    def __init__(self, row):
        self.__dict__.update(row)


def _lit_rows(projects, *, today=None, also=(), sums=None):
    """(values row, overall light) of every project given, with the fields `also` names and the `sums` of its progress: one query."""
    today = today or dates.today()
    # Summed afresh over the projects' ids: the list's queryset may already carry these sums.
    rows = with_investment(Project.objects.filter(pk__in=projects.order_by().values("pk")), today=today).annotate(**(sums or {}))
    rows = rows.values(*LIGHT_FIELDS, "ytd_investment", *also, *(sums or {}))
    return [(row, project_lights(_Facts(row), today=today)[2].light) for row in rows]


def light_by_project(projects, *, today=None):
    """{project id: overall light} for every project given: one query."""
    return {row["pk"]: light for row, light in _lit_rows(projects, today=today)}


def projects_lit(projects, light, *, today=None):
    """The projects whose overall light is `light`."""
    lights = light_by_project(projects, today=today)
    return projects.filter(pk__in=[pk for pk, lit in lights.items() if lit == light])


def investment_total(projects, first, last, *, renovation=False):
    """Investment completed in the months first..last by these projects (技改 only with `renovation`)."""
    progress = ProjectProgress.objects.filter(project__in=projects.values("pk"), period__range=(first, last))
    if renovation:
        progress = progress.filter(project__kind__is_renovation=True)
    return progress.aggregate(total=Coalesce(Sum("investment"), Value(Decimal(0)), output_field=WAN_YUAN))["total"]


def projects_of_firm(enterprise, *, today=None):
    """A firm's projects with their figures and overall light, for the firm's page."""
    projects = with_investment(Project.objects.filter(enterprise=enterprise).select_related("kind"), today=today).order_by("-planned_completion", "code")
    return [(project, project_lights(project, today=today)[2]) for project in projects]


def dashboard_figures(period, enterprises, *, today=None):
    """The dashboard panel, in one query: 工业投资 and 技改投资 year to date through `period` against the same months last
    year, each (this year, last year, growth in % or None); and the project lights by the firm's county."""
    projects = Project.objects.all() if enterprises is None else Project.objects.filter(enterprise__in=enterprises.values("pk"))
    last_period = datetime.date(period.year - 1, period.month, 1)
    windows = {"this_year": (year_start(period), period), "last_year": (year_start(last_period), last_period)}
    sums = {f"panel_{when}": Sum("progress__investment", filter=Q(progress__period__range=window), output_field=WAN_YUAN) for when, window in windows.items()}
    totals = {kind: dict.fromkeys(windows, Decimal(0)) for kind in ("investment", "renovation")}
    counts = {}
    for row, light in _lit_rows(projects, today=today, also=("enterprise__county__name", "kind__is_renovation"), sums=sums):
        counts.setdefault(row["enterprise__county__name"], Counter())[light] += 1
        for kind in ("investment", "renovation") if row["kind__is_renovation"] else ("investment",):
            for when in windows:
                totals[kind][when] += row[f"panel_{when}"] or 0
    figures = {kind: (total["this_year"], total["last_year"], growth_of(total["this_year"], total["last_year"])) for kind, total in totals.items()}
    return {**figures, "lights": [(area, {light: counts[area][light] for light in LIGHT_ORDER}) for area in sorted(counts)]}
