"""Candidate lists made in the background: the form's choices are checked again in the worker, the file kept on the job."""

from django.utils.translation import gettext
from django_tasks import task

from registry.jobs import run_job
from registry.models import Job
from registry.scope import enterprise_scope

from .candidates import candidate_list
from .forms import CandidateListForm
from .tiers import EligibilityError
from .workbook import candidate_workbook, file_name


def candidates_chosen(data, user):
    """The CandidateList a valid CandidateListForm's data asks for, within the user's area."""
    return candidate_list(
        data["tier"], on=data["on"], batch=data["batch"], county=data["county"], override=data["rule_version"] or None,
        eligible_only=data["eligible_only"], scope=enterprise_scope(user, "enterprise__"), layout_code=data["layout"].code,
    )


@task()
def export_candidate_list(job_id):
    return run_job(job_id, _export)


def _export(job, progress):
    user = job.user
    if user is None or not user.is_active or not user.has_perm("cultivation.export_poolentry"):
        return {"status": Job.Status.FAILED, "message": gettext("发起导出的账户已停用或已无导出权限，没有生成名单。")}
    form = CandidateListForm(job.arguments["form"])
    if not form.is_valid():  # a batch or layout deleted since: say which choice no longer holds
        return {"status": Job.Status.FAILED, "message": "\n".join(f"{form.fields[name].label if name in form.fields else ''}：{' '.join(errors)}" for name, errors in form.errors.items())}
    data = form.cleaned_data
    try:
        candidates = candidates_chosen(data, user)
    except EligibilityError as refusal:
        return {"status": Job.Status.FAILED, "message": str(refusal)}
    content = candidate_workbook(candidates)
    return {"result_name": file_name(data["tier"], data["on"], data["county"]), "result_file": content, "message": gettext("候选名单已生成，可以下载。")}
