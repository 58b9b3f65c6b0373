"""Every write to a project goes through these functions: atomic, with the acting user, its event or history row inside.

Status moves only through `project_change_status`, which records a ProjectEvent; a step backwards needs a reason.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from registry import dates

from .models import Project, ProjectEvent, ProjectStatus

# The order a project moves forward in; 停缓建 stands outside it (stopping and resuming are not steps back).
FORWARD_ORDER = (ProjectStatus.PLANNING, ProjectStatus.PREPARING, ProjectStatus.BUILDING, ProjectStatus.COMPLETED, ProjectStatus.PRODUCING)
# The actual date a status fills in when it is reached and the date is still empty.
ACTUAL_DATE_OF = {ProjectStatus.BUILDING: "actual_start", ProjectStatus.COMPLETED: "actual_completion", ProjectStatus.PRODUCING: "actual_production"}


class ProjectRefusal(ValidationError):
    """A write the project rules do not allow; the message is the Chinese reason shown to staff."""


def is_step_back(from_status, to_status):
    if from_status not in FORWARD_ORDER or to_status not in FORWARD_ORDER:
        return False
    return FORWARD_ORDER.index(to_status) < FORWARD_ORDER.index(from_status)


def needs_reason(from_status, to_status):
    return is_step_back(from_status, to_status) or to_status == ProjectStatus.SUSPENDED


def _checked(project):
    try:
        project.full_clean(exclude=["status"])
    except ValidationError as problem:
        raise ProjectRefusal(problem.message_dict) from None


def _record(project, from_status, *, acting_user, on, note=""):
    ProjectEvent.objects.create(project=project, from_status=from_status or "", to_status=project.status, happened_on=on, actor=acting_user, note=note[:300])


@transaction.atomic
def project_create(*, acting_user, status=ProjectStatus.PLANNING, on=None, **values):
    """A new project in `status` (谋划 unless said), with its first event."""
    project = Project(status=status, **values)
    _checked(project)
    project._history_user = acting_user
    project.save()
    _record(project, "", acting_user=acting_user, on=on or dates.today(), note=gettext("登记项目"))
    return project


@transaction.atomic
def project_update(*, project, acting_user, **values):
    """Change a project's details (never its status: that is project_change_status)."""
    if "status" in values and values["status"] != project.status:
        raise ProjectRefusal({"status": gettext("项目状态请通过“变更项目状态”操作修改，以便记录变更原因")})
    values.pop("status", None)
    for name, value in values.items():
        setattr(project, name, value)
    _checked(project)
    project._history_user = acting_user
    project.save()
    return project


@transaction.atomic
def project_change_status(*, project, to_status, acting_user, on=None, note=""):
    """Move a project to `to_status` on `on`; a step backwards or 停缓建 needs `note` (the reason)."""
    project = Project.objects.select_for_update().select_related("enterprise").get(pk=project.pk)
    on = on or dates.today()
    from_status = project.status
    if to_status not in ProjectStatus.values:
        raise ProjectRefusal({"to_status": gettext("未知的项目状态")})
    if to_status == from_status:
        raise ProjectRefusal(gettext("%(project)s：已是“%(status)s”") % {"project": project.name, "status": project.get_status_display()})
    if needs_reason(from_status, to_status) and not note.strip():
        raise ProjectRefusal({"note": gettext("%(project)s：从“%(from)s”改为“%(to)s”须填写原因") % {"project": project.name, "from": project.get_status_display(), "to": ProjectStatus(to_status).label}})
    project.status = to_status
    date_field = ACTUAL_DATE_OF.get(to_status)
    if date_field and getattr(project, date_field) is None:
        setattr(project, date_field, on)
    _checked(project)
    project._history_user = acting_user
    project._change_reason = note[:100] or None
    project.save()
    _record(project, from_status, acting_user=acting_user, on=on, note=note)
    return project


@transaction.atomic
def progress_save(*, progress, acting_user):
    """Add or change one project's investment for one month by hand."""
    try:
        progress.full_clean()
    except ValidationError as problem:
        raise ProjectRefusal(problem.message_dict) from None
    progress._history_user = acting_user
    progress.save()
    return progress


@transaction.atomic
def progress_delete(*, progress, acting_user):
    for row in progress:
        row._history_user = acting_user
        row.delete()
