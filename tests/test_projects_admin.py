"""The project pages: adding a project and its progress by hand, the status action, the pages' query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Project, ProjectKind, ProjectProgress
from tests.dbstate import database_checksum
from tests.factories import make_enterprise, make_progress, make_project, make_user
from tests.query_counts import assert_queries_do_not_grow

D = datetime.date


@pytest.mark.django_db
class ProjectFormTests:
    def test_adding_a_project_records_its_first_event_and_who_added_it(self, admin_client, admin_user):
        firm = make_enterprise()
        data = {"code": "2026-330902-01", "name": "年产5万吨项目", "enterprise": firm.pk, "kind": ProjectKind.objects.get(code="new").pk, "status": "preparing", "total_investment": "12000"}
        response = admin_client.post(reverse("admin:projects_project_add"), data)
        assert response.status_code == 302
        project = Project.objects.get()
        assert project.status == "preparing" and project.history.get().history_user == admin_user
        assert project.events.get().to_status == "preparing"

    def test_the_change_form_does_not_move_the_status(self, admin_client):
        project = make_project(status="building")
        page = admin_client.get(reverse("admin:projects_project_change", args=[project.pk])).content.decode()
        assert 'name="status"' not in page and "进度亮灯与投资亮灯" in page

    def test_the_status_action_moves_it_forward_with_an_event(self, admin_client, admin_user):
        project = make_project(status="building", actual_start=D(2026, 1, 1))
        admin_client.post(reverse("admin:projects_project_changelist"), {"action": "change_status", "_selected_action": [project.pk], "confirm": "1", "to_status": "completed", "on": "2026-06-01", "note": ""})
        project.refresh_from_db()
        assert (project.status, project.actual_completion) == ("completed", D(2026, 6, 1))
        assert project.events.get().actor == admin_user


@pytest.mark.django_db
class ProgressFormTests:
    def test_a_month_added_by_hand_is_kept_with_its_history(self, admin_client, admin_user):
        project = make_project()
        response = admin_client.post(reverse("admin:projects_projectprogress_add"), {"project": project.pk, "period": "2025-01-01", "investment": "12.5", "note": "开工"})
        assert response.status_code == 302
        progress = ProjectProgress.objects.get()
        assert progress.investment == Decimal("12.5") and progress.history.get().history_user == admin_user

    def test_a_future_month_is_refused(self, admin_client, monkeypatch):
        monkeypatch.setattr("registry.dates.today", lambda: D(2026, 6, 15))
        project = make_project()
        before = database_checksum()
        response = admin_client.post(reverse("admin:projects_projectprogress_add"), {"project": project.pk, "period": "2026-07-01", "investment": "1"})
        assert "不能录入未来的统计期" in response.content.decode()
        assert database_checksum() == before

    def test_the_list_shows_each_months_year_to_date_whatever_the_filter(self, admin_client):
        project = make_project()
        make_progress(project, "2025-12", 999)
        make_progress(project, "2026-01", 10)
        make_progress(project, "2026-02", 15)
        response = admin_client.get(reverse("admin:projects_projectprogress_changelist"), {"period": "2026-02-01"})
        assert [(row.period, row.year_to_date) for row in response.context["cl"].result_list] == [(D(2026, 2, 1), Decimal(25))]


@pytest.mark.django_db
class QueryCountTests:
    @pytest.mark.parametrize("name", ["project", "completionlist", "renovationlist", "majorprojectlist", "projectprogress"])
    def test_a_list_takes_as_many_queries_for_many_projects_as_for_few(self, admin_client, monkeypatch, name):
        monkeypatch.setattr("registry.dates.today", lambda: D(2026, 6, 15))

        def add(count):
            for index in range(count):
                project = make_project(make_enterprise(service_officer=make_user(f"m{name}{index}{count}")), kind="renovation", total_investment=20000, planned_completion=D(2026, 9, 1), manager=make_user(f"pm{name}{index}{count}"))
                make_progress(project, "2026-01", 5)

        add(1)
        response = assert_queries_do_not_grow(lambda: admin_client.get(reverse(f"admin:projects_{name}_changelist")), lambda: add(5))
        assert len(response.context["cl"].result_list) == 6

    def test_the_home_page_counts_red_projects(self, admin_client, monkeypatch):
        from django.test import RequestFactory

        from registry.workbench import todos

        monkeypatch.setattr("registry.dates.today", lambda: D(2026, 6, 15))
        make_project(planned_completion=D(2026, 1, 1))
        make_project(planned_completion=D(2027, 1, 1))
        request = RequestFactory().get("/")
        request.user = make_user("boss2", superuser=True)
        todo = next(item for item in todos(request) if item.label == "亮红灯的项目")
        assert todo.count(request) == 1 and todo.url(request).endswith("?light=red")
