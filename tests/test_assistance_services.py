"""Every allowed and refused step of a problem, and the refusals of the services: each step writes its event, a refusal writes nothing."""

import datetime

import pytest
from django.contrib.auth.models import Group

from assistance import services
from assistance.models import FirmOfficer, Problem, ProblemEvent, ProblemStatus as S, ServiceRecord
from registry.models import StaffProfile
from registry.roles import OFFICER
from tests.factories import make_enterprise, make_problem, make_user, next_uscc, reference

D = datetime.date
TODAY = D(2026, 3, 1)
ALL_STEPS = ("assign", "start", "resolve", "give_up", "withdraw", "reopen")
ALLOWED = {
    S.COLLECTED: {"assign", "withdraw"},
    S.ASSIGNED: {"start", "withdraw"},
    S.IN_PROGRESS: {"resolve", "give_up", "withdraw"},
    S.RESOLVED: {"reopen"},
    S.UNRESOLVABLE: set(),
    S.WITHDRAWN: set(),
}
LEADS_TO = {"assign": S.ASSIGNED, "start": S.IN_PROGRESS, "resolve": S.RESOLVED, "give_up": S.UNRESOLVABLE, "withdraw": S.WITHDRAWN, "reopen": S.IN_PROGRESS}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("registry.dates.today", lambda: TODAY)


def county_officer(username, county="330902"):
    user = make_user(username)
    user.groups.add(Group.objects.get(name=OFFICER))
    StaffProfile.objects.create(user=user, county_id=county)
    return user


def take(step, problem, user):
    """Run a step with complete, valid arguments."""
    arguments = {
        "assign": {"unit": reference("AssigneeUnit", "jxj")},
        "start": {},
        "resolve": {"resolution": "已协调银行授信", "resolved_on": D(2026, 2, 1), "satisfaction": "satisfied"},
        "give_up": {"reason": "超出政策范围", "resolution": "已答复企业", "resolved_on": D(2026, 2, 1)},
        "withdraw": {"reason": "企业已自行解决"},
        "reopen": {"reason": "企业反映未落实"},
    }[step]
    return getattr(services, f"problem_{step}")(problem=problem, acting_user=user, **arguments)


@pytest.mark.django_db
class ProblemStepTests:
    @pytest.mark.parametrize("status", list(S))
    @pytest.mark.parametrize("step", ALL_STEPS)
    def test_it_allows_exactly_the_steps_of_the_table(self, status, step):
        user = make_user("boss", superuser=True)
        problem = make_problem(status=status, resolved_on=D(2026, 1, 20) if status in (S.RESOLVED, S.UNRESOLVABLE) else None)
        if step in ALLOWED[status]:
            moved = take(step, problem, user)
            assert Problem.objects.get(pk=problem.pk).status == LEADS_TO[step] == moved.status
            event = ProblemEvent.objects.get(problem=problem)
            assert (event.from_status, event.to_status, event.actor) == (status, LEADS_TO[step], user)
        else:
            with pytest.raises(services.AssistanceRefusal, match="不能从"):
                take(step, problem, user)
            assert Problem.objects.get(pk=problem.pk).status == status
            assert not ProblemEvent.objects.exists()

    def test_the_table_and_allowed_steps_agree(self):
        for status, steps in ALLOWED.items():
            assert set(services.allowed_steps(Problem(status=status))) == steps

    def test_it_walks_a_problem_from_collection_to_resolution_and_back(self):
        user = make_user("boss", superuser=True)
        problem = services.problem_collect(enterprise=make_enterprise(), raised_on=D(2026, 1, 10), way=reference("ServiceWay", "phone"), category=reference("ProblemCategory", "land"), description="用地指标不足", acting_user=user)
        for step in ("assign", "start", "resolve", "reopen", "resolve"):
            problem = take(step, problem, user)
        trail = list(problem.events.values_list("from_status", "to_status"))
        assert trail == [("", "collected"), ("collected", "assigned"), ("assigned", "in_progress"), ("in_progress", "resolved"), ("resolved", "in_progress"), ("in_progress", "resolved")]
        reopened = problem.events.get(from_status="resolved")
        assert "企业反映未落实" in reopened.note and "已协调银行授信" in reopened.note  # the earlier result is kept in the trail

    def test_reopening_clears_the_result_so_the_problem_is_open_again(self):
        problem = take("reopen", make_problem(status=S.RESOLVED, resolved_on=D(2026, 1, 20), satisfaction="satisfied"), make_user("boss", superuser=True))
        assert (problem.status, problem.resolved_on, problem.resolution, problem.satisfaction) == (S.IN_PROGRESS, None, "", "")


