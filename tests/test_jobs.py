"""Background jobs: queued by the registry, run by django-tasks-db's worker, followed on their page, failed when stuck, retried."""

import datetime
import json
import signal
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from registry.jobs import enqueue_job, fail_stuck_jobs
from registry.models import Job, StaffProfile
from tests import job_tasks
from tests.factories import make_user
from tests.processes import finished, fresh_database, manage, run_queued_tasks  # noqa: F401  (fresh_database is a fixture)

S = Job.Status


def officer(username="clerk"):
    user = make_user(username, perms=["registry.view_job"])
    StaffProfile.objects.create(user=user, county_id="330902")
    return user


@pytest.mark.django_db
class RunTests:
    def test_a_queued_job_waits_for_a_worker_then_shows_its_outcome(self):
        user = make_user()
        job = enqueue_job(job_tasks.counts_rows, label="测试任务", user=user)
        assert (job.status, DBTaskResult.objects.get(id=job.task_id).status) == (S.QUEUED, "READY")

        run_queued_tasks()

        job.refresh_from_db()
        assert (job.status, job.rows_total, job.rows_read, job.rows_written, job.attempts) == (S.DONE, 3, 3, 2, 1)
        assert job.message.startswith("pid ") and job.finished_at is not None
        assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"

    def test_a_failure_is_kept_with_its_reason_and_a_retry_runs_it_again(self, client):
        user = make_user(superuser=True)
        job = enqueue_job(job_tasks.fails_the_first_time, label="会失败的任务", user=user)
        run_queued_tasks()
        job.refresh_from_db()
        assert (job.status, job.message) == (S.FAILED, "运行出错：第一次运行失败")
        assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"

        client.force_login(user)
        page = client.get(reverse("admin:registry_job_change", args=[job.pk]))
        assert "第一次运行失败" in page.content.decode() and "重试" in page.content.decode()
        response = client.post(reverse("admin:registry_job_retry", args=[job.pk]))
        assert response.status_code == 302
        job.refresh_from_db()
        assert job.status == S.QUEUED and job.message == ""
        run_queued_tasks()
        job.refresh_from_db()
        assert (job.status, job.message, job.attempts) == (S.DONE, "第二次成功", 2)

    def test_only_a_failed_job_can_be_retried(self, client):
        user = make_user(superuser=True)
        job = enqueue_job(job_tasks.counts_rows, label="任务", user=user)
        run_queued_tasks()
        client.force_login(user)
        response = client.post(reverse("admin:registry_job_retry", args=[job.pk]), follow=True)
        assert "只有失败的任务可以重试" in response.content.decode()
        assert DBTaskResult.objects.count() == 1
        assert client.get(reverse("admin:registry_job_retry", args=[job.pk])).status_code == 405


@pytest.mark.django_db
class StuckJobTests:
    def test_a_running_job_without_a_heartbeat_is_failed_in_the_queue_too(self, settings):
        settings.JOB_STUCK_AFTER_MINUTES = 10
        user = make_user()
        now = timezone.now()
        stuck = enqueue_job(job_tasks.counts_rows, label="停了", user=user)
        alive = enqueue_job(job_tasks.counts_rows, label="还在跑", user=user)
        DBTaskResult.objects.filter(id__in=[stuck.task_id, alive.task_id]).update(status="RUNNING")
        Job.objects.filter(pk=stuck.pk).update(status=S.RUNNING, beat_at=now - datetime.timedelta(minutes=11))
        Job.objects.filter(pk=alive.pk).update(status=S.RUNNING, beat_at=now - datetime.timedelta(minutes=9))

        assert fail_stuck_jobs(now=now) == 1

        stuck.refresh_from_db()
        alive.refresh_from_db()
        assert (stuck.status, alive.status) == (S.FAILED, S.RUNNING)
        assert "超过 10 分钟没有心跳" in stuck.message
        assert DBTaskResult.objects.get(id=stuck.task_id).status == "FAILED"
        assert DBTaskResult.objects.get(id=alive.task_id).status == "RUNNING"


