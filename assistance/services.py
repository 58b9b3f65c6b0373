"""Every write to service records and problems: keyword-only, atomic, with the acting user and the problem's event row.

A problem's status moves only along STEPS; each step is one function here that checks it, saves and records it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from registry import dates
from registry.models import display_name

from .models import OPEN_PROBLEM_STATUSES, FirmOfficer, Problem, ProblemEvent, ProblemStatus as S, ServiceRecord
from .scope import firm_in_scope, officers_out_of_scope

# Step name → (the statuses it may start from, the status it leads to). Closed statuses are final, except 已化解, which may be reopened.
STEPS = {
    "assign": ((S.COLLECTED,), S.ASSIGNED),
    "start": ((S.ASSIGNED,), S.IN_PROGRESS),
    "resolve": ((S.IN_PROGRESS,), S.RESOLVED),
    "give_up": ((S.IN_PROGRESS,), S.UNRESOLVABLE),
    "withdraw": (OPEN_PROBLEM_STATUSES, S.WITHDRAWN),
    "reopen": ((S.RESOLVED,), S.IN_PROGRESS),
}
EDITABLE_FIELDS = ("category", "description", "officer", "due_on", "satisfaction")


class AssistanceRefusal(ValidationError):
    """A write the rules do not allow; the message is the Chinese reason shown to staff."""


def allowed_steps(problem):
    return [name for name, (starts, _) in STEPS.items() if problem.status in starts]


def check_step(problem, step):
    starts, to_status = STEPS[step]
    if problem.status not in starts:
        raise AssistanceRefusal(gettext("不能从“%(from)s”改为“%(to)s”") % {"from": problem.get_status_display(), "to": S(to_status).label})
    return to_status


def check_firm(enterprise, acting_user):
    if not firm_in_scope(acting_user, enterprise):
        raise AssistanceRefusal({"enterprise": gettext("该企业不在您负责的范围内")})


def check_officers(officers, acting_user, field):
    outside = officers_out_of_scope(acting_user, [officer for officer in officers if officer is not None])
    if outside:
        raise AssistanceRefusal({field: gettext("%(names)s不在您负责的范围内，不能指定") % {"names": "、".join(map(display_name, outside))}})


def check_due_on(due_on, raised_on, confirm_past_due):
    if due_on is None:
        return
    if due_on < raised_on:
        raise AssistanceRefusal({"due_on": gettext("办结时限不能早于提出日期")})
    if due_on < dates.today() and not confirm_past_due:
        raise AssistanceRefusal({"due_on": gettext("办结时限已过（早于今天），如确属补录请勾选“确认时限已过”")})


def check_not_future(day, field):
    if day > dates.today():
        raise AssistanceRefusal({field: gettext("日期不能晚于今天")})


def record_event(problem, from_status, *, acting_user, note=""):
    ProblemEvent.objects.create(problem=problem, from_status=from_status or "", to_status=problem.status, actor=acting_user, note=note[:500])


def locked(problem):
    return Problem.objects.select_for_update().select_related("enterprise").get(pk=problem.pk)


def service_record_check(*, enterprise, served_on, officers, acting_user):
    """Refuses (keyed by the field at fault) a service record the user may not write; the admin form shows the same refusal."""
    check_firm(enterprise, acting_user)
    check_not_future(served_on, "served_on")
    if not officers:
        raise AssistanceRefusal({"officers": gettext("请至少填写一名服务人员")})
    check_officers(officers, acting_user, "officers")


@transaction.atomic
def service_record_create(*, enterprise, served_on, way, officers, discussed, acting_user, follow_up="", problems=()):
    """A contact with a firm and the problems it raised (each a dict of problem_collect's arguments)."""
    service_record_check(enterprise=enterprise, served_on=served_on, officers=officers, acting_user=acting_user)
    record = ServiceRecord.objects.create(enterprise=enterprise, served_on=served_on, way=way, discussed=discussed, follow_up=follow_up, recorded_by=acting_user)
    record.officers.set(officers)
    for problem in problems:
        problem_collect(enterprise=enterprise, raised_on=served_on, way=way, service_record=record, acting_user=acting_user, **problem)
    return record


@transaction.atomic
def service_record_update(*, record, acting_user, officers, **fields):
    """A record's own facts and officers; the problems it raised change by their own steps."""
    service_record_check(enterprise=record.enterprise, served_on=fields.get("served_on", record.served_on), officers=officers, acting_user=acting_user)
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    record.officers.set(officers)
    return record


def problem_check(*, raised_on, description, acting_user, officer=None, due_on=None, confirm_past_due=False):
    """Refuses a new problem's facts as problem_collect would; the admin forms and the import show the same refusal."""
    check_not_future(raised_on, "raised_on")
    if not (description or "").strip():
        raise AssistanceRefusal({"description": gettext("请填写问题描述")})
    check_officers([officer], acting_user, "officer")
    check_due_on(due_on, raised_on, confirm_past_due)


@transaction.atomic
def problem_collect(*, enterprise, raised_on, way, category, description, acting_user, service_record=None, officer=None, due_on=None, confirm_past_due=False):
    """A problem as the firm raised it (已收集), standalone or from a service record."""
    check_firm(enterprise, acting_user)
    problem_check(raised_on=raised_on, description=description, acting_user=acting_user, officer=officer, due_on=due_on, confirm_past_due=confirm_past_due)
    problem = Problem.objects.create(enterprise=enterprise, service_record=service_record, raised_on=raised_on, way=way, category=category, description=description.strip(), officer=officer, due_on=due_on)
    record_event(problem, "", acting_user=acting_user, note=gettext("收集问题"))
    return problem


@transaction.atomic
def problem_update(*, problem, acting_user, confirm_past_due=False, **fields):
    """The problem's own facts (not its status, unit or resolution: those change by a step)."""
    problem = locked(problem)
    check_firm(problem.enterprise, acting_user)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    changed = {name: value for name, value in fields.items() if getattr(problem, name) != value}
    if "officer" in changed:
        check_officers([changed["officer"]], acting_user, "officer")
    if "due_on" in changed:
        check_due_on(changed["due_on"], problem.raised_on, confirm_past_due)
    if not changed:
        return problem
    for name, value in changed.items():
        setattr(problem, name, value)
    problem.save()
    labels = "、".join(str(Problem._meta.get_field(name).verbose_name) for name in changed)
    record_event(problem, problem.status, acting_user=acting_user, note=gettext("修改：%(fields)s") % {"fields": labels})
    return problem


def _step(problem, step, acting_user):
    """The problem, locked and moved to the step's status (saved by the caller once its checks pass), and the status it had."""
    problem = locked(problem)
    check_firm(problem.enterprise, acting_user)
    was, problem.status = problem.status, check_step(problem, step)
    return problem, was


@transaction.atomic
def problem_assign(*, problem, unit, acting_user, officer=None, due_on=None, confirm_past_due=False, note=""):
    """已收集 → 已交办: to a unit, with the responsible officer and the due date."""
    problem, was = _step(problem, "assign", acting_user)
    if unit is None:
        raise AssistanceRefusal({"unit": gettext("交办时须选择交办单位")})
    check_officers([officer], acting_user, "officer")
    if due_on is not None and due_on != problem.due_on:
        check_due_on(due_on, problem.raised_on, confirm_past_due)
        problem.due_on = due_on
    problem.unit = unit
    problem.officer = officer or problem.officer
    problem.save()
    record_event(problem, was, acting_user=acting_user, note=note or gettext("交办至%(unit)s") % {"unit": unit.name})
    return problem


@transaction.atomic
def problem_start(*, problem, acting_user, note=""):
    """已交办 → 办理中."""
    problem, was = _step(problem, "start", acting_user)
    problem.save()
    record_event(problem, was, acting_user=acting_user, note=note)
    return problem


def check_closing(problem, resolution, closed_on):
    if not (resolution or "").strip():
        raise AssistanceRefusal({"resolution": gettext("办结时须填写办理结果")})
    if closed_on is None:
        raise AssistanceRefusal({"resolved_on": gettext("办结时须填写办结日期")})
    if closed_on < problem.raised_on:
        raise AssistanceRefusal({"resolved_on": gettext("办结日期（%(closed)s）不能早于提出日期（%(raised)s）") % {"closed": closed_on, "raised": problem.raised_on}})
    check_not_future(closed_on, "resolved_on")


@transaction.atomic
def problem_resolve(*, problem, resolution, resolved_on, acting_user, satisfaction="", note=""):
    """办理中 → 已化解, with what was done, when, and the firm's satisfaction."""
    problem, was = _step(problem, "resolve", acting_user)
    check_closing(problem, resolution, resolved_on)
    problem.resolution, problem.resolved_on, problem.satisfaction = resolution.strip(), resolved_on, satisfaction or ""
    problem.save()
    record_event(problem, was, acting_user=acting_user, note=note or problem.resolution)
    return problem


def _required_reason(reason, field, refusal):
    """The reason a step asks for, stripped; refused (on `field`) when empty."""
    if not (reason or "").strip():
        raise AssistanceRefusal({field: refusal})
    return reason.strip()


@transaction.atomic
def problem_give_up(*, problem, reason, resolution, resolved_on, acting_user):
    """办理中 → 无法化解, with the reason."""
    problem, was = _step(problem, "give_up", acting_user)
    reason = _required_reason(reason, "closing_reason", gettext("请填写无法化解的原因"))
    check_closing(problem, resolution, resolved_on)
    problem.resolution, problem.resolved_on, problem.closing_reason = resolution.strip(), resolved_on, reason
    problem.save()
    record_event(problem, was, acting_user=acting_user, note=problem.closing_reason)
    return problem


@transaction.atomic
def problem_withdraw(*, problem, reason, acting_user):
    """An open problem the firm no longer asks to be solved (企业撤回)."""
    problem, was = _step(problem, "withdraw", acting_user)
    problem.closing_reason = _required_reason(reason, "closing_reason", gettext("请填写企业撤回的原因"))
    problem.save()
    record_event(problem, was, acting_user=acting_user, note=problem.closing_reason)
    return problem


@transaction.atomic
def problem_reopen(*, problem, reason, acting_user):
    """已化解 → 办理中: the earlier result stays in the event trail; the problem is open again."""
    problem, was = _step(problem, "reopen", acting_user)
    reason = _required_reason(reason, "reason", gettext("重新办理须填写原因"))
    earlier = gettext("原办理结果（%(day)s）：%(resolution)s") % {"day": problem.resolved_on, "resolution": problem.resolution}
    problem.resolution, problem.resolved_on, problem.satisfaction = "", None, ""
    problem.save()
    record_event(problem, was, acting_user=acting_user, note=gettext("重新办理：%(reason)s；%(earlier)s") % {"reason": reason, "earlier": earlier})
    return problem


def firm_officer_check(*, enterprise, officer, acting_user):
    check_firm(enterprise, acting_user)
    check_officers([officer], acting_user, "officer")
    if enterprise.service_officer_id == officer.pk:
        raise AssistanceRefusal({"officer": gettext("%(name)s已是该企业的助企专员（牵头）") % {"name": display_name(officer)}})


@transaction.atomic
def firm_officer_add(*, enterprise, officer, acting_user):
    """A co-officer for a firm, beside its lead officer."""
    firm_officer_check(enterprise=enterprise, officer=officer, acting_user=acting_user)
    link, _ = FirmOfficer.objects.get_or_create(enterprise=enterprise, officer=officer)
    return link


@transaction.atomic
def firm_officer_remove(*, link, acting_user):
    check_firm(link.enterprise, acting_user)
    link.delete()
