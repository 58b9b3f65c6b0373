import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cultivation.monitoring.selectors import Light
from cultivation.monitoring.watchlists import WATCH_LISTS, watch_list_rows
from registry.models import Enterprise
from tests.factories import firm_with, make_enterprise, make_entry, make_monthly_report, make_user

D = datetime.date
JUNE = D(2024, 6, 1)


def names(slug, period=JUNE, **kwargs):
    return [firm.name for firm in watch_list_rows(WATCH_LISTS[slug], period, **kwargs)]


def revenue_history(enterprise, monthly_main_business_revenue, months=12, end="2024-06"):
    year, month = map(int, end.split("-"))
    for _ in range(months):
        make_monthly_report(enterprise, f"{year}-{month:02d}", main_business_revenue=monthly_main_business_revenue, output_value=1)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)


@pytest.mark.django_db
class OutputWatchListTests:
    def test_it_lists_firms_at_or_over_500_million_year_to_date(self):
        firm_with("大厂", this_year=50000)
        firm_with("小厂", this_year=49999.99)
        assert names("output_500m") == ["大厂"]

    def test_it_lists_billion_yuan_firms_by_output_for_the_year(self):
        big = make_enterprise(name="十亿厂")
        make_monthly_report(big, "2024-01", output_value=60000)
        make_monthly_report(big, "2024-06", output_value=40000)
        make_monthly_report(big, "2023-12", output_value=90000)  # last year does not count
        firm_with("五亿厂", this_year=99999)
        assert names("billion_yuan") == ["十亿厂"]


@pytest.mark.django_db
class DecliningWatchListTests:
    def test_it_lists_declining_firms_worst_first_with_their_light(self):
        firm_with("降一成", this_year=90, last_year=100)
        firm_with("降一点", this_year=99, last_year=100)
        firm_with("持平", this_year=100, last_year=100)
        firm_with("新厂", this_year=100)
        rows = list(watch_list_rows(WATCH_LISTS["declining"], JUNE))
        assert [(firm.name, firm.output_light) for firm in rows] == [("降一成", Light.RED), ("降一点", Light.YELLOW)]

    def test_it_filters_by_light(self):
        firm_with("降一成", this_year=90, last_year=100)
        firm_with("降一点", this_year=99, last_year=100)
        assert names("declining", light=Light.YELLOW) == ["降一点"]


@pytest.mark.django_db
class AboveScaleWatchListTests:
    def test_it_lists_candidates_whose_trailing_revenue_reached_the_line(self):
        ready = make_enterprise(name="够格")
        short = make_enterprise(name="差一点")
        not_in_pool = make_enterprise(name="未入库")
        left = make_enterprise(name="已退库")
        for firm in (ready, short, left):
            make_entry(firm, "above_scale_candidate", status="candidate" if firm is not left else "exited")
        revenue_history(ready, 2000 / 12)
        revenue_history(short, 166)  # 1,992 万元 over twelve months
        revenue_history(not_in_pool, 300)
        revenue_history(left, 300)
        assert names("above_scale_ready") == ["够格"]

    def test_it_lists_above_scale_firms_that_fell_below_the_line(self):
        falling = make_enterprise(name="降规风险", is_above_scale=True)
        safe = make_enterprise(name="稳定", is_above_scale=True)
        silent = make_enterprise(name="无报表", is_above_scale=True)
        small = make_enterprise(name="规下")
        revenue_history(falling, 100)
        revenue_history(safe, 200)
        revenue_history(small, 10)
        assert names("above_scale_risk") == ["降规风险"]
        assert silent.name not in names("above_scale_risk")

    def test_it_sums_the_trailing_twelve_months_only(self):
        firm = make_enterprise(name="老数据", is_above_scale=True)
        revenue_history(firm, 100, months=12, end="2024-06")
        make_monthly_report(firm, "2023-06", main_business_revenue=5000)  # thirteen months back
        assert names("above_scale_risk") == ["老数据"]


