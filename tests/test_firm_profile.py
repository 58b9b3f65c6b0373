"""一企一档: a firm's printable profile page, opened from the firm list, its change page, the watch lists and the dashboard."""

import datetime
import io
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from django.utils.formats import date_format

from cultivation.models import PoolEvent
from registry.models import Enterprise, StaffProfile
from tests.factories import make_annual_profile, make_enterprise, make_entry, make_monthly_report, make_user
from tests.query_counts import assert_queries_do_not_grow
from tests.test_english import CJK, database_text

D = datetime.date


def profile_url(firm):
    return reverse("admin:registry_enterprise_profile", args=[firm.pk])


@pytest.fixture
def firm(db):
    officer = make_user("zhou", first_name="海军", last_name="周")
    StaffProfile.objects.create(user=officer, phone="0580-2281234")
    firm = make_enterprise(name="金塘船厂", service_officer=officer, contact_person="王经理", contact_phone="13900000000", main_products="散货船")
    entry = make_entry(firm, "innovative_sme", status="recognised", recognised_on=D(2024, 3, 15), document_number="舟经信〔2024〕12号")
    PoolEvent.objects.create(entry=entry, from_status="applied", to_status="recognised", happened_on=D(2024, 3, 15), note="省厅认定")
    for period, output, revenue in (("2023-01", 100, 80), ("2023-02", 110, 85), ("2024-01", 90, 70), ("2024-02", 95, 75)):
        make_monthly_report(firm, period, output_value=output, revenue=revenue)
    make_annual_profile(firm, 2023, revenue=1200, employees=88)
    return firm


@pytest.mark.django_db
class FirmProfileTests:
    def test_it_shows_every_section_of_the_firm(self, admin_client, firm):
        page = admin_client.get(profile_url(firm)).content.decode()
        assert "一企一档：金塘船厂" in page and firm.uscc in page and "散货船" in page
        assert "舟经信〔2024〕12号" in page and "省厅认定" in page and date_format(D(2024, 3, 15)) in page
        assert "周海军" in page and "0580-2281234" in page and "13900000000" in page
        assert "<td class=\"num\">1200</td>" in page and "<td class=\"num\">88</td>" in page  # the annual profile
        assert "创新型中小企业" in page and "测评日期" in page  # the eligibility verdicts
        assert "减产企业" in page  # on the watch list: 185 this year against 210

    def test_it_draws_this_year_against_last_year(self, admin_client, firm):
        response = admin_client.get(profile_url(firm))
        data = json.loads(re.search(r'<script id="profile-trend-data" type="application/json">(.*?)</script>', response.content.decode()).group(1))
        assert data["trend"]["output"] == [90.0, 95.0] and data["trend"]["output_last_year"] == [100.0, 110.0]
        assert data["trend"]["revenue"] == [70.0, 75.0]

    def test_it_shows_the_year_to_date_with_its_light(self, admin_client, firm):
        page = admin_client.get(profile_url(firm)).content.decode()
        # 185 against 210: −11.90 %, at or below −10 %: red.
        assert "185.00" in page and "210.00" in page and "-11.90%" in page and 'class="traffic-red"' in page

    def test_it_prints_on_a4_without_the_admin_frame(self, admin_client, firm):
        page = admin_client.get(profile_url(firm)).content.decode()
        assert "registry/profile.css" in page and "window.print()" in page
        stylesheet = open(finders.find("registry/profile.css"), encoding="utf-8").read()
        assert "size: A4" in stylesheet and "#header" in stylesheet and "break-inside: avoid" in stylesheet

    def test_it_says_so_when_a_firm_has_no_figures_ladder_or_annual_profile(self, admin_client):
        page = admin_client.get(profile_url(make_enterprise(name="新设企业"))).content.decode()
        assert "新设企业" in page and "尚未进入任何培育库" in page and "还没有任何月度数据。" in page and "尚无年度数据" in page
        change_page = admin_client.get(reverse("admin:registry_enterprise_change", args=[Enterprise.objects.get(name="新设企业").pk])).content.decode()
        assert "暂无月度数据" in change_page

    @pytest.mark.parametrize("object_id", ["999999", "-1", "abc", "1%00", "a%00b", "99999999999999999999999"])
    def test_it_is_not_found_for_a_firm_that_does_not_exist(self, admin_client, object_id):
        response = admin_client.get(f"/admin/registry/enterprise/{object_id}/profile/")
        assert response.status_code == 404 and "页面不存在" in response.content.decode()

    def test_it_is_not_found_for_a_firm_outside_the_officers_area(self, client, firm):
        officer = make_user("putuo", perms=("registry.view_enterprise", "cultivation.view_monthlyreport"))
        StaffProfile.objects.create(user=officer, county_id="330903")
        client.force_login(officer)
        assert client.get(profile_url(firm)).status_code == 404
        own = make_enterprise(name="普陀水产", county_id="330903")
        page = client.get(profile_url(own)).content.decode()
        assert "普陀水产" in page and "培育梯度与变更记录" not in page  # no view permission on the ladder: no ladder section

    def test_it_is_for_staff_who_may_view_firms(self, client, firm):
        client.force_login(make_user("nobody"))
        assert client.get(profile_url(firm)).status_code == 403

    def test_its_query_count_does_not_grow_with_months_and_events(self, admin_client, firm):
        def more_history():
            for year in (2022, 2023, 2024):
                for month in range(3, 13):
                    make_monthly_report(firm, f"{year}-{month:02d}", output_value=month, revenue=month)
            for year in range(2015, 2023):
                make_annual_profile(firm, year, revenue=year)
            for code in ("srdi_sme", "above_scale_candidate"):
                entry = make_entry(firm, code, status="candidate")
                for day in range(1, 6):
                    PoolEvent.objects.create(entry=entry, to_status="candidate", happened_on=D(2024, 4, day))

        response = assert_queries_do_not_grow(lambda: admin_client.get(profile_url(firm)), more_history)
        assert response.status_code == 200


