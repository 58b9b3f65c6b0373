"""Imports confirmed into the background: a large file (IMPORTS_BACKGROUND_FROM_ROWS rows or more), or every file when
IMPORTS_IN_BACKGROUND is on, runs as a job in a worker with the same importer, user and options as the confirm step."""

import hashlib
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext
from django_tasks import task

from registry.jobs import enqueue_job, run_job
from registry.models import ImportPreview, Job

from .uploads import drop_upload, kept_upload

ERRORS_KEPT = 1000  # row errors a failed job's page lists; the count says how many more


def runs_in_background(kept_name):
    """Whether the confirm step of the preview kept under `kept_name` hands its file to a worker."""
    if settings.IMPORTS_IN_BACKGROUND:
        return True
    rows = ImportPreview.objects.filter(kept_name=kept_name).values_list("rows", flat=True).first() or 0
    return rows >= settings.IMPORTS_BACKGROUND_FROM_ROWS


def import_in_background(*, model, user, kept, options):
    """Queues the confirmed import of a kept file; its preview stops waiting, its file stays until the job has run."""
    ImportPreview.objects.filter(kept_name=kept["import_file_name"]).delete()
    label = gettext("导入%(what)s：%(file)s") % {"what": model._meta.verbose_name, "file": kept["original_file_name"]}
    arguments = {"model": model._meta.label_lower, "kept_name": kept["import_file_name"], "file_name": kept["original_file_name"], "checksum": kept["checksum"], "options": options}
    return enqueue_job(import_kept_file, label=label, user=user, **arguments)


@task()
def import_kept_file(job_id):
    return run_job(job_id, _import)


def _import(job, progress):
    arguments, user = job.arguments, job.user
    if user is None or not user.is_active:
        return _failed(gettext("发起导入的账户已停用或删除，没有写入任何数据。"))
    try:
        content = kept_upload(arguments["kept_name"])
    except OSError:
        return _failed(gettext("导入文件已被清理（超过保留时间），没有写入任何数据。请重新上传。"))
    if hashlib.sha256(content).hexdigest() != arguments["checksum"]:
        return _failed(gettext("导入文件与预览时不同，没有写入任何数据。请重新上传。"))
    # The importer the import page uses, for the user who confirmed: it reads only their area.
    importer = admin.site.get_model_admin(apps.get_model(arguments["model"])).get_importer(SimpleNamespace(user=user))
    outcome = importer.run(content=content, file_name=arguments["file_name"], user=user, dry_run=False, log_user=user, progress=_reporter(progress), **arguments["options"])
    if not outcome.ok:
        errors = outcome.all_errors()
        more = gettext("……另有 %(n)s 处错误") % {"n": len(errors) - ERRORS_KEPT} if len(errors) > ERRORS_KEPT else ""
        return _failed("\n".join([gettext("导入未完成，没有写入任何数据。请根据下面的错误修改文件后重新上传。"), *errors[:ERRORS_KEPT], more]).strip())
    drop_upload(arguments["kept_name"])
    return {"message": importer.success_message(outcome), "import_record": outcome.record, "rows_read": outcome.rows, "rows_written": outcome.added + outcome.updated}


def _failed(message):
    return {"status": Job.Status.FAILED, "message": message}


def _reporter(progress):
    """The importers report rows as (done, total), the monthly one its stage as text: both reach the job's page."""

    def report(*args):
        if len(args) == 2:
            progress(read=args[0], total=args[1])
        else:
            progress(stage=str(args[0]))

    return report
