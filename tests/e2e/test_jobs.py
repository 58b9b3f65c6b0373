"""In the browser: a background import's page follows its progress without a reload, then shows the outcome."""

import pytest
from django.utils import timezone

from registry.models import Job
from tests.e2e.conftest import login, screenshot
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_job_page_refreshes_its_progress_in_place_then_shows_the_outcome(page):
    boss = make_user("boss", superuser=True)
    job = Job.objects.create(label="导入月度数据：全省月报.xlsx", task_path="registry.sheets.background.import_kept_file", user=boss, status=Job.Status.RUNNING, rows_total=120000, rows_read=30000, beat_at=timezone.now())
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/registry/job/{job.pk}/change/")
    assert page.locator("#job-bar").get_attribute("value") == "25"
    page.evaluate("window.stillTheSamePage = true")  # gone if the page reloads

    Job.objects.filter(pk=job.pk).update(rows_read=90000, rows_written=80000, message="写入数据库", beat_at=timezone.now())
    page.wait_for_function("document.getElementById('job-bar').value == 75", timeout=15000)
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.locator("#job-counts").inner_text() == "已读 90000 行，已写 80000 行"
    assert page.locator("#job-stage").inner_text() == "写入数据库"
    screenshot(page, "job-progress")

    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, finished_at=timezone.now(), message="导入未完成，没有写入任何数据。\n第7行 [统计期] 月份应在1-12之间")
    page.wait_for_selector("pre.job-message", timeout=15000)
    assert "第7行 [统计期] 月份应在1-12之间" in page.locator("pre.job-message").inner_text()
    assert page.locator("input[value='重试']").count() == 1
    assert not page.console_errors, page.console_errors
