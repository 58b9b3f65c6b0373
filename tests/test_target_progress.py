"""Target progress tells the truth: each area's own target against its own count, clerks see their own area, and the file says what it holds."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from cultivation.ladder.progress import target_progress, target_sum_mismatches, targets_behind, year_share
from cultivation.models import Target
from registry.models import StaffProfile, Zone
from registry.roles import OFFICER
from tests.factories import make_enterprise, make_entry, make_monthly_report, make_user, tier
from tests.query_counts import assert_queries_do_not_grow

D = datetime.date
URL = reverse("admin:cultivation_target_progress")
DASHBOARD = reverse("admin:cultivation_monthlyreport_dashboard")
DINGHAI, PUTUO, DAISHAN, SHENGSI = "330902", "330903", "330921", "330922"


@pytest.fixture
def world(db, monkeypatch):
    """2024, seen on 1 April (day 92 of 366: 25.1% of the year gone).

    创新型中小企业: city 10; counties 4 + 2 + 2 + 1 = 9; 金塘 1. Recognised in 2024: two 定海 firms (one in 金塘), one 普陀 firm.
    小巨人: city 2 against 1 + 1 + 1 + 1. 专精特新: city 3 only, so no county has a target of its own.
    """
    monkeypatch.setattr("registry.dates.today", lambda: D(2024, 4, 1))
    jintang = Zone.objects.get(code="jintang")
    for county, zone, count in ((None, None, 10), (DINGHAI, None, 4), (PUTUO, None, 2), (DAISHAN, None, 2), (SHENGSI, None, 1), (None, jintang, 1)):
        Target.objects.create(year=2024, tier=tier("innovative_sme"), county_id=county, zone=zone, count=count)
    Target.objects.create(year=2024, tier=tier("little_giant"), count=2)
    for county in (DINGHAI, PUTUO, DAISHAN, SHENGSI):
        Target.objects.create(year=2024, tier=tier("little_giant"), county_id=county, count=1)
    Target.objects.create(year=2024, tier=tier("srdi_sme"), count=3)
    dinghai = make_enterprise(county_id=DINGHAI, name="定海甲")
    make_entry(dinghai, "innovative_sme", status="recognised", recognised_on=D(2024, 2, 1))
    make_entry(make_enterprise(county_id=DINGHAI, zone=jintang, name="金塘乙"), "innovative_sme", status="recognised", recognised_on=D(2024, 3, 1))
    make_entry(make_enterprise(county_id=PUTUO, name="普陀丙"), "innovative_sme", status="recognised", recognised_on=D(2024, 3, 5))
    make_entry(make_enterprise(county_id=DINGHAI), "innovative_sme", status="recognised", recognised_on=D(2023, 6, 1))  # another year
    make_entry(dinghai, "srdi_sme", status="recognised", recognised_on=D(2024, 3, 10))
    make_monthly_report(dinghai, "2024-03", output_value=100, revenue=90)
    return {"jintang": jintang}


def officer(client, username, **area):
    user = make_user(username)
    user.groups.add(Group.objects.get(name=OFFICER))
    StaffProfile.objects.create(user=user, **area)
    client.force_login(user)
    return user


def by_tier_and_area(rows):
    return {(row.tier.code, row.scope): (row.target, row.achieved, row.percent) for row in rows}


class YearShareTests:
    def test_it_is_the_share_of_the_year_gone(self):
        assert year_share(2024, D(2024, 4, 1)) == pytest.approx(100 * 92 / 366)  # 25.1%
        assert year_share(2023, D(2023, 12, 31)) == 100.0
        assert year_share(2023, D(2024, 1, 1)) == 100.0 and year_share(2025, D(2024, 6, 1)) == 0.0


@pytest.mark.django_db
class TargetProgressTests:
    def test_it_compares_each_area_with_its_own_target(self, world, admin_user):
        rows = by_tier_and_area(target_progress(admin_user, 2024))
        assert rows[("innovative_sme", "全市")] == (10, 3, 30.0)
        assert rows[("innovative_sme", "定海区")] == (4, 2, 50.0)
        assert rows[("innovative_sme", "普陀区")] == (2, 1, 50.0)
        assert rows[("innovative_sme", "岱山县")] == (2, 0, 0.0)
        assert rows[("innovative_sme", "金塘")] == (1, 1, 100.0)
        assert rows[("srdi_sme", "定海区")] == (None, 1, None)  # no target of its own

    def test_filtered_by_a_county_it_shows_the_countys_target_not_the_citys(self, world, admin_client):
        response = admin_client.get(URL, {"year": 2024, "county": DINGHAI})
        rows = by_tier_and_area(response.context["rows"])
        assert {scope for _, scope in rows} == {"定海区"}
        assert rows[("innovative_sme", "定海区")] == (4, 2, 50.0)
        assert rows[("srdi_sme", "定海区")] == (None, 1, None)
        page = response.content.decode()
        assert "本级未设目标" in page and "2024年，定海区" in page

    def test_the_filtered_dashboard_compares_like_with_like(self, world, admin_client):
        response = admin_client.get(DASHBOARD, {"period": "2024-03-01", "county": DINGHAI})
        rows = by_tier_and_area(response.context["progress"])
        assert rows[("innovative_sme", "定海区")] == (4, 2, 50.0)
        assert ("innovative_sme", "全市") not in rows
        assert "本级未设目标" in response.content.decode()

    def test_the_unfiltered_dashboard_shows_the_city(self, world, admin_client):
        response = admin_client.get(DASHBOARD, {"period": "2024-03-01"})
        assert by_tier_and_area(response.context["progress"])[("innovative_sme", "全市")] == (10, 3, 30.0)

    def test_a_count_exactly_at_the_share_of_the_year_is_not_behind(self, db, admin_user):
        Target.objects.create(year=2024, tier=tier("innovative_sme"), count=366)
        for _ in range(92):  # 92 of 366 on day 92 of 366: exactly on pace
            make_entry(make_enterprise(), "innovative_sme", status="recognised", recognised_on=D(2024, 1, 5))
        row = next(row for row in target_progress(admin_user, 2024, on=D(2024, 4, 1)) if row.tier.code == "innovative_sme" and row.scope_kind == "city")
        assert not row.behind and row.percent == 25.1 and row.year_share_text == "25.1%"

    def test_it_marks_what_is_behind_the_share_of_the_year(self, world, admin_user):
        rows = {(row.tier.code, row.scope): row for row in target_progress(admin_user, 2024)}
        assert rows[("innovative_sme", "全市")].year_share_text == "25.1%"
        assert not rows[("innovative_sme", "定海区")].behind  # 50% of the target after 25.1% of the year
        assert rows[("innovative_sme", "岱山县")].behind and rows[("little_giant", "全市")].behind
        assert not rows[("srdi_sme", "定海区")].behind  # nothing to be behind on

    def test_it_lists_only_the_rows_behind_the_year_on_request(self, world, admin_client, admin_user):
        rows = admin_client.get(URL, {"year": 2024, "behind": "1"}).context["rows"]
        expected = [(row.tier.code, row.scope) for row in targets_behind(admin_user, on=D(2024, 4, 1))]
        assert [(row.tier.code, row.scope) for row in rows] == expected
        assert ("innovative_sme", "岱山县") in expected and ("innovative_sme", "定海区") not in expected

    def test_a_county_clerk_sees_only_their_county_whatever_the_query(self, world, client):
        officer(client, "dinghai", county_id=DINGHAI)
        response = client.get(URL, {"year": 2024, "county": PUTUO})
        rows = by_tier_and_area(response.context["rows"])
        assert {scope for _, scope in rows} == {"定海区"}
        assert rows[("innovative_sme", "定海区")] == (4, 2, 50.0)
        assert "target-sum-warnings" not in response.content.decode()

    def test_a_zone_officer_sees_only_their_zone(self, world, client):
        user = officer(client, "jintang", zone=world["jintang"])
        assert by_tier_and_area(target_progress(user, 2024))[("innovative_sme", "金塘")] == (1, 1, 100.0)
        assert {row.scope for row in client.get(URL, {"year": 2024}).context["rows"]} == {"金塘"}

    def test_it_warns_when_targets_do_not_add_up(self, world, admin_client):
        messages = [check.message() for check in target_sum_mismatches(2024)]
        assert messages == [
            "创新型中小企业：全市目标 10，各县（区）目标合计 9（4+2+2+1），各功能区目标合计 1（1），与全市目标不一致",
            "国家级专精特新“小巨人”企业：全市目标 2，各县（区）目标合计 4（1+1+1+1），与全市目标不一致",
        ]
        page = admin_client.get(URL, {"year": 2024}).content.decode()
        assert messages[1] in page

    def test_targets_that_add_up_raise_no_warning(self, db):
        Target.objects.create(year=2024, tier=tier("srdi_sme"), count=3)
        Target.objects.create(year=2024, tier=tier("srdi_sme"), county_id=DINGHAI, count=2)
        Target.objects.create(year=2024, tier=tier("srdi_sme"), county_id=PUTUO, count=1)
        assert target_sum_mismatches(2024) == []

    def test_it_exports_the_table_with_its_filters_in_the_title(self, world, admin_client):
        response = admin_client.get(URL, {"year": 2024, "county": DINGHAI, "export": "xlsx"})
        assert "2024" in response["Content-Disposition"] and "%E5%AE%9A%E6%B5%B7%E5%8C%BA" in response["Content-Disposition"]  # 定海区
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = list(sheet.iter_rows(values_only=True))
        assert values[0][0] == "“5428”梯度培育目标进度（2024年，定海区）"
        assert values[1] == ("培育层级", "范围", "目标", "完成", "完成率（%）", "时间进度（%）", "进度落后")
        rows = {row[0]: row for row in values[2:]}
        assert rows["创新型中小企业"] == ("创新型中小企业", "定海区", 4, 2, 50, 25.1, None)
        assert rows["省级专精特新中小企业"][2:4] == ("本级未设目标", 1)

    def test_hand_typed_filters_show_the_default_with_a_note(self, world, admin_client):
        for params in ({"year": "abc"}, {"county": "999999"}, {"zone": "x"}, {"year": "99999"}, {"county": "330902\x00"}):
            response = admin_client.get(URL, params)
            assert response.status_code == 200
            assert "筛选条件无效" in response.content.decode()
            assert response.context["year"] == 2024

    def test_staff_without_the_target_view_permission_are_refused(self, world, client):
        client.force_login(make_user("nobody"))
        assert client.get(URL).status_code == 403

    def test_its_queries_do_not_grow_with_the_firms(self, world, admin_client):
        assert_queries_do_not_grow(
            lambda: admin_client.get(URL, {"year": 2024}),
            lambda: [make_entry(make_enterprise(county_id=DAISHAN), "innovative_sme", status="recognised", recognised_on=D(2024, 1, 5)) for _ in range(5)],
        )