@pytest.mark.django_db
class RefusalTests:
    @pytest.fixture
    def boss(self):
        return make_user("boss", superuser=True)

    def assert_unchanged(self, problem):
        stored = Problem.objects.get(pk=problem.pk)
        assert (stored.status, stored.resolved_on, stored.resolution) == (problem.status, problem.resolved_on, problem.resolution)
        assert not ProblemEvent.objects.filter(problem=problem).exists()

    def test_it_refuses_a_resolution_date_before_the_problem_was_raised(self, boss):
        problem = make_problem(status=S.IN_PROGRESS, raised_on=D(2026, 1, 10))
        with pytest.raises(services.AssistanceRefusal, match="不能早于提出日期") as refusal:
            services.problem_resolve(problem=problem, resolution="已解决", resolved_on=D(2026, 1, 9), acting_user=boss)
        assert "resolved_on" in refusal.value.message_dict
        self.assert_unchanged(problem)

    @pytest.mark.parametrize("resolution", ["", "   "])
    def test_it_refuses_closing_without_a_resolution_text(self, boss, resolution):
        problem = make_problem(status=S.IN_PROGRESS)
        with pytest.raises(services.AssistanceRefusal, match="须填写办理结果"):
            services.problem_resolve(problem=problem, resolution=resolution, resolved_on=D(2026, 2, 1), acting_user=boss)
        with pytest.raises(services.AssistanceRefusal, match="须填写办理结果"):
            services.problem_give_up(problem=problem, reason="无政策依据", resolution=resolution, resolved_on=D(2026, 2, 1), acting_user=boss)
        self.assert_unchanged(problem)

    @pytest.mark.parametrize("step, argument", [("give_up", "reason"), ("withdraw", "reason"), ("reopen", "reason")])
    def test_it_refuses_a_step_that_needs_a_reason_without_one(self, boss, step, argument):
        status = {"give_up": S.IN_PROGRESS, "withdraw": S.ASSIGNED, "reopen": S.RESOLVED}[step]
        problem = make_problem(status=status, resolved_on=D(2026, 1, 20) if status == S.RESOLVED else None)
        arguments = {"give_up": {"resolution": "已答复", "resolved_on": D(2026, 2, 1)}}.get(step, {})
        with pytest.raises(services.AssistanceRefusal, match="原因"):
            getattr(services, f"problem_{step}")(problem=problem, acting_user=boss, **{argument: " "}, **arguments)
        self.assert_unchanged(problem)

    def test_it_refuses_assigning_without_a_unit(self, boss):
        problem = make_problem()
        with pytest.raises(services.AssistanceRefusal, match="交办单位"):
            services.problem_assign(problem=problem, unit=None, acting_user=boss)
        self.assert_unchanged(problem)

    def test_it_refuses_a_due_date_in_the_past_at_creation_unless_confirmed(self, boss):
        arguments = {"enterprise": make_enterprise(), "raised_on": D(2026, 1, 10), "way": reference("ServiceWay", "visit"), "category": reference("ProblemCategory", "energy"), "description": "用电指标", "acting_user": boss}
        with pytest.raises(services.AssistanceRefusal, match="办结时限已过") as refusal:
            services.problem_collect(due_on=D(2026, 2, 1), **arguments)
        assert "due_on" in refusal.value.message_dict and not Problem.objects.exists()
        assert services.problem_collect(due_on=D(2026, 2, 1), confirm_past_due=True, **arguments).due_on == D(2026, 2, 1)

    def test_it_refuses_a_due_date_before_the_problem_was_raised_even_when_confirmed(self, boss):
        with pytest.raises(services.AssistanceRefusal, match="不能早于提出日期"):
            services.problem_collect(enterprise=make_enterprise(), raised_on=D(2026, 1, 10), way=reference("ServiceWay", "visit"), category=reference("ProblemCategory", "energy"), description="用电", due_on=D(2026, 1, 9), confirm_past_due=True, acting_user=boss)
        assert not Problem.objects.exists()

    def test_it_refuses_a_service_date_in_the_future(self, boss):
        with pytest.raises(services.AssistanceRefusal, match="晚于今天"):
            services.service_record_create(enterprise=make_enterprise(), served_on=D(2026, 3, 2), way=reference("ServiceWay", "visit"), officers=[boss], discussed="走访", acting_user=boss)
        assert not ServiceRecord.objects.exists()