@pytest.mark.django_db
class JobPageTests:
    def test_an_officer_sees_and_follows_only_their_own_jobs(self, client):
        mine, theirs = officer("clerk"), officer("other")
        own = enqueue_job(job_tasks.counts_rows, label="我的导入", user=mine)
        other = enqueue_job(job_tasks.counts_rows, label="别人的导入", user=theirs)
        client.force_login(mine)

        listing = client.get(reverse("admin:registry_job_changelist")).content.decode()
        assert "我的导入" in listing and "别人的导入" not in listing
        assert client.get(reverse("admin:registry_job_change", args=[other.pk])).status_code == 404
        assert client.get(reverse("admin:registry_job_progress", args=[other.pk])).status_code == 404
        assert client.post(reverse("admin:registry_job_retry", args=[other.pk])).status_code == 404

        Job.objects.filter(pk=own.pk).update(status=S.RUNNING, rows_total=200, rows_read=50, rows_written=10, beat_at=timezone.now())
        progress = json.loads(client.get(reverse("admin:registry_job_progress", args=[own.pk])).content)
        assert progress == {"status": "running", "status_text": "运行中", "rows_total": 200, "rows_read": 50, "rows_written": 10, "percent": 25, "finished": False, "stage": ""}
        page = client.get(reverse("admin:registry_job_change", args=[own.pk])).content.decode()
        assert 'value="25"' in page and "data-finished=\"0\"" in page

    @pytest.mark.parametrize("job_id", ["abc", "1" * 30, "-1", "0"])
    def test_a_hand_typed_id_is_a_404(self, client, job_id):
        client.force_login(make_user(superuser=True))
        for name in ("registry_job_change", "registry_job_progress", "registry_job_download"):
            assert client.get(reverse(f"admin:{name}", args=[job_id])).status_code == 404

    def test_a_finished_job_offers_its_file(self, client):
        user = make_user(superuser=True)
        job = enqueue_job(job_tasks.counts_rows, label="导出", user=user)
        Job.objects.filter(pk=job.pk).update(status=S.DONE, result_name="候选名单.xlsx", result_file=b"PK-bytes")
        client.force_login(user)
        response = client.get(reverse("admin:registry_job_download", args=[job.pk]))
        assert response.content == b"PK-bytes"
        assert "filename*=utf-8''%E5%80%99%E9%80%89%E5%90%8D%E5%8D%95.xlsx" in response["Content-Disposition"]


class WorkerProcessTests:
    """Real worker processes on the suite's own kind of database (a file for SQLite, a database for PostgreSQL)."""

    SETUP = "from registry.models import Job; from registry.jobs import enqueue_job; from tests import job_tasks; from django.contrib.auth.models import User"

    def test_a_killed_worker_leaves_nothing_half_written_and_the_job_can_be_retried(self, fresh_database, tmp_path):
        marker = tmp_path / "marker"
        finished(manage(fresh_database, "migrate", "--no-input"))
        finished(manage(fresh_database, "shell", "--no-imports", "-c", f"{self.SETUP}; enqueue_job(job_tasks.writes_then_hangs, label='会被中断', user=None, marker={str(marker)!r})"))
        worker = manage(fresh_database, "db_worker", "--no-startup-delay", "--interval", "0.2")
        for _ in range(600):
            if marker.exists() or worker.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), worker.communicate()
        worker.send_signal(signal.SIGKILL)
        worker.wait()

        later = "import datetime; from django.utils import timezone; from registry.jobs import fail_stuck_jobs; print(fail_stuck_jobs(now=timezone.now() + datetime.timedelta(minutes=11)))"
        assert finished(manage(fresh_database, "shell", "--no-imports", "-c", later)).strip() == "1"
        state = "from registry.models import Enterprise, Job; j = Job.objects.get(); print(j.status, Enterprise.objects.filter(name='中断测试有限公司').count())"
        assert finished(manage(fresh_database, "shell", "--no-imports", "-c", state)).split() == ["failed", "0"]

        finished(manage(fresh_database, "shell", "--no-imports", "-c", "from registry.jobs import job_retry; from registry.models import Job; job_retry(job=Job.objects.get(), acting_user=None)"))
        finished(manage(fresh_database, "db_worker", "--batch", "--no-startup-delay"))
        assert finished(manage(fresh_database, "shell", "--no-imports", "-c", state)).split() == ["done", "1"]

    def test_two_workers_never_run_the_same_task(self, fresh_database):
        finished(manage(fresh_database, "migrate", "--no-input"))
        finished(manage(fresh_database, "shell", "--no-imports", "-c", f"{self.SETUP}\nfor n in range(30): enqueue_job(job_tasks.counts_rows, label=f'任务{{n}}', user=None)"))
        workers = [manage(fresh_database, "db_worker", "--batch", "--no-startup-delay", "--interval", "0") for _ in range(2)]
        for worker in workers:
            finished(worker)
        report = "import json; from registry.models import Job; from django_tasks_db.models import DBTaskResult as R; print(json.dumps([sorted(set(Job.objects.values_list('status', 'attempts'))), sorted({len(r.worker_ids) for r in R.objects.all()}), R.objects.count()]))"
        jobs, workers_per_task, tasks = json.loads(finished(manage(fresh_database, "shell", "--no-imports", "-c", report)))
        assert (jobs, workers_per_task, tasks) == ([["done", 1]], [1], 30)