@pytest.mark.django_db
class MissingReportWatchListTests:
    def test_it_lists_firms_expected_to_report_that_did_not(self):
        reported = firm_with("已报", this_year=1)
        lapsed = make_enterprise(name="上月有报")
        make_monthly_report(lapsed, "2024-05", output_value=1)
        make_enterprise(name="规上未报", is_above_scale=True)
        make_enterprise(name="从未报送")
        gone = make_enterprise(name="已注销", status=Enterprise.Status.DEREGISTERED)
        make_monthly_report(gone, "2024-05", output_value=1)
        rows = {firm.name: firm for firm in watch_list_rows(WATCH_LISTS["missing_report"], JUNE)}
        assert set(rows) == {"上月有报", "规上未报"}
        assert rows["上月有报"].latest_period == D(2024, 5, 1)
        assert reported.name not in rows


@pytest.mark.django_db
class WatchListViewTests:
    def test_it_shows_each_list_filtered_by_county(self, admin_client):
        firm_with("定海大厂", this_year=60000, county_id="330902")
        firm_with("普陀大厂", this_year=70000, county_id="330903")
        url = reverse("admin:cultivation_monthlyreport_watchlist", args=["output_500m"])
        page = admin_client.get(url, {"county": "330903"}).content.decode()
        assert "普陀大厂" in page and "定海大厂" not in page and "70,000.00" in page
        for slug in WATCH_LISTS:
            assert admin_client.get(reverse("admin:cultivation_monthlyreport_watchlist", args=[slug])).status_code == 200

    def test_it_exports_xlsx_with_numbers_and_neutralised_formulas(self, admin_client):
        firm_with("=HYPERLINK(\"http://x\")", this_year=90, last_year=100)
        url = reverse("admin:cultivation_monthlyreport_watchlist", args=["declining"])
        response = admin_client.get(url, {"export": "xlsx"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        header, row = [cell.value for cell in sheet[2]], [cell.value for cell in sheet[3]]
        assert header[:2] == ["统一社会信用代码", "企业名称"]
        assert row[1] == "'=HYPERLINK(\"http://x\")"
        assert row[header.index("本年累计产值（万元）")] == 90
        assert row[header.index("预警")] == "红灯"

    def test_it_exports_csv_with_a_bom(self, admin_client):
        firm_with("减产厂", this_year=95, last_year=100)
        response = admin_client.get(reverse("admin:cultivation_monthlyreport_watchlist", args=["declining"]), {"export": "csv"})
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff统一社会信用代码") and "减产厂" in text and ",-5.0," in text

    def test_it_needs_the_export_permission_to_export(self, client, db):
        client.force_login(make_user("viewer", perms=("cultivation.view_monthlyreport",)))
        firm_with("减产厂", this_year=95, last_year=100)
        url = reverse("admin:cultivation_monthlyreport_watchlist", args=["declining"])
        assert client.get(url).status_code == 200
        assert client.get(url, {"export": "csv"}).status_code == 403

    def test_it_is_for_staff_with_view_permission(self, client, db):
        client.force_login(make_user("nobody"))
        assert client.get(reverse("admin:cultivation_monthlyreport_watchlists")).status_code == 403


@pytest.mark.django_db
class WatchListScopeTests:
    def test_it_shows_a_county_officer_only_their_firms(self, client):
        from registry.models import StaffProfile

        officer = make_user("dinghai", perms=("cultivation.view_monthlyreport",))
        StaffProfile.objects.create(user=officer, county_id="330902")
        firm_with("定海大厂", this_year=60000, county_id="330902")
        firm_with("普陀大厂", this_year=70000, county_id="330903")
        client.force_login(officer)
        page = client.get(reverse("admin:cultivation_monthlyreport_watchlist", args=["output_500m"])).content.decode()
        assert "定海大厂" in page and "普陀大厂" not in page
        dashboard = client.get(reverse("admin:cultivation_monthlyreport_dashboard"))
        assert dashboard.context["board"].totals["ytd_output"] == 60000


@pytest.mark.django_db
class WatchListContactsTests:
    def test_it_links_each_firm_to_its_profile(self, admin_client):
        firm = firm_with("减产厂", this_year=90, last_year=100)
        page = admin_client.get(reverse("admin:cultivation_monthlyreport_watchlist", args=["declining"])).content.decode()
        assert f'<a href="{reverse("admin:registry_enterprise_profile", args=[firm.pk])}">减产厂</a>' in page

    def test_it_shows_and_exports_the_officer_and_the_phone(self, admin_client):
        officer = make_user("zhou", first_name="海军", last_name="周")
        firm_with("减产厂", this_year=90, last_year=100, service_officer=officer, contact_phone="0580-2281234")
        firm_with("无专员", this_year=80, last_year=100)
        url = reverse("admin:cultivation_monthlyreport_watchlist", args=["declining"])
        page = admin_client.get(url).content.decode()
        assert "<th>助企专员</th>" in page and "<th>联系电话</th>" in page and "周海军" in page and "0580-2281234" in page
        sheet = load_workbook(io.BytesIO(admin_client.get(url, {"export": "xlsx"}).content)).active
        rows = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
        header = [cell.value for cell in sheet[2]]
        officer_column, phone_column = header.index("助企专员"), header.index("联系电话")
        assert (rows["减产厂"][officer_column], rows["减产厂"][phone_column]) == ("周海军", "0580-2281234")
        assert (rows["无专员"][officer_column], rows["无专员"][phone_column]) == (None, None)


@pytest.mark.django_db
class WatchListFileNameTests:
    def test_the_file_name_and_caption_carry_the_period_and_the_filters(self, admin_client):
        firm_with("定海减产", this_year=80, last_year=100, county_id="330902")
        url = reverse("admin:cultivation_monthlyreport_watchlist", args=["declining"])
        response = admin_client.get(url, {"export": "xlsx", "period": "2024-06-01", "county": "330902", "light": "red"})
        assert "filename*=utf-8''" in response["Content-Disposition"]
        from urllib.parse import unquote

        assert unquote(response["Content-Disposition"].split("''")[1]) == "减产企业_2024-06_定海区_红灯.xlsx"
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["A1"].value == "减产企业；统计期：2024年6月；县（区）：定海区；预警：红灯"
        assert [cell.value for cell in sheet[3]][1] == "定海减产"

    def test_without_filters_the_file_names_the_period_only(self, admin_client):
        firm_with("减产厂", this_year=80, last_year=100)
        response = admin_client.get(reverse("admin:cultivation_monthlyreport_watchlist", args=["output_500m"]), {"export": "csv"})
        assert response["Content-Disposition"].endswith("_2024-06.csv")
        assert response.content.decode("utf-8").startswith("\ufeff统一社会信用代码")  # a CSV stays a plain table


@pytest.mark.django_db
class DecliningLightsTests:
    URL = reverse("admin:cultivation_monthlyreport_watchlist", args=["declining"])

    def test_it_offers_no_green_light_a_decline_cannot_have(self, admin_client):
        firm_with("降一成", this_year=90, last_year=100)
        form = admin_client.get(self.URL).context["form"]
        assert [value for value, _ in form.fields["light"].choices] == ["", "red", "yellow"]

    def test_a_green_light_typed_into_the_address_shows_the_whole_list(self, admin_client):
        firm_with("降一成", this_year=90, last_year=100)
        response = admin_client.get(self.URL, {"light": "green"})
        assert response.status_code == 200 and "筛选条件无效" in response.content.decode() and "降一成" in response.content.decode()

    def test_it_offers_green_when_green_starts_below_zero(self, admin_client, settings):
        settings.MONITORING_GREEN_AT_OR_ABOVE = -5
        firm_with("降一点", this_year=97, last_year=100)
        firm_with("降一成", this_year=90, last_year=100)
        response = admin_client.get(self.URL, {"light": "green"})
        assert [value for value, _ in response.context["form"].fields["light"].choices] == ["", "red", "yellow", "green"]
        assert [firm.name for firm in response.context["page"].object_list] == ["降一点"]

    def test_the_other_lists_offer_no_light(self, admin_client):
        firm_with("大厂", this_year=60000)
        form = admin_client.get(reverse("admin:cultivation_monthlyreport_watchlist", args=["output_500m"])).context["form"]
        assert "light" not in form.fields
