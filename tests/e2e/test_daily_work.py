"""The staff's daily work in a real browser, in the Chinese interface (and the switch to English and back)."""

import datetime

import pytest

from cultivation.models import PoolEntry
from registry.models import Enterprise, StaffProfile
from registry.roles import OFFICER
from tests.e2e.conftest import login, screenshot
from tests.factories import make_enterprise, make_entry, make_user, next_uscc

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_logs_in_and_shows_the_chinese_workbench(page):
    make_user("boss", superuser=True)
    login(page, "boss")
    assert "舟山市企业梯度培育库" in page.content()
    assert page.get_by_role("link", name="企业").first.is_visible()


def test_it_switches_to_english_and_back_with_the_header_button(page):
    make_user("boss", superuser=True)
    login(page, "boss")
    page.click("button[value=en]")
    page.wait_for_selector("text=Zhoushan enterprise tiering registry")
    assert page.get_by_role("link", name="Enterprises").first.is_visible()
    page.goto(f"{page.base_url}/admin/registry/enterprise/")
    assert page.get_by_role("heading", name="Select Enterprise to change").is_visible()
    page.click("button[value=zh-hans]")
    page.wait_for_selector("text=舟山市企业梯度培育库")
    assert page.get_by_role("heading", name="选择 企业 来修改").is_visible()


def test_it_refuses_a_bad_uscc_then_saves_the_fixed_one(page):
    make_user("boss", superuser=True)
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/registry/enterprise/add/")
    page.fill("#id_name", "舟山海星船舶修造有限公司")
    page.fill("#id_uscc", "91110000101623741A")
    page.select_option("#id_county", "330902")
    page.evaluate("document.querySelector('#id_industry').innerHTML = '<option value=\"3731\" selected>3731 金属船舶制造</option>'")
    page.click("input[name=_save]")
    assert "校验位错误：第18位应为K" in page.locator(".errorlist").first.inner_text()
    assert not Enterprise.objects.exists()
    page.fill("#id_uscc", "9111 0000 1016 2374 1k")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert Enterprise.objects.get().uscc == "91110000101623741K"


def test_it_moves_pool_entries_through_applied_to_recognised_with_bulk_actions(page):
    make_user("boss", superuser=True)
    entries = [make_entry(make_enterprise(name=f"岱山企业{i}"), "innovative_sme", entered_on=datetime.date(2026, 1, 5)) for i in range(2)]
    login(page, "boss")
    changelist = f"{page.base_url}/admin/cultivation/poolentry/"
    for action, date_field in (("mark_applied", "2026-03-01"), ("mark_recognised", "2026-06-30")):
        page.goto(changelist)
        page.check("#action-toggle")
        page.select_option("select[name=action]", action)
        page.click("button[name=index]")
        page.fill("#id_on", date_field)
        page.click("input[type=submit].default")
        page.wait_for_selector(".messagelist .success")
    statuses = set(PoolEntry.objects.filter(pk__in=[e.pk for e in entries]).values_list("status", flat=True))
    assert statuses == {"recognised"}
    assert "标记为已认定：成功 2 条" in page.content()


def test_a_county_officer_cannot_open_another_countys_firm(page):
    from django.contrib.auth.models import Group

    officer = make_user("dinghai_officer")
    officer.groups.add(Group.objects.get(name=OFFICER))
    StaffProfile.objects.create(user=officer, county_id="330902")
    own = make_enterprise(county_id="330902", name="定海本区企业")
    other = make_enterprise(county_id="330903", name="普陀外区企业", uscc=next_uscc("330903"))
    login(page, "dinghai_officer")
    page.goto(f"{page.base_url}/admin/registry/enterprise/")
    assert "定海本区企业" in page.content() and "普陀外区企业" not in page.content()
    page.goto(f"{page.base_url}/admin/registry/enterprise/{other.pk}/change/")
    assert "普陀外区企业" not in page.content()
    assert "不存在" in page.content()
    page.goto(f"{page.base_url}/admin/registry/enterprise/{own.pk}/change/")
    assert page.input_value("#id_name") == "定海本区企业"
    screenshot(page, "officer-own-firm")
