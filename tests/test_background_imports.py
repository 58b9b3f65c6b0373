"""Confirmed imports in the background: a large file (or every file, when asked) runs in a worker as a job with the
same importer, user and options; nothing is written until it has run; a failure lists the rows; a retry runs it again;
no app server keeps the file on its own disk."""

import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import Enterprise, ImportPreview, ImportRecord, IndustryChain, Job, KeptUpload
from tests.factories import make_user, next_uscc, xlsx_bytes
from tests.processes import run_queued_tasks

IMPORT_URL = reverse("admin:registry_enterprise_import")
PROCESS_URL = reverse("admin:registry_enterprise_process_import")
HEADER = ["统一社会信用代码", "企业名称", "县(区)", "行业代码", "产业链"]
S = Job.Status

pytestmark = pytest.mark.django_db


def firms_file(*names):
    return xlsx_bytes([HEADER, *([next_uscc(), f"{name}有限公司", "定海区", "3731", "船舶海工"] for name in names)])


def preview(client, content):
    response = client.post(IMPORT_URL, {"import_file": SimpleUploadedFile("名录.xlsx", content)})
    assert response.context["confirm_form"] is not None, response.content.decode()[:3000]
    return response


def confirm(client, previewed):
    return client.post(PROCESS_URL, previewed.context["confirm_form"].initial)


@pytest.fixture
def boss(client):
    user = make_user("boss", superuser=True)
    client.force_login(user)
    return user


class BackgroundImportTests:
    def test_every_file_goes_to_a_worker_when_asked_and_nothing_is_written_before(self, client, boss, settings):
        settings.IMPORTS_IN_BACKGROUND = True
        response = confirm(client, preview(client, firms_file("甲", "乙")))
        job = Job.objects.get()
        assert response["Location"] == reverse("admin:registry_job_change", args=[job.pk])
        assert (job.status, job.user, job.label) == (S.QUEUED, boss, "导入企业：名录.xlsx")
        assert not Enterprise.objects.exists() and not ImportPreview.objects.exists() and KeptUpload.objects.count() == 1

        run_queued_tasks()

        job.refresh_from_db()
        record = ImportRecord.objects.get()
        assert (job.status, job.import_record, job.rows_read, job.rows_written) == (S.DONE, record, 2, 2)
        assert "导入完成" in job.message and record.user == boss
        assert sorted(Enterprise.objects.values_list("name", flat=True)) == ["乙有限公司", "甲有限公司"]
        assert not KeptUpload.objects.exists()
        page = client.get(reverse("admin:registry_job_change", args=[job.pk])).content.decode()
        assert "导入完成" in page and reverse("admin:registry_importrecord_change", args=[record.pk]) in page

    def test_a_file_of_the_threshold_goes_to_a_worker_and_a_shorter_one_runs_at_once(self, client, boss, settings):
        settings.IMPORTS_BACKGROUND_FROM_ROWS = 2
        assert confirm(client, preview(client, firms_file("甲"))).status_code == 302
        assert Enterprise.objects.count() == 1 and not Job.objects.exists()
        confirm(client, preview(client, firms_file("乙", "丙")))
        assert Enterprise.objects.count() == 1 and Job.objects.get().status == S.QUEUED

    def test_a_file_the_registry_no_longer_accepts_fails_with_its_rows_and_a_retry_runs_it_again(self, client, boss, settings):
        settings.IMPORTS_IN_BACKGROUND = True
        confirm(client, preview(client, firms_file("甲", "乙")))
        IndustryChain.objects.filter(name="船舶海工").update(name="船舶与海工装备")
        run_queued_tasks()
        job = Job.objects.get()
        assert job.status == S.FAILED and "没有写入任何数据" in job.message and "第2行 [产业链]" in job.message and "第3行 [产业链]" in job.message
        assert not Enterprise.objects.exists() and KeptUpload.objects.count() == 1  # kept for the retry

        IndustryChain.objects.filter(name="船舶与海工装备").update(name="船舶海工")
        client.post(reverse("admin:registry_job_retry", args=[job.pk]))
        run_queued_tasks()
        job.refresh_from_db()
        assert (job.status, job.attempts, Enterprise.objects.count()) == (S.DONE, 2, 2)

    def test_a_job_whose_starter_was_switched_off_writes_nothing(self, client, settings):
        settings.IMPORTS_IN_BACKGROUND = True
        clerk = make_user("clerk", superuser=True)
        client.force_login(clerk)
        confirm(client, preview(client, firms_file("甲")))
        clerk.is_active = False
        clerk.save()
        run_queued_tasks()
        job = Job.objects.get()
        assert job.status == S.FAILED and "停用" in job.message and not Enterprise.objects.exists()

    def test_the_file_waits_in_the_database_so_any_server_confirms_and_no_temporary_file_outlives_its_request(self, client, boss, settings, tmp_path, monkeypatch):
        scratch = tmp_path / "tmp"
        scratch.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(scratch))
        settings.FILE_UPLOAD_TEMP_DIR = str(scratch)
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1  # every upload is written to a temporary file first
        previewed = preview(client, firms_file("甲"))
        assert list(scratch.iterdir()) == []
        client.logout()
        client.force_login(boss)  # another session, as another app server behind the balancer would see it
        assert confirm(client, previewed).status_code == 302
        assert Enterprise.objects.count() == 1 and list(scratch.iterdir()) == []
