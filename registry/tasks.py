"""The registry's background tasks (Django's task framework), and the daily jobs every app declares.

An app lists its daily jobs as dotted paths of tasks in `daily_tasks` on its AppConfig; `enqueue_daily_jobs`,
run by cron or a systemd timer, puts each on the queue for a `db_worker` to run.
"""

import datetime

from django_tasks import task

from .declarations import declared_callables
from .jobs import fail_stuck_jobs
from .sheets.previews import clear_stale_previews

STALE_AFTER = datetime.timedelta(hours=24)  # an import preview nobody confirmed in a day is abandoned


@task()
def clear_stale_uploads_task():
    """Daily: deletes uploads kept for a preview that nobody confirmed; returns how many went."""
    return clear_stale_previews(STALE_AFTER)


@task()
def fail_stuck_jobs_task():
    """Marks jobs whose worker died as failed (their pages do it too, whenever someone looks)."""
    return fail_stuck_jobs()


def daily_tasks():
    """Every installed app's daily tasks, in app order."""
    return declared_callables("daily_tasks")


def enqueue_daily_jobs():
    """Puts each daily task on the queue; returns their results (ids and status) in the same order."""
    return [daily.enqueue() for daily in daily_tasks()]