@pytest.mark.django_db
class ScopeRefusalTests:
    def test_it_refuses_an_officer_out_of_the_clerks_area_and_saves_nothing(self):
        clerk, putuo = county_officer("dinghai"), county_officer("putuo", county="330903")
        firm = make_enterprise(county_id="330902")
        problems = [{"category": reference("ProblemCategory", "labour"), "description": "招工难"}]
        with pytest.raises(services.AssistanceRefusal, match="不在您负责的范围内") as refusal:
            services.service_record_create(enterprise=firm, served_on=D(2026, 2, 1), way=reference("ServiceWay", "visit"), officers=[clerk, putuo], discussed="走访", problems=problems, acting_user=clerk)
        assert "officers" in refusal.value.message_dict
        assert not ServiceRecord.objects.exists() and not Problem.objects.exists()

    def test_it_refuses_assigning_a_responsible_officer_out_of_scope(self):
        clerk, putuo = county_officer("dinghai"), county_officer("putuo", county="330903")
        problem = make_problem(make_enterprise(county_id="330902"))
        with pytest.raises(services.AssistanceRefusal, match="不在您负责的范围内"):
            services.problem_assign(problem=problem, unit=reference("AssigneeUnit", "jxj"), officer=putuo, acting_user=clerk)
        assert Problem.objects.get(pk=problem.pk).status == S.COLLECTED

    def test_a_clerk_cannot_touch_another_countys_problem(self):
        clerk = county_officer("dinghai")
        problem = make_problem(make_enterprise(county_id="330903", uscc=next_uscc("330903")))
        with pytest.raises(services.AssistanceRefusal, match="该企业不在您负责的范围内"):
            take("assign", problem, clerk)

    def test_an_officer_works_the_firms_they_serve_outside_their_area(self):
        clerk = county_officer("dinghai")
        firm = make_enterprise(county_id="330903", uscc=next_uscc("330903"))
        FirmOfficer.objects.create(enterprise=firm, officer=clerk)
        assert take("assign", make_problem(firm), clerk).status == S.ASSIGNED

    def test_a_city_wide_officer_may_be_named_by_a_county_clerk(self):
        clerk, city = county_officer("dinghai"), make_user("city_officer")
        record = services.service_record_create(enterprise=make_enterprise(), served_on=D(2026, 2, 1), way=reference("ServiceWay", "visit"), officers=[clerk, city], discussed="走访", acting_user=clerk)
        assert set(record.officers.all()) == {clerk, city}


@pytest.mark.django_db
class ServiceRecordTests:
    def test_a_visit_records_its_problems_with_one_event_each(self):
        boss = make_user("boss", superuser=True)
        problems = [{"category": reference("ProblemCategory", "financing"), "description": "贷款到期续贷"}, {"category": reference("ProblemCategory", "labour"), "description": "技工短缺", "due_on": D(2026, 4, 1)}]
        record = services.service_record_create(enterprise=make_enterprise(), served_on=D(2026, 2, 1), way=reference("ServiceWay", "visit"), officers=[boss], discussed="走访了解", problems=problems, acting_user=boss)
        assert [(p.raised_on, p.way.code, p.status) for p in record.problems.order_by("pk")] == [(D(2026, 2, 1), "visit", S.COLLECTED)] * 2
        assert ProblemEvent.objects.filter(problem__service_record=record, to_status=S.COLLECTED).count() == 2

    def test_a_co_officer_is_not_the_lead_twice(self):
        boss, lead = make_user("boss", superuser=True), make_user("lead")
        firm = make_enterprise(service_officer=lead)
        with pytest.raises(services.AssistanceRefusal, match="牵头"):
            services.firm_officer_add(enterprise=firm, officer=lead, acting_user=boss)
        assert services.firm_officer_add(enterprise=firm, officer=boss, acting_user=boss).officer == boss
