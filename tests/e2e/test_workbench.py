"""The home page in a real browser: a city admin sets up a county clerk entirely through the screens; the clerk signs in
and sees only their county on the home page, the lists and the dashboard; every to-do count is the rows its link opens."""

import io
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from registry import workbench
from registry.roles import CITY_ADMIN, OFFICER
from tests.e2e.conftest import login, screenshot
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CLERK_PASSWORD = "Haixing#Shipyard2026"


def rows_listed(page):
    """The rows the opened page lists: an admin changelist, a watch list, the progress table or a 助企服务 report."""
    page.wait_for_load_state()
    for rows in ("#result_list tbody tr", "#watch-list tbody tr:not(:has(td[colspan]))", "#progress-table tbody tr", "table.assistance-report tbody tr:not(:has(td[colspan]))"):
        if page.locator(rows.split(" ")[0]).count():
            assert not page.locator(".paginator a, p.paginator a").count(), "the list runs over one page: count it another way"
            return page.locator(rows).count()
    return 0  # an admin list with no rows draws no table


def test_a_city_admin_sets_up_a_county_clerk_who_sees_only_their_county(page):
    call_command("seed_demo", enterprises=40, seed=3, stdout=io.StringIO())
    boss = make_user("city_admin")
    boss.groups.add(Group.objects.get(name=CITY_ADMIN))

    login(page, "city_admin")
    page.click("#content-main a:text-is('用户')")
    page.click(".object-tools a.addlink")
    page.fill("#id_username", "dinghai_clerk")
    page.fill("#id_password1", CLERK_PASSWORD)
    page.fill("#id_password2", CLERK_PASSWORD)
    page.fill("#id_last_name", "周")
    page.fill("#id_first_name", "海军")
    page.check(f"input[name=groups][value='{Group.objects.get(name=OFFICER).pk}']")
    page.select_option("#id_county", label="定海区")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    clerk = User.objects.get(username="dinghai_clerk")
    assert clerk.is_staff and clerk.staff_profile.county_id == "330902"

    page.context.clear_cookies()
    login(page, "dinghai_clerk", CLERK_PASSWORD)
    todos = [(item.locator("a").first.inner_text(), int(item.locator(".todo-count").inner_text()), item.locator("a").first.get_attribute("href")) for item in page.locator("li.todo").all()]
    assert sorted(label for label, _, _ in todos) == sorted(str(todo.label) for todo in workbench.todos(SimpleNamespace(user=clerk)))
    assert any(count for _, count, _ in todos)
    screenshot(page, "workbench-home")
    for label, count, url in todos:
        page.goto(page.base_url + url)
        assert rows_listed(page) == count, label

    page.goto(f"{page.base_url}/admin/registry/enterprise/")
    counties = set(page.locator("#result_list tbody td.field-county").all_inner_texts())
    assert counties == {"定海区"}
    page.goto(f"{page.base_url}/admin/cultivation/monthlyreport/dashboard/")
    assert set(page.locator("#top-decliners tbody td:nth-child(2)").all_inner_texts()) <= {"定海区"}
    assert not page.console_errors, page.console_errors
