"""An officer of 定海区 tries every way in to a 普陀区 project; each is closed."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import StaffProfile
from registry.roles import OFFICER
from tests.dbstate import database_checksum
from tests.factories import PROGRESS_HEADERS, make_enterprise, make_progress, make_project, make_user, monthly_xlsx, next_uscc


@pytest.fixture
def world(db):
    own = make_project(make_enterprise(county_id="330902", name="定海本区船舶有限公司"), code="OWN", name="定海本区项目", kind="renovation", total_investment=20000, planned_completion="2026-12-31")
    other = make_project(make_enterprise(county_id="330903", name="普陀外区水产有限公司", uscc=next_uscc("330903")), code="OTHER", name="普陀外区项目", kind="renovation", total_investment=20000, planned_completion="2026-12-31")
    return {"own": own, "other": other, "other_progress": make_progress(other, "2026-01", 5)}


@pytest.fixture
def officer_client(client, world, monkeypatch):
    import datetime

    monkeypatch.setattr("registry.dates.today", lambda: datetime.date(2026, 6, 15))
    user = make_user("dinghai")
    user.groups.add(Group.objects.get(name=OFFICER))
    StaffProfile.objects.create(user=user, county_id="330902")
    client.force_login(user)
    return client


@pytest.mark.django_db
class ProjectScopeTests:
    @pytest.mark.parametrize("name", ["project", "completionlist", "renovationlist", "majorprojectlist"])
    def test_every_list_shows_only_own_county_projects(self, officer_client, world, name):
        response = officer_client.get(reverse(f"admin:projects_{name}_changelist"))
        assert response.status_code == 200
        assert [project.code for project in response.context["cl"].result_list] == ["OWN"]

    def test_the_progress_list_hides_another_countys_rows(self, officer_client, world):
        response = officer_client.get(reverse("admin:projects_projectprogress_changelist"))
        assert list(response.context["cl"].result_list) == []

    def test_a_change_page_reached_by_id_is_not_found(self, officer_client, world):
        for url in (reverse("admin:projects_project_change", args=[world["other"].pk]), reverse("admin:projects_projectprogress_change", args=[world["other_progress"].pk])):
            page = officer_client.get(url, follow=True).content.decode()
            assert "普陀外区项目" not in page and "不存在" in page

    def test_the_history_page_is_not_found(self, officer_client, world):
        assert officer_client.get(reverse("admin:projects_project_history", args=[world["other"].pk])).status_code == 404

    def test_the_export_holds_only_own_projects(self, officer_client, world):
        response = officer_client.get(reverse("admin:projects_majorprojectlist_export"))
        codes = [row[0] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)]
        assert codes == ["OWN"]

    def test_the_autocomplete_offers_only_own_projects(self, officer_client, world):
        response = officer_client.get(reverse("admin:autocomplete"), {"app_label": "projects", "model_name": "projectprogress", "field_name": "project", "term": "项目"})
        assert [item["text"] for item in response.json()["results"]] == ["定海本区项目"]

    def test_progress_for_another_countys_project_cannot_be_added_by_form_or_import(self, officer_client, world, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        before = database_checksum()
        response = officer_client.post(reverse("admin:projects_projectprogress_add"), {"project": world["other"].pk, "period": "2026-02-01", "investment": "1"})
        assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
        data = monthly_xlsx([("OTHER", "", "2026-02", 1, "")], headers=PROGRESS_HEADERS)
        response = officer_client.post(reverse("admin:projects_projectprogress_import"), {"import_file": SimpleUploadedFile("p.xlsx", data)})
        assert "系统中没有项目编号为OTHER的项目" in response.content.decode()
        assert database_checksum() == before

    def test_the_status_action_cannot_reach_another_countys_project(self, officer_client, world):
        officer_client.post(reverse("admin:projects_project_changelist"), {"action": "change_status", "_selected_action": [world["other"].pk], "confirm": "1", "to_status": "suspended", "on": "2026-06-01", "note": "x"})
        world["other"].refresh_from_db()
        assert world["other"].status == "building" and not world["other"].events.exists()
