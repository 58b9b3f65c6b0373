"""Project writes: status changes through the service with an event, steps back with a reason, bad dates refused."""

import datetime
from decimal import Decimal

import pytest

from projects import services
from projects.models import Project, ProjectEvent, ProjectKind
from projects.services import ProjectRefusal
from tests.dbstate import database_checksum
from tests.factories import make_enterprise, make_project, make_user

D = datetime.date


@pytest.mark.django_db
class ProjectCreateTests:
    def test_it_creates_the_project_with_its_first_event_and_history(self):
        user = make_user()
        project = services.project_create(
            acting_user=user, on=D(2026, 3, 1), code="2026-330902-01", name="年产5万吨项目", enterprise=make_enterprise(),
            kind=ProjectKind.objects.get(code="new"), total_investment=Decimal(12000),
        )
        event = project.events.get()
        assert (event.from_status, event.to_status, event.actor, event.happened_on) == ("", "planning", user, D(2026, 3, 1))
        assert project.history.get().history_user == user
        assert project.is_major

    def test_an_actual_completion_before_the_start_is_refused_and_nothing_saved(self):
        firm = make_enterprise()
        before = database_checksum()
        with pytest.raises(ProjectRefusal) as refused:
            services.project_create(
                acting_user=None, code="X-1", name="项目", enterprise=firm, kind=ProjectKind.objects.get(code="new"),
                total_investment=Decimal(1), actual_start=D(2026, 5, 1), actual_completion=D(2026, 4, 30),
            )
        assert "实际竣工日期不能早于实际开工日期" in refused.value.message_dict["actual_completion"][0]
        assert database_checksum() == before

    def test_a_negative_investment_is_refused(self):
        with pytest.raises(ProjectRefusal) as refused:
            services.project_create(acting_user=None, code="X-2", name="项目", enterprise=make_enterprise(), kind=ProjectKind.objects.get(code="new"), total_investment=Decimal(-1))
        assert refused.value.message_dict["total_investment"] == ["不能为负数"]
        assert not Project.objects.exists()

    def test_a_renovation_sub_kind_needs_a_renovation_project(self):
        from projects.models import RenovationKind

        with pytest.raises(ProjectRefusal) as refused:
            services.project_create(acting_user=None, code="X-3", name="项目", enterprise=make_enterprise(), kind=ProjectKind.objects.get(code="new"), renovation_kind=RenovationKind.objects.get(code="robots"), total_investment=Decimal(1))
        assert "只有技术改造项目" in refused.value.message_dict["renovation_kind"][0]

    def test_is_major_is_derived_at_exactly_one_hundred_million(self):
        assert make_project(total_investment=Decimal(10000)).is_major
        assert not make_project(total_investment=Decimal("9999.99")).is_major


@pytest.mark.django_db
class StatusChangeTests:
    def test_a_step_forward_records_who_when_from_to_and_fills_the_actual_date(self):
        user = make_user()
        project = make_project(status="building", actual_start=D(2026, 1, 5))
        services.project_change_status(project=project, to_status="completed", acting_user=user, on=D(2026, 6, 1))
        project.refresh_from_db()
        assert project.status == "completed" and project.actual_completion == D(2026, 6, 1)
        event = ProjectEvent.objects.get(project=project)
        assert (event.from_status, event.to_status, event.actor, event.happened_on) == ("building", "completed", user, D(2026, 6, 1))

    def test_a_step_back_without_a_reason_is_refused_and_nothing_saved(self):
        project = make_project(status="building")
        before = database_checksum()
        with pytest.raises(ProjectRefusal) as refused:
            services.project_change_status(project=project, to_status="preparing", acting_user=None, note="  ")
        assert "须填写原因" in refused.value.message_dict["note"][0]
        assert database_checksum() == before

    def test_a_step_back_with_a_reason_is_recorded_with_it(self):
        project = make_project(status="building")
        services.project_change_status(project=project, to_status="preparing", acting_user=None, on=D(2026, 2, 1), note="用地手续未完成")
        assert ProjectEvent.objects.get(project=project).note == "用地手续未完成"

    def test_suspending_needs_a_reason_and_resuming_does_not(self):
        project = make_project(status="building")
        with pytest.raises(ProjectRefusal):
            services.project_change_status(project=project, to_status="suspended", acting_user=None)
        services.project_change_status(project=project, to_status="suspended", acting_user=None, note="资金未到位")
        services.project_change_status(project=project, to_status="building", acting_user=None)
        assert Project.objects.get(pk=project.pk).status == "building"

    def test_reaching_completion_on_a_day_before_the_start_is_refused(self):
        project = make_project(status="building", actual_start=D(2026, 5, 1))
        with pytest.raises(ProjectRefusal):
            services.project_change_status(project=project, to_status="completed", acting_user=None, on=D(2026, 4, 1))
        assert Project.objects.get(pk=project.pk).status == "building"

    def test_the_update_service_never_moves_the_status(self):
        project = make_project(status="building")
        with pytest.raises(ProjectRefusal):
            services.project_update(project=project, acting_user=None, status="producing")
