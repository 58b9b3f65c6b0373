"""Background work staff start from the screens: queue a job, run it in a worker with a heartbeat, fail the stuck, retry.

A job's task takes only the job's id; the row holds the job's own arguments, so running it again is queuing it again.
While it runs, a heartbeat thread writes its progress on a connection of its own, so the page shows the progress
while the work's own transaction is still open; a job whose heartbeat stops (its worker was killed) is marked failed.
"""

import datetime
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from .models import Job

S = Job.Status
RECENT_FAILURES = datetime.timedelta(days=7)  # a failure stays on its starter's home page this long, unless retried


class JobRefusal(Exception):
    """A step the job's state does not allow; the message is for the user."""


def enqueue_job(task, *, label, user, **arguments):
    """A new job for `task` (a django-tasks task taking the job's id), queued for a worker."""
    job = Job.objects.create(label=label[:300], task_path=task.module_path, arguments=arguments, user=user)
    _enqueue(job, task)
    return job


def _enqueue(job, task):
    job.task_id = str(task.enqueue(job.pk).id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)


def job_retry(*, job, acting_user):
    """Queue a failed job again with the same arguments."""
    if job.status != S.FAILED:
        raise JobRefusal(gettext("只有失败的任务可以重试"))
    job.status, job.message, job.finished_at, job.rows_read, job.rows_written = S.QUEUED, "", None, 0, 0
    job.save(update_fields=["status", "message", "finished_at", "rows_read", "rows_written"])
    _enqueue(job, import_string(job.task_path))
    return job


class Progress:
    """What the work reports as it goes (rows, and the stage it is at); the heartbeat writes the latest values."""

    def __init__(self):
        self.read, self.written, self.total, self.stage = 0, 0, None, ""

    def __call__(self, *, read=None, written=None, total=None, stage=None):
        self.read = self.read if read is None else read
        self.written = self.written if written is None else written
        self.total = self.total if total is None else total
        self.stage = self.stage if stage is None else stage

    def fields(self):
        return {"rows_read": self.read, "rows_written": self.written, "rows_total": self.total}

    def running_fields(self):
        return {**self.fields(), "message": self.stage}


class Heartbeat(threading.Thread):
    """Every JOB_HEARTBEAT_SECONDS: the job's progress and the time, written on this thread's own connection."""

    def __init__(self, job_id, progress):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id, self.progress, self.stopped = job_id, progress, threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=self.job_id, status=S.RUNNING).update(beat_at=timezone.now(), **self.progress.running_fields())
                except DatabaseError:
                    pass  # SQLite: the work holds the write lock; the next beat tries again
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()
        self.join()


def run_job(job_id, work):
    """Runs `work(job, progress)` in a worker. It returns a dict of Job fields for its outcome (status DONE unless it says
    otherwise); an exception fails the job with its message and is raised again, so the queue records it too."""
    now = timezone.now()
    if not Job.objects.filter(pk=job_id, status__in=[S.QUEUED, S.FAILED]).update(status=S.RUNNING, started_at=now, beat_at=now, attempts=F("attempts") + 1):
        return None  # finished already, or another worker has it
    job, progress = Job.objects.get(pk=job_id), Progress()
    heartbeat = Heartbeat(job.pk, progress)
    heartbeat.start()
    try:
        outcome = work(job, progress)
    except Exception as error:
        heartbeat.stop()
        Job.objects.filter(pk=job.pk).update(status=S.FAILED, finished_at=timezone.now(), message=gettext("运行出错：%(error)s") % {"error": error}, **progress.fields())
        raise
    heartbeat.stop()
    fields = {"status": S.DONE, **progress.fields(), **(outcome or {})}
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now(), beat_at=timezone.now(), **fields)
    return fields["status"]


def jobs_to_follow(user, which):
    """The user's own jobs still to come ("running": queued or running) or failed in the last week ("failed"):
    the home page's to-dos, and the job list they open."""
    mine = Job.objects.filter(user=user)
    if which == "running":
        return mine.filter(status__in=[S.QUEUED, S.RUNNING])
    return mine.filter(status=S.FAILED, finished_at__gte=timezone.now() - RECENT_FAILURES)


def fail_stuck_jobs(*, now=None):
    """Jobs whose heartbeat stopped more than JOB_STUCK_AFTER_MINUTES ago are failed, in the queue too; returns how many."""
    now = now or timezone.now()
    stuck = Job.objects.filter(status=S.RUNNING, beat_at__lt=now - datetime.timedelta(minutes=settings.JOB_STUCK_AFTER_MINUTES))
    task_ids = list(stuck.values_list("task_id", flat=True))
    if not task_ids:
        return 0
    message = gettext("工作进程已中断：超过 %(minutes)s 分钟没有心跳，未写入任何数据。可以重试。") % {"minutes": settings.JOB_STUCK_AFTER_MINUTES}
    count = stuck.update(status=S.FAILED, finished_at=now, message=message)
    DBTaskResult.objects.filter(id__in=task_ids, status="RUNNING").update(status="FAILED", finished_at=now)
    return count
