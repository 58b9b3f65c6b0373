"""The figures and lists of 助企服务, defined once: the dashboard panel, the figures page, the to-dos and the exports read them here."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils.translation import gettext, gettext_lazy as _

from cultivation.models import PoolEntry, Tier
from cultivation.models.ladder import OPEN_STATUSES as OPEN_POOL_STATUSES
from registry import dates
from registry.models import display_name

from .models import OPEN_PROBLEM_STATUSES, Problem, ProblemStatus as S, ServiceRecord, VisitInterval
from .scope import assistance_scope, served_firms

RATE_DEFINITION = _("化解率 = 已化解 ÷（已收集 − 企业撤回）")
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class ProblemFigures:
    collected: int  # every problem recorded, in any status
    withdrawn: int
    resolved: int  # 已化解 now: a reopened problem counts again only once resolved again
    unresolvable: int
    open: int
    overdue: int
    average_days: Decimal | None  # from raised to resolved, over the resolved problems

    @property
    def rate(self):
        """化解率 in percent, one decimal; None when nothing counts."""
        counted = self.collected - self.withdrawn
        if counted <= 0:
            return None
        return (Decimal(100 * self.resolved) / counted).quantize(ONE_DECIMAL, ROUND_HALF_UP)


FIGURE_FIELDS = ("status", "raised_on", "resolved_on", "due_on")


def figures_of(rows, today):
    """ProblemFigures of rows holding FIGURE_FIELDS: the one definition of every count and rate."""
    counts = {status: 0 for status in S.values}
    overdue, days = 0, []
    for row in rows:
        counts[row["status"]] += 1
        if row["status"] in OPEN_PROBLEM_STATUSES and row["due_on"] is not None and row["due_on"] < today:
            overdue += 1
        if row["status"] == S.RESOLVED and row["resolved_on"] is not None:
            days.append((row["resolved_on"] - row["raised_on"]).days)
    average = (Decimal(sum(days)) / len(days)).quantize(ONE_DECIMAL, ROUND_HALF_UP) if days else None
    return ProblemFigures(
        collected=sum(counts.values()), withdrawn=counts[S.WITHDRAWN], resolved=counts[S.RESOLVED], unresolvable=counts[S.UNRESOLVABLE],
        open=sum(counts[status] for status in OPEN_PROBLEM_STATUSES), overdue=overdue, average_days=average,
    )


def problem_figures(problems, *, today=None):
    """The headline figures of a set of problems."""
    return figures_of(problems.values(*FIGURE_FIELDS), today or dates.today())


# Grouping → (the fields naming a group, how a group is shown, the label of rows without one).
GROUPINGS = {
    "county": (("enterprise__county_id", "enterprise__county__name"), lambda row: row["enterprise__county__name"], _("县（区）")),
    "zone": (("enterprise__zone__sort_order", "enterprise__zone__name"), lambda row: row["enterprise__zone__name"] or gettext("（不属于功能区）"), _("功能区")),
    "unit": (("unit__sort_order", "unit__name"), lambda row: row["unit__name"] or gettext("（未交办）"), _("交办单位")),
    "category": (("category__sort_order", "category__name"), lambda row: row["category__name"], _("问题类别")),
    "officer": (("officer__last_name", "officer__first_name", "officer__username"), lambda row: officer_label(row), _("责任人")),
    "month": (("raised_on__year", "raised_on__month"), lambda row: f"{row['raised_on__year']}-{row['raised_on__month']:02d}", _("提出月份")),
}


def officer_label(row):
    if row["officer__username"] is None:
        return gettext("（未指定）")
    return f"{row['officer__last_name']}{row['officer__first_name']}".strip() or row["officer__username"]


def problem_figures_by(problems, grouping, *, today=None):
    """[(group label, ProblemFigures)] in the grouping's order (county code, unit order, month…)."""
    keys, label, _title = GROUPINGS[grouping]
    today = today or dates.today()
    groups = {}
    for row in problems.values(*FIGURE_FIELDS, *keys):
        groups.setdefault(tuple(row[key] for key in keys), (label(row), []))[1].append(row)
    ordered = sorted(groups.items(), key=lambda item: tuple((value is None, value if value is not None else 0) for value in item[0]))
    return [(name, figures_of(rows, today)) for _key, (name, rows) in ordered]


def grouping_title(grouping):
    return GROUPINGS[grouping][2]


def visible_problems(user, queryset=None):
    queryset = Problem.objects.all() if queryset is None else queryset
    return queryset.filter(assistance_scope(user))


def visible_service_records(user, queryset=None):
    queryset = ServiceRecord.objects.all() if queryset is None else queryset
    return queryset.filter(assistance_scope(user))


def overdue_problems(problems, *, today=None):
    """Open problems past their due date, the longest overdue first."""
    today = today or dates.today()
    return problems.filter(status__in=OPEN_PROBLEM_STATUSES, due_on__lt=today).select_related("enterprise__county", "category", "unit", "officer").order_by("due_on", "pk")


