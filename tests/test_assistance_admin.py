"""The 助企服务 pages: a visit with its problems on one page, the steps as actions, and the area scope on every surface."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from assistance.models import FirmOfficer, Problem, ProblemEvent, ProblemStatus as S, ServiceRecord
from assistance.resources import ProblemResource, ServiceRecordResource
from registry.models import StaffProfile
from registry.roles import OFFICER
from tests.dbstate import database_checksum
from tests.factories import make_enterprise, make_entry, make_problem, make_service_record, make_user, next_uscc, reference
from tests.query_counts import assert_queries_do_not_grow

D = datetime.date
TODAY = D(2026, 3, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("registry.dates.today", lambda: TODAY)


def make_officer(username="dinghai", county="330902"):
    user = make_user(username, first_name="海军", last_name="周")
    user.groups.add(Group.objects.get(name=OFFICER))
    StaffProfile.objects.create(user=user, county_id=county)
    return user


def visit_form(firm, officers, problems=(), **overrides):
    data = {
        "enterprise": firm.pk, "served_on": "2026-02-20", "way": reference("ServiceWay", "visit").pk, "officers": [officer.pk for officer in officers],
        "discussed": "了解一季度订单", "follow_up": "",
        "problems-TOTAL_FORMS": str(max(len(problems), 2)), "problems-INITIAL_FORMS": "0", "problems-MIN_NUM_FORMS": "0", "problems-MAX_NUM_FORMS": "1000",
    }
    for index, problem in enumerate(problems):
        data.update({f"problems-{index}-{name}": value for name, value in problem.items()})
    data.update(overrides)
    return data


@pytest.fixture
def world(db):
    own = make_enterprise(county_id="330902", name="定海本区船舶有限公司")
    other = make_enterprise(county_id="330903", name="普陀外区水产有限公司", uscc=next_uscc("330903"))
    return {
        "own": own, "other": other,
        "own_record": make_service_record(own, served_on=D(2026, 1, 10)), "other_record": make_service_record(other, served_on=D(2026, 1, 11)),
        "own_problem": make_problem(own, description="本区融资问题", due_on=D(2026, 2, 1)), "other_problem": make_problem(other, description="外区用工问题", due_on=D(2026, 2, 1)),
    }


@pytest.fixture
def officer(world):
    return make_officer()


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.mark.django_db
class VisitPageTests:
    def test_an_officer_records_a_visit_with_two_problems(self, officer_client, officer, world):
        problems = [{"category": reference("ProblemCategory", "financing").pk, "description": "流动资金贷款到期"}, {"category": reference("ProblemCategory", "labour").pk, "description": "缺焊工", "due_on": "2026-04-30"}]
        response = officer_client.post(reverse("admin:assistance_servicerecord_add"), visit_form(world["own"], [officer], problems))
        assert response.status_code == 302, response.context["errors"] if response.context else response
        record = ServiceRecord.objects.exclude(pk__in=[world["own_record"].pk, world["other_record"].pk]).get()
        assert (record.recorded_by, list(record.officers.all())) == (officer, [officer])
        assert sorted(record.problems.values_list("description", "status", "raised_on")) == [("流动资金贷款到期", "collected", D(2026, 2, 20)), ("缺焊工", "collected", D(2026, 2, 20))]
        assert ProblemEvent.objects.filter(problem__service_record=record, actor=officer).count() == 2

    def test_a_saved_visit_is_edited_and_gets_one_more_problem(self, officer_client, officer, world):
        record = world["own_record"]
        raised = make_problem(world["own"], service_record=record, raised_on=record.served_on)
        data = visit_form(world["own"], [officer], [{"id": raised.pk, "service_record": record.pk}, {"category": reference("ProblemCategory", "land").pk, "description": "扩产用地"}], served_on="2026-01-10", discussed="补充交流内容")
        data["problems-INITIAL_FORMS"] = "1"
        response = officer_client.post(reverse("admin:assistance_servicerecord_change", args=[record.pk]), data)
        assert response.status_code == 302, response.context["errors"] if response.context else response
        record.refresh_from_db()
        assert (record.discussed, list(record.officers.all())) == ("补充交流内容", [officer])
        assert sorted(record.problems.values_list("description", flat=True)) == ["扩产用地", "融资难"]

    def test_a_past_due_date_on_a_raised_problem_is_refused_unless_confirmed(self, officer_client, officer, world):
        before = database_checksum()
        problems = [{"category": reference("ProblemCategory", "financing").pk, "description": "续贷", "due_on": "2026-02-25"}]
        response = officer_client.post(reverse("admin:assistance_servicerecord_add"), visit_form(world["own"], [officer], problems))
        assert response.status_code == 200 and "办结时限已过" in response.content.decode()
        assert database_checksum() == before
        problems[0]["confirm_past_due"] = "on"
        assert officer_client.post(reverse("admin:assistance_servicerecord_add"), visit_form(world["own"], [officer], problems)).status_code == 302

    def test_an_officer_out_of_the_clerks_area_is_refused(self, officer_client, officer, world):
        stranger = make_officer("putuo", county="330903")
        before = database_checksum()
        response = officer_client.post(reverse("admin:assistance_servicerecord_add"), visit_form(world["own"], [officer, stranger]))
        assert response.status_code == 200 and database_checksum() == before
        assert "officers" in response.context["adminform"].form.errors  # not offered: the choice itself is refused

    def test_a_visit_on_another_countys_firm_is_refused(self, officer_client, officer, world):
        before = database_checksum()
        response = officer_client.post(reverse("admin:assistance_servicerecord_add"), visit_form(world["other"], [officer]))
        assert response.status_code == 200 and database_checksum() == before

    def test_a_standalone_problem_is_collected_through_the_service(self, officer_client, officer, world):
        data = {"enterprise": world["own"].pk, "raised_on": "2026-02-27", "way": reference("ServiceWay", "phone").pk, "category": reference("ProblemCategory", "energy").pk, "description": "用能指标", "due_on": "2026-03-31"}
        assert officer_client.post(reverse("admin:assistance_problem_add"), data).status_code == 302
        problem = Problem.objects.get(description="用能指标")
        assert problem.events.get().actor == officer


@pytest.mark.django_db
class ProblemPageTests:
    def change(self, client, problem, **data):
        events = problem.events.count()
        trail = {"events-TOTAL_FORMS": str(events), "events-INITIAL_FORMS": str(events), "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "1000"}
        values = {"category": problem.category_id, "description": problem.description, "officer": problem.officer_id or "", "due_on": problem.due_on or "", "satisfaction": problem.satisfaction, **trail, **data}
        return client.post(reverse("admin:assistance_problem_change", args=[problem.pk]), values)

    def test_its_facts_change_through_the_service_with_an_event(self, officer_client, officer, world):
        problem = world["own_problem"]
        assert self.change(officer_client, problem, description="本区融资问题（补充：需500万元）", officer=officer.pk).status_code == 302
        problem.refresh_from_db()
        assert (problem.description, problem.officer, problem.status) == ("本区融资问题（补充：需500万元）", officer, S.COLLECTED)
        assert "问题描述、责任人" in problem.events.get().note

    def test_a_past_due_date_needs_confirming_and_an_outsider_cannot_be_named(self, officer_client, world):
        problem, stranger = world["own_problem"], make_officer("putuo", county="330903")
        before = database_checksum()
        response = self.change(officer_client, problem, due_on="2026-02-15")
        assert response.status_code == 200 and "办结时限已过" in response.content.decode()
        assert self.change(officer_client, problem, officer=stranger.pk).status_code == 200
        assert database_checksum() == before
        assert self.change(officer_client, problem, due_on="2026-02-15", confirm_past_due="on").status_code == 302

    def test_the_page_names_the_steps_the_problem_may_take(self, officer_client, world):
        page = officer_client.get(reverse("admin:assistance_problem_change", args=[world["own_problem"].pk])).content.decode()
        assert "交办、企业撤回（在问题诉求列表中勾选本条，选择相应操作）" in page

    def test_the_status_is_not_a_field_of_the_form(self, officer_client, world):
        self.change(officer_client, world["own_problem"], status="resolved", resolution="改状态", resolved_on="2026-02-01")
        problem = Problem.objects.get(pk=world["own_problem"].pk)
        assert (problem.status, problem.resolution) == (S.COLLECTED, "")


@pytest.mark.django_db
class StepActionTests:
    def post_action(self, client, action, problems, **data):
        return client.post(reverse("admin:assistance_problem_changelist"), {"action": action, "_selected_action": [p.pk for p in problems], "confirm": "1", **data}, follow=True)

    def test_a_clerk_assigns_a_problem(self, officer_client, officer, world):
        response = self.post_action(officer_client, "assign", [world["own_problem"]], unit=reference("AssigneeUnit", "jxj").pk, officer=officer.pk, due_on="2026-03-20")
        assert "成功 1 条" in response.content.decode()
        problem = Problem.objects.get(pk=world["own_problem"].pk)
        assert (problem.status, problem.unit.code, problem.officer, problem.due_on) == (S.ASSIGNED, "jxj", officer, D(2026, 3, 20))

    def test_a_refused_step_is_a_message_and_changes_nothing(self, officer_client, world):
        before = database_checksum()
        response = self.post_action(officer_client, "resolve", [world["own_problem"]], resolution="已解决", resolved_on="2026-02-01")
        assert "不能从“已收集”改为“已化解”" in response.content.decode()
        assert database_checksum() == before

    def test_a_resolution_date_before_the_problem_was_raised_is_refused(self, officer_client, world):
        problem = make_problem(world["own"], status=S.IN_PROGRESS, raised_on=D(2026, 2, 1))
        before = database_checksum()
        response = self.post_action(officer_client, "resolve", [problem], resolution="已解决", resolved_on="2026-01-31")
        assert "不能早于提出日期" in response.content.decode() and database_checksum() == before

    def test_closing_without_a_resolution_text_asks_for_it(self, officer_client, world):
        problem = make_problem(world["own"], status=S.IN_PROGRESS)
        before = database_checksum()
        response = self.post_action(officer_client, "resolve", [problem], resolution="", resolved_on="2026-02-01")
        assert response.status_code == 200 and database_checksum() == before
        assert "resolution" in response.context["form"].errors

    def test_an_action_never_reaches_another_countys_problem(self, officer_client, world):
        self.post_action(officer_client, "withdraw", [world["other_problem"]], reason="试图撤回")
        assert Problem.objects.get(pk=world["other_problem"].pk).status == S.COLLECTED


@pytest.mark.django_db
class ScopeTests:
    @pytest.mark.parametrize("model, own, other", [("servicerecord", "own_record", "other_record"), ("problem", "own_problem", "other_problem")])
    def test_the_list_holds_only_own_rows(self, officer_client, world, model, own, other):
        response = officer_client.get(reverse(f"admin:assistance_{model}_changelist"))
        assert [row.pk for row in response.context["cl"].result_list] == [world[own].pk]

    @pytest.mark.parametrize("model, other", [("servicerecord", "other_record"), ("problem", "other_problem")])
    def test_another_countys_row_by_url_is_not_found(self, officer_client, world, model, other):
        response = officer_client.get(reverse(f"admin:assistance_{model}_change", args=[world[other].pk]), follow=True)
        assert "普陀外区水产有限公司" not in response.content.decode() and "不存在" in response.content.decode()

    @pytest.mark.parametrize("admin_name, resource_class", [("assistance_servicerecord", ServiceRecordResource), ("assistance_problem", ProblemResource)])
    def test_the_export_holds_only_own_rows(self, officer_client, world, admin_name, resource_class):
        fields = {f"{resource_class.__name__.lower()}_{name}": "on" for name in resource_class().get_export_order()}
        content = officer_client.post(reverse(f"admin:{admin_name}_export"), {"format": "1", "resource": "0", **fields}).content.decode("utf-8-sig")
        assert world["own"].uscc in content and world["other"].uscc not in content

    def test_the_firm_autocomplete_offers_only_own_firms(self, officer_client, world):
        response = officer_client.get(reverse("admin:autocomplete"), {"app_label": "assistance", "model_name": "servicerecord", "field_name": "enterprise", "term": "有限公司"})
        assert [item["text"] for item in response.json()["results"]] == ["定海本区船舶有限公司"]

    def test_the_officer_choices_hold_only_colleagues(self, officer_client, world):
        stranger = make_officer("putuo", county="330903")
        choices = officer_client.get(reverse("admin:assistance_servicerecord_add")).context["adminform"].form.fields["officers"].queryset
        assert stranger not in choices

    def test_the_figures_and_their_export_count_only_own_problems(self, officer_client, world):
        response = officer_client.get(reverse("admin:assistance_problem_figures"))
        assert response.context["headline"].collected == 1
        sheet = load_workbook(io.BytesIO(officer_client.get(reverse("admin:assistance_problem_figures"), {"by": "county", "export": "xlsx"}).content)).active
        assert [[cell.value for cell in row][:2] for row in sheet.iter_rows(min_row=2)] == [["定海区", 1]]

    def test_the_unvisited_list_and_its_export_hold_only_own_firms(self, officer_client, world):
        make_entry(make_enterprise(county_id="330902", name="定海未走访有限公司"), "innovative_sme")
        make_entry(make_enterprise(county_id="330903", name="普陀未走访有限公司", uscc=next_uscc("330903")), "innovative_sme")
        page = officer_client.get(reverse("admin:assistance_problem_unvisited")).content.decode()
        exported = load_workbook(io.BytesIO(officer_client.get(reverse("admin:assistance_problem_unvisited"), {"export": "xlsx"}).content)).active
        names = [row[0].value for row in exported.iter_rows(min_row=2)]
        assert "定海未走访有限公司" in page and "普陀未走访有限公司" not in page and names == ["定海未走访有限公司"]

    def test_the_workload_counts_only_own_problems(self, officer_client, officer, world):
        StaffProfile.objects.filter(user=officer).update(level="township", unit="金塘镇")
        Problem.objects.update(officer=officer)
        rows = {row[0]: row for row in officer_client.get(reverse("admin:assistance_problem_workload")).context["rows"]}
        assert rows["周海军"][1:3] == ["乡镇（街道）级", "金塘镇"] and rows["周海军"][5] == 1  # open problems: the 定海 one only

    def test_an_officer_sees_the_firms_they_serve_elsewhere(self, officer_client, officer, world):
        FirmOfficer.objects.create(enterprise=world["other"], officer=officer)
        response = officer_client.get(reverse("admin:assistance_problem_changelist"))
        assert {row.pk for row in response.context["cl"].result_list} == {world["own_problem"].pk, world["other_problem"].pk}

    def test_the_viewer_reads_but_cannot_step(self, client, world):
        viewer = make_user("reader")
        viewer.groups.add(Group.objects.get(name="只读"))
        client.force_login(viewer)
        assert client.get(reverse("admin:assistance_problem_changelist")).status_code == 200
        response = client.post(reverse("admin:assistance_problem_changelist"), {"action": "withdraw", "_selected_action": [world["own_problem"].pk], "confirm": "1", "reason": "x"})
        assert Problem.objects.get(pk=world["own_problem"].pk).status == S.COLLECTED and response.status_code in (200, 302)


@pytest.mark.django_db
class HostileQueryTests:
    @pytest.mark.parametrize("query", [{"by": "<script>"}, {"by": "county\x00"}, {"export": "pdf"}, {"export": "xlsx\x00"}, {"by": ["county", "unit"]}])
    def test_the_report_pages_ignore_what_they_cannot_take(self, admin_client, world, query):
        for name in ("figures", "unvisited", "workload"):
            response = admin_client.get(reverse(f"admin:assistance_problem_{name}"), query)
            assert response.status_code == 200

    @pytest.mark.parametrize("query", ["overdue=bogus", "status=nope", "county=999999", "zone=abc", "raised_on__gte=99999-01-01"])
    def test_the_problem_list_never_fails_on_a_typed_filter(self, admin_client, world, query):
        assert admin_client.get(reverse("admin:assistance_problem_changelist") + "?" + query).status_code in (200, 302)


@pytest.mark.django_db
class FirmPageTests:
    def test_the_firm_page_shows_its_service_log_and_problems(self, admin_client, world):
        page = admin_client.get(reverse("admin:registry_enterprise_change", args=[world["own"].pk])).content.decode()
        assert "服务记录与问题诉求" in page and "本区融资问题" in page and "外区用工问题" not in page

    def test_a_co_officer_is_added_through_the_service_and_shown_on_the_firm_page(self, officer_client, officer, world):
        firm, helper = world["own"], make_officer("helper")
        helper.last_name, helper.first_name = "王", "丽娜"
        helper.save()
        response = officer_client.post(reverse("admin:assistance_firmofficer_add"), {"enterprise": firm.pk, "officer": helper.pk})
        assert response.status_code == 302
        assert [link.officer for link in FirmOfficer.objects.filter(enterprise=firm)] == [helper]
        assert "协助专员：王丽娜" in officer_client.get(reverse("admin:registry_enterprise_change", args=[firm.pk])).content.decode()

    def test_a_co_officer_who_is_the_lead_or_out_of_scope_is_refused(self, officer_client, officer, world):
        firm, stranger = world["own"], make_officer("putuo", county="330903")
        firm.service_officer = officer
        firm.save()
        before = database_checksum()
        for candidate, message in ((officer, "已是该企业的助企专员"), (stranger, "选择一个有效的选项")):
            response = officer_client.post(reverse("admin:assistance_firmofficer_add"), {"enterprise": firm.pk, "officer": candidate.pk})
            assert response.status_code == 200 and message in response.content.decode()
        assert database_checksum() == before

    def test_the_co_officer_list_holds_only_own_firms(self, officer_client, world):
        own = FirmOfficer.objects.create(enterprise=world["own"], officer=make_user("a"))
        FirmOfficer.objects.create(enterprise=world["other"], officer=make_user("b"))
        response = officer_client.get(reverse("admin:assistance_firmofficer_changelist"), {"enterprise": world["own"].pk})
        assert [link.pk for link in response.context["cl"].result_list] == [own.pk]


@pytest.mark.django_db
class QueryCountTests:
    def test_the_lists_and_the_firm_page_take_as_many_queries_for_many_rows_as_for_few(self, admin_client, world):
        def more():
            for index in range(5):
                firm = make_enterprise(county_id="330902")
                make_service_record(firm, served_on=D(2026, 1, index + 1), officers=[make_user(f"officer{index}")])
                make_problem(firm, unit="jxj", officer=make_user(f"responsible{index}"), due_on=D(2026, 2, 1))
                make_problem(world["own"], description=f"又一个问题{index}")
                make_service_record(world["own"], served_on=D(2026, 2, index + 1), officers=[make_user(f"visitor{index}")])

        pages = [reverse("admin:assistance_servicerecord_changelist"), reverse("admin:assistance_problem_changelist"), reverse("admin:registry_enterprise_change", args=[world["own"].pk])]
        [admin_client.get(url) for url in pages]  # warms the caches (content types, permissions) a first visit fills
        responses = assert_queries_do_not_grow(lambda: [admin_client.get(url) for url in pages], more)
        assert all(response.status_code == 200 for response in responses)
        assert "又一个问题4" in responses[2].content.decode()
