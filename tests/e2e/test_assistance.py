"""助企服务 in a real browser: an officer records a visit with two problems, a clerk assigns one and it is resolved; the dashboard's figures follow."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from assistance.models import Problem
from registry.dates import today
from registry.models import StaffProfile
from registry.roles import OFFICER
from tests.e2e.conftest import login, screenshot
from tests.factories import make_enterprise, make_monthly_report, make_user, reference

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def officer(username, first_name, last_name):
    user = make_user(username, first_name=first_name, last_name=last_name)
    user.groups.add(Group.objects.get(name=OFFICER))
    StaffProfile.objects.create(user=user, county_id="330902")
    return user


def dashboard_figure(page, name):
    return page.locator(f".assistance-panel [data-figure={name}]").inner_text()


def run_action(page, problem, action, fields):
    page.goto(f"{page.base_url}/admin/assistance/problem/")
    page.check(f"input[name=_selected_action][value='{problem.pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    for selector, value in fields:
        if selector.startswith("select"):
            page.select_option(selector.split(" ", 1)[1], value)
        else:
            page.fill(selector, value)
    page.click("input[type=submit].default")
    page.wait_for_selector(".messagelist .success")


def test_a_visit_with_two_problems_is_assigned_resolved_and_counted_on_the_dashboard(page):
    firm = make_enterprise(county_id="330902", name="定海海星船舶修造有限公司")
    make_monthly_report(firm, f"{today():%Y-%m}", output_value=Decimal(1000))
    zhou, li = officer("zhou", "海军", "周"), officer("li_clerk", "晓燕", "李")
    served_on = (today() - datetime.timedelta(days=3)).isoformat()

    login(page, "zhou")
    page.goto(f"{page.base_url}/admin/assistance/servicerecord/add/?enterprise={firm.pk}")
    page.fill("#id_served_on", served_on)
    page.select_option("#id_way", str(reference("ServiceWay", "visit").pk))
    page.select_option("#id_officers_from", str(zhou.pk))
    page.click("#id_officers_add")
    page.fill("#id_discussed", "了解一季度订单和用工情况")
    page.select_option("#id_problems-0-category", str(reference("ProblemCategory", "labour").pk))
    page.fill("#id_problems-0-description", "缺少熟练焊工20名")
    page.select_option("#id_problems-1-category", str(reference("ProblemCategory", "financing").pk))
    page.fill("#id_problems-1-description", "流动资金贷款到期需续贷")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert sorted(Problem.objects.values_list("description", "status")) == [("流动资金贷款到期需续贷", "collected"), ("缺少熟练焊工20名", "collected")]

    page.context.clear_cookies()  # another colleague at the same browser
    login(page, "li_clerk")
    page.goto(f"{page.base_url}/admin/cultivation/monthlyreport/dashboard/")
    assert (dashboard_figure(page, "collected"), dashboard_figure(page, "resolved"), dashboard_figure(page, "rate")) == ("2", "0", "0.0%")

    loan = Problem.objects.get(description="流动资金贷款到期需续贷")
    due_on = (today() + datetime.timedelta(days=20)).isoformat()
    run_action(page, loan, "assign", [("select #id_unit", str(reference("AssigneeUnit", "jrb").pk)), ("select #id_officer", str(li.pk)), ("#id_due_on", due_on)])
    run_action(page, loan, "start", [])
    run_action(page, loan, "resolve", [("#id_resolution", "已协调银行完成续贷"), ("#id_resolved_on", today().isoformat()), ("select #id_satisfaction", "satisfied")])
    loan.refresh_from_db()
    assert (loan.status, loan.unit.code, loan.officer, loan.resolution) == ("resolved", "jrb", li, "已协调银行完成续贷")
    assert list(loan.events.values_list("to_status", flat=True)) == ["collected", "assigned", "in_progress", "resolved"]

    page.goto(f"{page.base_url}/admin/cultivation/monthlyreport/dashboard/")
    assert (dashboard_figure(page, "collected"), dashboard_figure(page, "resolved"), dashboard_figure(page, "rate"), dashboard_figure(page, "open")) == ("2", "1", "50.0%", "1")
    screenshot(page, "assistance-dashboard")
    assert page.console_errors == []