def months_before(day, months):
    """The same day `months` earlier, or the month's last day when it has none (31 August − 6 months: 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    month_end = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, month_end))


def visit_months():
    """{tier id: N}: a pool firm of the tier must be served at least every N months (VisitInterval, default 6)."""
    stored = dict(VisitInterval.objects.values_list("tier_id", "months"))
    return {tier_id: stored.get(tier_id, VisitInterval.DEFAULT_MONTHS) for tier_id in Tier.objects.values_list("pk", flat=True)}


@dataclass(frozen=True)
class UnvisitedFirm:
    enterprise: object
    tiers: list  # the names of the tiers it is in the pool of, lowest first
    months: int  # the shortest interval among its tiers
    last_served_on: datetime.date | None


def unvisited_firms(firms, *, today=None):
    """Pool firms (an open entry: 培育中, 已申报, 已认定) without a service record within their tier's interval, the longest unserved first."""
    today = today or dates.today()
    intervals = visit_months()
    last_served = ServiceRecord.objects.filter(enterprise=OuterRef("pk")).order_by("-served_on").values("served_on")[:1]
    firms = firms.annotate(last_served_on=Subquery(last_served))
    due = Q(pk__in=[])
    for tier_id, months in intervals.items():
        in_tier = PoolEntry.objects.filter(tier_id=tier_id, status__in=OPEN_POOL_STATUSES).values("enterprise_id")
        due |= Q(pk__in=in_tier) & (Q(last_served_on__isnull=True) | Q(last_served_on__lt=months_before(today, months)))
    found = firms.filter(due).select_related("county", "zone", "service_officer").order_by(F("last_served_on").asc(nulls_first=True), "name")
    entries = {}
    for entry in PoolEntry.objects.filter(enterprise__in=found, status__in=OPEN_POOL_STATUSES).select_related("tier").order_by("tier__rank"):
        entries.setdefault(entry.enterprise_id, []).append(entry.tier)
    return [
        UnvisitedFirm(firm, [tier.name for tier in entries.get(firm.pk, [])], min((intervals[tier.pk] for tier in entries.get(firm.pk, [])), default=VisitInterval.DEFAULT_MONTHS), firm.last_served_on)
        for firm in found
    ]


def unvisited_count(firms, *, today=None):
    return len(unvisited_firms(firms, today=today))


@dataclass(frozen=True)
class Workload:
    officer: object
    lead_firms: int
    service_records: int  # in the last 12 months
    open_problems: int
    overdue_problems: int
    resolved_problems: int


def officer_workload(user, *, today=None):
    """Each officer's firms, services in the last 12 months and problems, within the firms `user` sees; the busiest first.

    One grouped query per figure: joining them all at once would multiply the rows.
    """
    today = today or dates.today()
    firms = served_firms(user)
    counts = {}

    def add(rows, **names):
        for row in rows:
            if row["officer"] is not None:
                figures = counts.setdefault(row["officer"], dict.fromkeys(("lead_firms", "service_records", "open_problems", "overdue_problems", "resolved_problems"), 0))
                figures.update({name: row[key] for name, key in names.items()})

    add(firms.values(officer=F("service_officer")).annotate(n=Count("pk")).order_by(), lead_firms="n")
    records = ServiceRecord.objects.filter(enterprise__in=firms, served_on__gte=months_before(today, 12))
    add(records.values(officer=F("officers")).annotate(n=Count("pk")).order_by(), service_records="n")
    open_problems = Q(status__in=OPEN_PROBLEM_STATUSES)
    problems = visible_problems(user).values("officer").annotate(
        open=Count("pk", filter=open_problems), overdue=Count("pk", filter=open_problems & Q(due_on__lt=today)), resolved=Count("pk", filter=Q(status=S.RESOLVED)),
    ).order_by()
    add(problems, open_problems="open", overdue_problems="overdue", resolved_problems="resolved")
    officers = get_user_model().objects.filter(pk__in=counts).select_related("staff_profile")
    rows = [Workload(officer, **counts[officer.pk]) for officer in officers]
    return sorted(rows, key=lambda row: (-row.open_problems, -row.lead_firms, display_name(row.officer)))


def firm_service_log(enterprise):
    """A firm's co-officers, service records (each with its officers' names) and problems, newest first, for its page and profile."""
    co_officers = [display_name(link.officer) for link in enterprise.co_officers.select_related("officer").order_by("pk")]
    records = enterprise.service_records.select_related("way").prefetch_related("officers").order_by("-served_on", "-pk")
    problems = enterprise.problems.select_related("category", "unit", "officer").order_by("-raised_on", "-pk")
    return {"records": [(record, "、".join(display_name(officer) for officer in record.officers.all())) for record in records], "problems": list(problems), "co_officers": co_officers, "enterprise": enterprise}
