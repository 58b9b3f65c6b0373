"""Demo projects and their progress, one of each situation so that every light shows (seed_demo's step)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from cultivation.monitoring.periods import shift_months

from .models import Project, ProjectKind, ProjectProgress, RenovationKind
from .services import project_create

DAY = datetime.timedelta(days=1)
PROJECTS_PER_SITUATION = 3


@dataclass(frozen=True)
class Situation:
    """One demo situation: status, planned completion (days from today), share of the due plan done, size and kind."""

    name: str
    status: str
    completion_in_days: int
    done_share: float  # of the plan due by now: 1.0 on track (green), 0.75 yellow, 0.3 red
    total: int  # 万元
    kind: str


SITUATIONS = (
    Situation("智能制造产线", "building", 240, 1.0, 6000, "renovation"),  # green
    Situation("厂房扩建", "building", 12, 1.0, 8000, "expansion"),  # yellow: completion close
    Situation("船坞改建", "building", -25, 1.0, 15000, "expansion"),  # red: completion passed
    Situation("数字化车间", "building", 300, 0.75, 4000, "renovation"),  # yellow: investment behind
    Situation("节能改造", "building", 300, 0.3, 3000, "renovation"),  # red: investment far behind
    Situation("海工装备基地", "building", 400, 1.0, 52000, "new"),  # green, 亿元以上
    Situation("冷链仓储", "completed", -40, 1.0, 12000, "new"),  # completed this year, production ahead
    Situation("水产精深加工", "producing", -120, 1.0, 9000, "new"),  # produced this year: green
    Situation("新材料中试线", "suspended", 200, 0.3, 20000, "new"),  # red: 停缓建
)
RENOVATION_KINDS = ("robots", "energy", "digital", "equipment")


@transaction.atomic
def seed_projects(rng, firms, today):
    """Projects on the demo firms with this year's and last year's monthly progress; projects already there are kept."""
    kinds = {kind.code: kind for kind in ProjectKind.objects.all()}
    renovation_kinds = {kind.code: kind for kind in RenovationKind.objects.all()}
    firms = [firm for firm in firms if firm.is_above_scale] or list(firms)
    created = 0
    for index in range(len(SITUATIONS) * PROJECTS_PER_SITUATION):
        situation, firm = SITUATIONS[index % len(SITUATIONS)], firms[index * 7 % len(firms)]
        code = f"DEMO-{today.year}-{index + 1:03d}"
        if Project.objects.filter(code=code).exists():
            continue
        project = project_create(acting_user=None, on=today, **_values(rng, situation, firm, code, today, kinds, renovation_kinds, index))
        _seed_progress(project, situation, today)
        created += 1
    return created


def _values(rng, situation, firm, code, today, kinds, renovation_kinds, index):
    completion = today + situation.completion_in_days * DAY
    start = min(completion, today) - rng.randint(200, 500) * DAY
    total = Decimal(situation.total + rng.randint(0, 20) * 100)
    values = {
        "code": code, "name": f"{firm.short_name or firm.name[:6]}{situation.name}项目", "enterprise": firm, "kind": kinds[situation.kind], "status": situation.status,
        "total_investment": total, "equipment_investment": (total * Decimal("0.4")).quantize(Decimal(1)),
        "plan_year": today.year, "plan_investment": (total * Decimal("0.5")).quantize(Decimal(1)), "expected_output": total * 2,
        "planned_start": start, "actual_start": start + rng.randint(0, 20) * DAY,
        "planned_completion": completion, "planned_production": completion + 60 * DAY, "task_force": "项目专班" if total >= 10000 else "",
    }
    if situation.kind == "renovation":
        values["renovation_kind"] = renovation_kinds[RENOVATION_KINDS[index % len(RENOVATION_KINDS)]]
    if situation.status in ("completed", "producing"):
        values["actual_completion"] = completion
    if situation.status == "producing":
        values["planned_production"] = values["actual_production"] = completion + 30 * DAY
    return values


def _seed_progress(project, situation, today):
    """Months of this year before today's (the share of the plan the situation says), and the same months of last year."""
    months = today.month - 1
    if not months:
        return
    monthly = (project.plan_investment / 12 * Decimal(str(situation.done_share))).quantize(Decimal("0.01"))
    first = datetime.date(today.year, 1, 1)
    rows = []
    for offset in range(months):
        period = shift_months(first, offset)
        rows.append(ProjectProgress(project=project, period=period, investment=monthly, note="按计划推进" if situation.done_share >= 1 else "进度滞后"))
        rows.append(ProjectProgress(project=project, period=shift_months(period, -12), investment=(monthly * Decimal("0.8")).quantize(Decimal("0.01"))))
    ProjectProgress.objects.bulk_create(rows)
