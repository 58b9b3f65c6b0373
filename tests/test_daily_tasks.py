"""The daily jobs run as background tasks: `enqueue_daily_jobs` queues every app's daily task, a `db_worker` runs them."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cultivation.models import PoolEntry
from cultivation.models.ladder import PoolStatus as S
from registry.models import KeptUpload
from tests.factories import make_entry
from tests.processes import run_queued_tasks


@pytest.mark.django_db
class DailyJobTests:
    def test_the_command_queues_each_daily_task_and_a_worker_runs_them(self, monkeypatch):
        monkeypatch.setattr("registry.dates.today", lambda: datetime.date(2024, 7, 1))
        lapsed = make_entry(status=S.RECOGNISED, recognised_on=datetime.date(2021, 7, 1))  # valid until 2024-06-30
        KeptUpload.objects.create(name="a" * 32, content=b"PK")
        KeptUpload.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))

        out = io.StringIO()
        call_command("enqueue_daily_jobs", stdout=out)
        queued = DBTaskResult.objects.order_by("enqueued_at")
        assert sorted(queued.values_list("task_path", flat=True)) == ["cultivation.ladder.tasks.expire_designations_task", "registry.tasks.clear_stale_uploads_task", "registry.tasks.fail_stuck_jobs_task"]
        assert set(queued.values_list("status", flat=True)) == {"READY"}
        assert "expire_designations_task" in out.getvalue()
        assert PoolEntry.objects.get(pk=lapsed.pk).status == S.RECOGNISED  # queued, not run by the command

        run_queued_tasks()

        assert {(r.task_path.rsplit(".", 1)[1], r.status, r.return_value) for r in DBTaskResult.objects.all()} == {
            ("expire_designations_task", "SUCCESSFUL", 1),
            ("clear_stale_uploads_task", "SUCCESSFUL", 1),
            ("fail_stuck_jobs_task", "SUCCESSFUL", 0),
        }
        assert PoolEntry.objects.get(pk=lapsed.pk).status == S.EXPIRED
        assert not KeptUpload.objects.exists()

    def test_a_second_worker_finds_nothing_left_to_run(self, monkeypatch):
        monkeypatch.setattr("registry.dates.today", lambda: datetime.date(2024, 7, 1))
        make_entry(status=S.RECOGNISED, recognised_on=datetime.date(2021, 7, 1))
        call_command("enqueue_daily_jobs", stdout=io.StringIO())
        run_queued_tasks()
        run_queued_tasks()
        assert DBTaskResult.objects.count() == 3
        assert all(len(result.worker_ids) == 1 for result in DBTaskResult.objects.all())
