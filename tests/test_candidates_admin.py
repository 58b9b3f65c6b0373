import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from cultivation.models import Batch
from registry.models import Job, StaffProfile
from registry.roles import OFFICER
from tests.factories import make_enterprise, make_entry, make_profile_years, make_user, tier
from tests.processes import job_file, run_queued_tasks

URL = reverse("admin:cultivation_candidate_list")


def form_data(**overrides):
    data = {"tier": tier("innovative_sme").pk, "on": "2026-06-01", "layout": "provincial_candidates", "batch": "", "county": "", "rule_version": ""}
    data.update(overrides)
    return data


def download(client, data):
    """The list as its job makes it: the form queues the job and opens its page; a worker runs it; the page offers the file."""
    return job_file(client, client.post(URL, data))


def names_in(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def pool(db):
    own = make_enterprise(name="定海候选企业", county_id="330902")
    make_profile_years(own, 2025)
    make_entry(own, "innovative_sme")
    make_entry(make_enterprise(name="普陀候选企业", county_id="330903"), "innovative_sme")
    return own


@pytest.mark.django_db
class CandidateListViewTests:
    def test_it_shows_the_form_and_links_from_the_layout_list(self, admin_client):
        response = admin_client.get(URL)
        assert response.status_code == 200
        assert "导出候选名单" in response.content.decode()
        assert URL in admin_client.get(reverse("admin:cultivation_exportlayout_changelist")).content.decode()

    def test_it_downloads_the_list_as_xlsx(self, admin_client, pool):
        assert not Job.objects.exists()
        response = download(admin_client, form_data())
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["A1"].value == "序号" and sheet["W1"].value == "推荐意见"
        assert names_in(response) == ["定海候选企业", "普陀候选企业"]

    def test_it_previews_the_list_on_the_page_as_the_file_holds_it(self, admin_client, pool):
        response = admin_client.post(URL, form_data(preview="1"))
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        preview = response.context["preview"]
        downloaded = load_workbook(io.BytesIO(download(admin_client, form_data()).content)).active
        assert preview["headers"] == [cell.value for cell in downloaded[1]]
        assert [row[2] for row in preview["rows"]] == ["定海候选企业", "普陀候选企业"] == names_in(download(admin_client, form_data()))
        assert (preview["total"], preview["eligible"]) == (2, 1)
        page = response.content.decode()
        assert "预览：共 2 家企业，其中符合条件 1 家" in page and 'id="candidate-preview"' in page

    def test_an_empty_preview_says_so(self, admin_client, pool):
        page = admin_client.post(URL, form_data(preview="1", county="330903", eligible_only="on")).content.decode()
        assert "预览：共 0 家企业，其中符合条件 0 家" in page and "没有符合所选条件的企业" in page

    def test_the_preview_keeps_to_the_clerks_area(self, client, pool):
        clerk = make_user("dinghai")
        clerk.groups.add(Group.objects.get(name=OFFICER))
        StaffProfile.objects.create(user=clerk, county_id="330902")
        client.force_login(clerk)
        rows = client.post(URL, form_data(preview="1")).context["preview"]["rows"]
        assert [row[2] for row in rows] == ["定海候选企业"]

    def test_it_filters_by_county_and_keeps_only_the_eligible_on_request(self, admin_client, pool):
        assert names_in(download(admin_client, form_data(county="330903"))) == ["普陀候选企业"]
        assert names_in(download(admin_client, form_data(eligible_only="on"))) == ["定海候选企业"]

    def test_it_refuses_a_batch_of_another_tier(self, admin_client, pool):
        batch = Batch.objects.create(tier=tier("srdi_sme"), year=2026, name="2026年第一批")
        response = admin_client.post(URL, form_data(batch=batch.pk))
        assert response.status_code == 200
        assert "批次“2026年第一批”不属于“创新型中小企业”" in response.content.decode() and not Job.objects.exists()

    def test_it_offers_only_tiers_with_criteria(self, admin_client):
        response = admin_client.post(URL, form_data(tier=tier("chain_leader").pk))
        assert "选择一个有效的选项" in response.content.decode()

    def test_an_officer_gets_only_the_firms_of_their_county(self, client, pool):
        officer = make_user("dinghai")
        officer.groups.add(Group.objects.get(name=OFFICER))
        StaffProfile.objects.create(user=officer, county_id="330902")
        client.force_login(officer)
        assert names_in(download(client, form_data())) == ["定海候选企业"]

    def test_it_needs_the_pool_export_permission(self, client, pool):
        client.force_login(make_user("looker", perms=["cultivation.view_exportlayout"]))
        assert client.get(URL).status_code == 403
        assert client.post(URL, form_data()).status_code == 403

    def test_it_uses_the_date_to_pick_the_rule_version(self, admin_client, pool):
        make_entry(pool, "srdi_sme")
        response = download(admin_client, form_data(tier=tier("srdi_sme").pk, on=str(datetime.date(2026, 3, 1))))
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert "专精特新中小企业（2022版）" in sheet["W2"].value
        response = download(admin_client, form_data(tier=tier("srdi_sme").pk, rule_version="2026"))
        assert "专精特新中小企业（2026版）" in load_workbook(io.BytesIO(response.content)).active["W2"].value

    def test_a_list_whose_batch_went_before_the_worker_ran_fails_with_the_reason(self, admin_client, pool):
        batch = Batch.objects.create(tier=tier("innovative_sme"), year=2026, name="2026年第一批")
        admin_client.post(URL, form_data(batch=batch.pk))
        batch.delete()
        run_queued_tasks()
        job = Job.objects.get()
        assert job.status == Job.Status.FAILED and job.message.startswith("批次：") and not job.result_file
        assert admin_client.get(reverse("admin:registry_job_download", args=[job.pk])).status_code == 404
