"""The ladder's background tasks (Django's task framework)."""

import datetime

from django.utils.translation import gettext
from django_tasks import task

from registry.dates import today
from registry.jobs import run_job
from registry.models import Job
from registry.scope import visible_enterprises

from ..models import Batch
from .services import expire_designations, pool_entries_enter_passing

LINES_KEPT = 1000  # firm lines a job's page lists; the counts cover every firm


@task()
def expire_designations_task():
    """Daily: marks recognitions whose validity has passed as expired; returns how many."""
    return expire_designations(on=today())


@task()
def enter_passing_firms_job(job_id):
    """Evaluates many firms for a batch's tier in a worker and enters those that pass, as the firm list's action does."""
    return run_job(job_id, _enter_passing)


def _enter_passing(job, progress):
    user, arguments = job.user, job.arguments
    if user is None or not user.is_active or not user.has_perm("cultivation.add_poolentry"):
        return {"status": Job.Status.FAILED, "message": gettext("发起测算的账户已停用或已无新增培育库记录的权限，未作任何修改。")}
    batch = Batch.objects.filter(pk=arguments["batch"]).select_related("tier").first()
    if batch is None:
        return {"status": Job.Status.FAILED, "message": gettext("所选批次已被删除，未作任何修改。")}
    # The firms chosen, as far as they are still the user's to see.
    firms = visible_enterprises(user).filter(pk__in=arguments["firms"])
    progress(total=len(arguments["firms"]), stage=gettext("测算中"))
    outcome = pool_entries_enter_passing(enterprises=firms, batch=batch, on=datetime.date.fromisoformat(arguments["on"]), acting_user=user)
    lines = [
        gettext("已将 %(added)s 家符合条件的企业加入“%(target)s”（培育中）") % {"added": outcome.added, "target": f"{batch.tier.name} · {batch.name}"},
        gettext("已在库中、未重复加入 %(count)s 家") % {"count": len(outcome.already)},
        gettext("不符合条件、未加入 %(count)s 家") % {"count": len(outcome.failing)},
        *(gettext("未处理：%(message)s") % {"message": message} for message in outcome.refusals),
        *(gettext("未加入：%(line)s") % {"line": line} for line in outcome.failing[:LINES_KEPT]),
    ]
    return {"message": "\n".join(lines), "rows_read": len(arguments["firms"]), "rows_written": outcome.added}
