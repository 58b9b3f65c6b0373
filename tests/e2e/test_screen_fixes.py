"""In the browser: the admin's date picker works on action and candidate-list pages, and the lists fit a 1280 px screen."""

import datetime

import pytest

from cultivation.models import Batch
from registry.models import IndustryChain, Zone
from tests.e2e.conftest import login, screenshot
from tests.factories import make_enterprise, make_entry, make_user, tier

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NO_HORIZONTAL_OVERFLOW = "() => document.documentElement.scrollWidth <= window.innerWidth"
LIST_FITS = "() => document.querySelector('#result_list').scrollWidth <= document.querySelector('#changelist .results').clientWidth"


def test_the_date_picker_opens_on_an_action_page_without_a_script_error(page):
    make_user("boss", superuser=True)
    Batch.objects.create(tier=tier("innovative_sme"), year=2024, name="2024年第二批")
    entry = make_entry(make_enterprise(name="舟山海星船舶修造有限公司"), status="applied")
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/cultivation/poolentry/")
    page.check(f"input[name=_selected_action][value='{entry.pk}']")
    page.select_option("select[name=action]", "mark_recognised")
    page.click("button[name=index]")
    page.locator(".datetimeshortcuts a[id^=calendarlink]").first.click()
    assert page.locator(".calendarbox").first.is_visible()
    assert page.console_errors == []


def test_the_date_picker_opens_on_the_candidate_list_page_without_a_script_error(page):
    make_user("boss", superuser=True)
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/cultivation/exportlayout/candidates/")
    page.locator(".datetimeshortcuts a[id^=calendarlink]").first.click()
    assert page.locator(".calendarbox").first.is_visible()
    assert page.console_errors == []


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_firm_list_fits_the_screen_with_its_filters_folded(page, width):
    boss = make_user("boss", superuser=True, last_name="欧阳", first_name="振华")
    chains = IndustryChain.objects.all()[:2]
    for index in range(5):
        firm = make_enterprise(name=f"舟山市普陀区六横镇海洋装备制造与船舶修造有限责任公司第{index}分公司", zone=Zone.objects.get(code="putuoshan_zhujiajian"), county_id="330903", chains=chains, service_officer=boss)
        make_entry(firm, "little_giant", status="recognised", recognised_on=datetime.date(2024, 7, 1))
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/registry/enterprise/")
    page.locator("#result_list").wait_for()
    assert not page.locator("#changelist-filter").is_visible()  # folded by default below 1600 px
    screenshot(page, f"firm-list-{width}")
    assert page.evaluate(LIST_FITS), "the list scrolls sideways inside its box"
    assert page.evaluate(NO_HORIZONTAL_OVERFLOW)
    page.click("#filter-toggle")
    assert page.locator("#changelist-filter").is_visible()
    page.reload()
    assert page.locator("#changelist-filter").is_visible()  # the browser remembers the choice
    page.click("#filter-toggle")
    assert not page.locator("#changelist-filter").is_visible()
    assert page.console_errors == []


def test_an_active_filter_is_named_on_the_folded_panel(page):
    make_user("boss", superuser=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "boss")
    page.goto(f"{page.base_url}/admin/registry/enterprise/?county=330902")
    assert page.locator("#filter-toggle").inner_text() == "显示筛选（已筛选）"
