"""What 助企服务 declares to the home page, the profile and the dashboard: counted within the user's firms."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from assistance.models import ProblemStatus as S
from registry import workbench
from registry.models import StaffProfile
from registry.roles import OFFICER
from tests.factories import make_enterprise, make_entry, make_monthly_report, make_problem, make_user, next_uscc

D = datetime.date
TODAY = D(2026, 3, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("registry.dates.today", lambda: TODAY)


@pytest.fixture
def clerk(db):
    user = make_user("dinghai")
    user.groups.add(Group.objects.get(name=OFFICER))
    StaffProfile.objects.create(user=user, county_id="330902")
    return user


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.django_db
class TodoTests:
    def test_the_todos_count_the_clerks_overdue_problems_and_unvisited_firms(self, clerk):
        own, other = make_enterprise(county_id="330902"), make_enterprise(county_id="330903", uscc=next_uscc("330903"))
        for firm in (own, other):
            make_problem(firm, status=S.ASSIGNED, due_on=D(2026, 2, 1))
            make_entry(firm, "innovative_sme")
        make_problem(own, status=S.ASSIGNED, due_on=D(2026, 3, 2))
        todos = {str(todo.label): todo for todo in workbench.todos(request_for(clerk)) if str(todo.group) == "助企服务"}
        assert todos["超期未办结的问题诉求"].count(request_for(clerk)) == 1
        assert todos["超过走访间隔未走访的在库企业"].count(request_for(clerk)) == 1
        assert todos["超期未办结的问题诉求"].url(request_for(clerk)).endswith("?overdue=yes")

    def test_the_shortcuts_and_the_profile_section_are_declared(self, clerk):
        assert "记录一次服务" in [str(shortcut.label) for shortcut in workbench.shortcuts(request_for(clerk))]
        assert "服务记录与问题诉求" in [str(section.title) for section in workbench.profile_sections(request_for(clerk))]

    def test_a_user_without_the_permission_sees_none_of_them(self, db):
        nobody = make_user("nobody")
        assert not [todo for todo in workbench.todos(request_for(nobody)) if str(todo.group) == "助企服务"]


@pytest.mark.django_db
class DashboardPanelTests:
    def test_the_dashboard_shows_the_headline_figures_of_its_firms(self, admin_client):
        firm = make_enterprise(county_id="330902")
        make_monthly_report(firm, "2026-01", output_value=Decimal(100))
        make_problem(firm, status=S.RESOLVED, resolved_on=D(2026, 1, 15))
        make_problem(firm, status=S.WITHDRAWN)
        make_problem(firm, status=S.IN_PROGRESS, due_on=D(2026, 2, 1))
        make_problem(make_enterprise(county_id="330903", uscc=next_uscc("330903")), status=S.COLLECTED)
        page = admin_client.get(reverse("admin:cultivation_monthlyreport_dashboard"), {"period": "2026-01-01", "county": "330902"}).content.decode()
        assert "助企服务：问题诉求办理" in page
        assert 'data-figure="collected">3<' in page and 'data-figure="rate">50.0%<' in page and 'data-figure="overdue">1<' in page
        assert "化解率 = 已化解 ÷（已收集 − 企业撤回）" in page
