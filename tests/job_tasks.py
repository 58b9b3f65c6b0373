"""Tasks the job tests queue: a worker process imports them by path, as it does the registry's own."""

import os
import time
from pathlib import Path

from django.db import transaction
from django_tasks import task

from registry.jobs import run_job


@task()
def counts_rows(job_id):
    def work(job, progress):
        progress(total=3, read=3, written=2)
        return {"message": f"pid {os.getpid()}"}

    return run_job(job_id, work)


@task()
def fails_the_first_time(job_id):
    def work(job, progress):
        if job.attempts == 1:
            raise ValueError("第一次运行失败")
        return {"message": "第二次成功"}

    return run_job(job_id, work)


@task()
def writes_then_hangs(job_id):
    """Writes a firm inside its transaction, says so through a marker file, then waits to be killed."""

    def work(job, progress):
        from registry.models import Enterprise
        from registry.uscc import make_uscc

        with transaction.atomic():
            Enterprise.objects.create(uscc=make_uscc("91330902000000777"), name="中断测试有限公司", county_id="330902", industry_id="3731")
            if job.attempts == 1:
                Path(job.arguments["marker"]).write_text("in the transaction")
                time.sleep(600)
        return {"message": "写入完成"}

    return run_job(job_id, work)