@pytest.mark.django_db
class FirmProfileLinksTests:
    def test_the_firm_list_links_each_firm_to_its_profile(self, admin_client, firm):
        page = admin_client.get(reverse("admin:registry_enterprise_changelist")).content.decode()
        assert f'href="{profile_url(firm)}"' in page

    def test_the_change_page_links_to_it_and_shows_the_latest_figures(self, admin_client, firm):
        page = admin_client.get(reverse("admin:registry_enterprise_change", args=[firm.pk])).content.decode()
        assert f'href="{profile_url(firm)}"' in page
        assert "2024年2月" in page and "95.00" in page and "75.00" in page

    def test_the_watch_lists_link_firm_names_to_it(self, admin_client, firm):
        page = admin_client.get(reverse("admin:cultivation_monthlyreport_watchlist", args=["declining"])).content.decode()
        assert f'<a href="{profile_url(firm)}">金塘船厂</a>' in page

    def test_the_dashboard_links_firm_names_to_it(self, admin_client, firm):
        page = admin_client.get(reverse("admin:cultivation_monthlyreport_dashboard")).content.decode()
        assert f'href="{profile_url(firm)}"' in page


@pytest.mark.django_db
class FirmProfileEnglishTests:
    def test_it_speaks_english_but_for_the_data(self, client, settings):
        call_command("seed_demo", enterprises=30, seed=5, stdout=io.StringIO())
        client.force_login(make_user("boss", superuser=True))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        firm = Enterprise.objects.filter(pool_entries__isnull=False, monthly_reports__isnull=False).distinct().first()
        page = client.get(profile_url(firm)).content.decode()
        assert "Firm profile" in page and "Monthly trend" in page
        # The eligibility reasons stay Chinese on purpose (worded after the national criteria): checked apart from the rest.
        before, _, rest = page.partition('<div class="eligibility-panel">')
        after = rest.partition('id="profile-officers"')[2]
        known = database_text() + "\n中文"
        assert after and {text for text in CJK.findall(before + after) if text not in known} == set()
