"""The home page (工作台): each to-do's count is the number of rows its link opens, within the user's area; the daily
pages come first in the sidebar; the page's queries do not grow with the firms."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from registry.models import StaffProfile
from registry.roles import OFFICER
from tests.factories import make_enterprise, make_entry, make_monthly_report, make_user
from tests.query_counts import assert_queries_do_not_grow

TODO = re.compile(r'<li class="todo"><a href="([^"]+)">([^<]+)</a><a class="todo-count[^"]*" href="[^"]+" data-count="(\d+)">')


@pytest.fixture
def demo(db):
    call_command("seed_demo", enterprises=40, seed=3, stdout=io.StringIO())


def officer_of(county):
    user = make_user(f"officer-{county}")
    user.groups.add(Group.objects.get(name=OFFICER))
    StaffProfile.objects.create(user=user, county_id=county)
    return user


def todos(client):
    html = client.get(reverse("admin:index")).content.decode()
    return [(label, int(count), url.replace("&amp;", "&")) for url, label, count in TODO.findall(html)]


def rows_opened(client, url):
    """The number of rows the page at `url` lists: an admin changelist, a watch list or the progress table."""
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    if "cl" in context:
        return context["cl"].result_count
    if "page" in context:
        return context["page"].paginator.count
    return len(context["rows"])


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TodoCountTests:
    def test_it_shows_every_to_do_with_a_count_equal_to_the_rows_its_link_opens(self, admin_client):
        shown = todos(admin_client)
        assert [label for label, _, _ in shown] == [
            "90天内到期的认定", "90天内需复核的认定", "落后于时间进度的目标", "本期缺报月度数据的企业", "降规风险企业", "红灯减产企业",
            "超期未办结的问题诉求", "超过走访间隔未走访的在库企业", "待确认的导入", "亮红灯的项目", "进行中的后台任务", "近7天失败的后台任务",
        ]
        assert any(count for _, count, _ in shown), "the demo data should give some waiting work"
        for label, count, url in shown:
            assert rows_opened(admin_client, url) == count, label

    def test_it_counts_only_the_officers_area_and_the_counts_still_match_the_lists(self, client):
        client.force_login(make_user("boss", superuser=True))
        city = {label: count for label, count, _ in todos(client)}
        client.force_login(officer_of("330902"))
        shown = todos(client)
        for label, count, url in shown:
            assert rows_opened(client, url) == count, label
        assert sum(count for _, count, _ in shown) < sum(city.values())

    def test_it_gives_a_viewer_without_ladder_rights_no_ladder_to_dos(self, client):
        client.force_login(make_user("reader", perms=["cultivation.view_monthlyreport"]))
        assert [label for label, _, _ in todos(client)] == ["本期缺报月度数据的企业", "降规风险企业", "红灯减产企业"]


@pytest.mark.django_db
class ExpiringTodoTests:
    def test_it_counts_recognitions_expiring_within_90_days_from_today(self, admin_client, monkeypatch):
        monkeypatch.setattr("registry.dates.today", lambda: datetime.date(2026, 3, 1))
        for days in (3, 90, 91, -1):
            make_entry(tier_code="innovative_sme", status="recognised", recognised_on=datetime.date(2023, 3, 1), valid_until=datetime.date(2026, 3, 1) + datetime.timedelta(days=days))
        label, count, url = todos(admin_client)[0]
        assert (label, count) == ("90天内到期的认定", 2)
        assert rows_opened(admin_client, url) == 2


@pytest.mark.django_db
class TargetsBehindTests:
    def test_it_counts_the_targets_trailing_the_share_of_the_year_gone(self, admin_client, monkeypatch):
        from cultivation.models import Target
        from tests.factories import tier

        monkeypatch.setattr("registry.dates.today", lambda: datetime.date(2026, 7, 2))  # half the year gone
        Target.objects.create(year=2026, tier=tier("innovative_sme"), count=10)  # about 5 by now: 4 is behind
        Target.objects.create(year=2026, tier=tier("innovative_sme"), county_id="330902", count=7)  # 3.5 by now: 4 is ahead
        for _ in range(4):
            make_entry(make_enterprise(county_id="330902"), "innovative_sme", status="recognised", recognised_on=datetime.date(2026, 3, 1))
        shown = {label: (count, url) for label, count, url in todos(admin_client)}
        count, url = shown["落后于时间进度的目标"]
        assert count == 1
        rows = admin_client.get(url).context["rows"]
        assert [(row.scope, row.target, row.achieved) for row in rows] == [("全市", 10, 4)]


@pytest.mark.django_db
class PageTests:
    def test_it_puts_the_daily_pages_first_and_the_reference_tables_last(self, admin_client):
        html = admin_client.get(reverse("admin:registry_enterprise_changelist")).content.decode()
        sidebar = html[html.index('id="nav-sidebar"') :]
        positions = [sidebar.index(text) for text in (">监测看板<", ">目标进度<", ">导入企业名录<", ">日常名单<", ">企业<", ">月度监测数据<", ">导入记录<", ">产业链<")]
        assert positions == sorted(positions)
        assert "企业名录模板" not in sidebar  # downloads are on the home page only

    def test_it_lists_the_import_templates_on_the_home_page(self, admin_client):
        html = admin_client.get(reverse("admin:index")).content.decode()
        assert f'href="{reverse("admin:cultivation_monthlyreport_import_template")}"' in html
        assert f'href="{reverse("admin:registry_enterprise_import_template")}"' in html

    def test_it_has_no_recent_actions_box(self, admin_client):
        html = admin_client.get(reverse("admin:index")).content.decode()
        assert "最近动作" not in html and "无可选的" not in html

    def test_its_queries_do_not_grow_with_the_firms(self, client, monkeypatch):
        monkeypatch.setattr("registry.dates.today", lambda: datetime.date(2026, 3, 1))
        client.force_login(make_user("boss", superuser=True))

        def add_firms():
            for number in range(5):
                firm = make_enterprise(is_above_scale=True)
                make_entry(firm, "innovative_sme", status="recognised", recognised_on=datetime.date(2023, 3, 1), valid_until=datetime.date(2026, 3, 20))
                make_monthly_report(firm, "2026-02", output_value=number)

        make_monthly_report(make_enterprise(), "2026-02", output_value=1)
        response = assert_queries_do_not_grow(lambda: client.get(reverse("admin:index")), add_firms)
        assert 'data-count="5"' in response.content.decode()
