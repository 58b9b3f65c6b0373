import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from cultivation.models import Target
from cultivation.monitoring.dashboard import dashboard, ladder_progress
from registry.models import IndustryChain, StaffProfile, Zone
from tests.factories import make_enterprise, make_entry, make_monthly_report, make_user, tier

D = datetime.date
FEBRUARY = D(2024, 2, 1)
URL = reverse("admin:cultivation_monthlyreport_dashboard")


@pytest.fixture
def firms(db):
    """定海 shipbuilder in 金塘 (recognised innovative SME, growing) and a 普陀 firm outside any zone or chain (declining)."""
    jintang = Zone.objects.get(code="jintang")
    shipbuilding = IndustryChain.objects.get(code="shipbuilding_offshore")
    grower = make_enterprise(name="金塘船厂", county_id="330902", zone=jintang, chains=[shipbuilding])
    decliner = make_enterprise(name="普陀水产", county_id="330903")
    make_entry(grower, "innovative_sme", status="recognised", recognised_on=D(2024, 1, 15))
    for firm, figures in (
        (grower, {"2023-01": (100, 80), "2023-02": (100, 80), "2024-01": (120, 90), "2024-02": (130, 100)}),
        (decliner, {"2023-01": (50, 40), "2023-02": (50, 40), "2024-01": (40, 30), "2024-02": (45, 30)}),
    ):
        for period, (output, revenue) in figures.items():
            make_monthly_report(firm, period, output_value=output, revenue=revenue)
    Target.objects.create(year=2024, tier=tier("innovative_sme"), count=4)
    return grower, decliner


def rows_by_name(board, key):
    return {row["name"]: row for row in next(b for b in board.breakdowns if b.key == key).rows}


@pytest.mark.django_db
class DashboardFiguresTests:
    def test_it_totals_the_year_to_date(self, firms):
        totals = dashboard(FEBRUARY).totals
        assert totals["ytd_output"] == Decimal(335) and totals["ytd_output_last_year"] == Decimal(300)
        assert totals["ytd_output_growth"] == pytest.approx(100 * 35 / 300)
        assert totals["ytd_revenue"] == Decimal(250) and totals["ytd_revenue_growth"] == pytest.approx(100 * 10 / 240)
        assert totals["month_output"] == Decimal(175) and totals["reported_in_period"] == 2

    def test_it_breaks_down_by_county_zone_tier_and_chain(self, firms):
        board = dashboard(FEBRUARY)
        county = rows_by_name(board, "county")
        assert county["定海区"]["ytd_output"] == Decimal(250) and county["定海区"]["ytd_output_growth"] == pytest.approx(25.0)
        assert county["普陀区"]["ytd_output"] == Decimal(85) and county["普陀区"]["ytd_output_growth"] == pytest.approx(-15.0)
        assert set(rows_by_name(board, "zone")) == {"金塘", "未划入功能区"}
        assert {name: row["ytd_output"] for name, row in rows_by_name(board, "tier").items()} == {"创新型中小企业": Decimal(250)}
        chain = rows_by_name(board, "chain")
        assert chain["船舶海工"]["ytd_output"] == Decimal(250) and chain["未归入产业链"]["ytd_output"] == Decimal(85)

    def test_it_draws_the_trend_against_last_year(self, firms):
        trend = dashboard(FEBRUARY).trend
        assert trend["months"] == ["1月", "2月"]
        assert trend["output"] == [160.0, 175.0] and trend["output_last_year"] == [150.0, 150.0]
        assert trend["revenue"] == [120.0, 130.0]

    def test_it_counts_the_ladder_against_targets(self, firms, admin_user):
        progress = {row.tier.code: row for row in ladder_progress(admin_user, 2024)}
        assert (progress["innovative_sme"].target, progress["innovative_sme"].achieved, progress["innovative_sme"].percent) == (4, 1, 25.0)

    def test_it_lists_the_top_decliners_with_their_light(self, firms):
        decliners = dashboard(FEBRUARY).decliners
        assert [(firm.name, firm.output_light) for firm in decliners] == [("普陀水产", "red")]

    def test_it_agrees_with_the_watch_list(self, firms):
        from cultivation.monitoring.watchlists import WATCH_LISTS, watch_list_rows

        declining = list(watch_list_rows(WATCH_LISTS["declining"], FEBRUARY))
        assert [(firm.pk, firm.ytd_output_growth) for firm in declining] == [(firm.pk, firm.ytd_output_growth) for firm in dashboard(FEBRUARY).decliners]


@pytest.mark.django_db
class DashboardViewTests:
    def test_it_shows_the_latest_period_with_charts_data(self, admin_client, firms):
        response = admin_client.get(URL)
        assert response.status_code == 200
        page = response.content.decode()
        assert "月度监测看板（2024年2月）" in page and "echarts.common.min.js" in page
        charts = response.context["board"].charts()
        assert charts["county"]["names"] == ["定海区", "普陀区"] and charts["county"]["this_year"] == [250.0, 85.0]
        # The charts read their numbers from a json_script block, not from strings built in the template.
        script = re.search(r'<script id="monitoring-chart-data" type="application/json">(.*?)</script>', page).group(1)
        assert json.loads(script) == charts

    def test_it_filters_by_period_and_county(self, admin_client, firms):
        response = admin_client.get(URL, {"period": "2024-01-01", "county": "330903"})
        totals = response.context["board"].totals
        assert totals["ytd_output"] == Decimal(40) and totals["ytd_output_last_year"] == Decimal(50)

    def test_a_county_officer_sees_their_county_whatever_the_filter_asks(self, client, firms):
        officer = make_user("putuo", perms=["cultivation.view_monthlyreport"])
        StaffProfile.objects.create(user=officer, county_id="330903")
        client.force_login(officer)
        board = client.get(URL).context["board"]
        assert board.totals["ytd_output"] == Decimal(85) and list(rows_by_name(board, "county")) == ["普陀区"]
        assert board.trend["output"] == [40.0, 45.0]
        # Another county on top of their own is nobody's firms.
        assert client.get(URL, {"county": "330902"}).context["board"].totals["ytd_output"] is None

    def test_a_chain_or_zone_narrows_the_figures_to_its_firms(self, admin_client, firms):
        shipbuilding = IndustryChain.objects.get(code="shipbuilding_offshore")
        for filters in ({"chain": shipbuilding.pk}, {"zone": Zone.objects.get(code="jintang").pk}):
            board = admin_client.get(URL, filters).context["board"]
            assert board.totals["ytd_output"] == Decimal(250) and board.trend["output"] == [120.0, 130.0], filters

    def test_a_firm_that_moves_takes_its_figures_to_its_new_county(self, admin_client, admin_user, firms):
        from registry.services import enterprise_update

        enterprise_update(enterprise=firms[1], acting_user=admin_user, county_id="330902")
        board = admin_client.get(URL).context["board"]
        assert {name: row["ytd_output"] for name, row in rows_by_name(board, "county").items()} == {"定海区": Decimal(335)}
        assert admin_client.get(URL, {"county": "330903"}).context["board"].totals["ytd_output"] is None

    def test_it_shows_an_empty_registry(self, admin_client):
        assert "还没有任何月度数据" in admin_client.get(URL).content.decode()

    def test_it_is_for_staff_with_view_permission(self, client, db):
        client.force_login(make_user("nobody"))
        assert client.get(URL).status_code == 403
        client.logout()
        assert client.get(URL).status_code == 302  # to the login page


@pytest.mark.django_db
class DashboardStatementTests:
    """PostgreSQL reads the totals and every breakdown in one GROUPING SETS statement; it must say what the per-breakdown queries say."""

    def more_firms(self):
        chains = list(IndustryChain.objects.all()[:3])
        zones = list(Zone.objects.all()[:2])
        for index in range(6):
            firm = make_enterprise(county_id=("330902", "330903", "330921")[index % 3], zone=zones[index % 2] if index % 3 else None, chains=chains[: index % 4])
            if index % 2:
                make_entry(firm, "innovative_sme", status="recognised", recognised_on=D(2024, 1, 15))
                make_entry(firm, "srdi_sme", status="recognised", recognised_on=D(2024, 1, 15))
            for period in ("2023-01", "2023-02", "2024-01", "2024-02"):
                make_monthly_report(firm, period, output_value=10 + index, revenue=None if index == 4 else 5 + index)

    @pytest.mark.parametrize("by_area", [False, True], ids=["firms", "area totals"])
    @pytest.mark.parametrize("county", [None, "330903"])
    def test_one_statement_gives_what_the_separate_queries_give(self, firms, county, by_area):
        from django.db.models import Q

        from cultivation.monitoring import dashboard as module
        from registry.models import Enterprise

        if not module.one_statement():
            pytest.skip("GROUPING SETS is the PostgreSQL path")
        self.more_firms()
        enterprises = None if county is None else Enterprise.objects.filter(county_id=county)
        area = (Q() if county is None else Q(county_id=county)) if by_area else None
        one = module.totals_and_breakdowns(FEBRUARY, enterprises=enterprises, area=area)
        module.one_statement, kept = (lambda: False), module.one_statement
        try:
            separate = module.totals_and_breakdowns(FEBRUARY, enterprises=enterprises)
        finally:
            module.one_statement = kept
        assert {key: one[0][key] for key in separate[0] if key in one[0]} == pytest.approx({key: separate[0][key] for key in separate[0] if key in one[0]})
        for mine, theirs in zip(one[1], separate[1]):
            assert [row["name"] for row in mine.rows] == [row["name"] for row in theirs.rows], mine.key
            shared = set(mine.rows[0]) & set(theirs.rows[0])
            assert len(shared) >= 10
            assert [{key: row[key] for key in shared} for row in mine.rows] == [pytest.approx({key: row[key] for key in shared}) for row in theirs.rows], mine.key
        assert one[2] == separate[2] and one[2]["output"] == [pytest.approx(value) for value in separate[2]["output"]]

    def test_the_page_takes_as_many_queries_for_many_firms_as_for_few(self, admin_client, firms):
        from tests.query_counts import assert_queries_do_not_grow, count_queries

        assert_queries_do_not_grow(lambda: admin_client.get(URL), self.more_firms)
        # PostgreSQL: the page's own eight (session, user, the filter bar's periods and lists, one statement for totals,
        # breakdowns and trend, the decliners, three for the ladder: tiers, targets, the city's counts), then the panels
        # other apps declare (registry/workbench.py): assistance one, projects one.
        expected = {"postgresql": 8 + 2, "sqlite": 13 + 2}[connection.vendor]
        assert count_queries(lambda: admin_client.get(URL))[0] == expected


HOSTILE_FILTERS = [
    {"county": "999999"}, {"county": "33090\x00"}, {"county": "' OR 1=1 --"}, {"zone": "x"}, {"zone": "99999999999999999999"},
    {"chain": "-1"}, {"period": "abc"}, {"period": "2024-13-01"},
]


@pytest.mark.django_db
@pytest.mark.parametrize("params", HOSTILE_FILTERS)
def test_a_hand_typed_filter_the_board_does_not_offer_shows_no_firm_outside_it(admin_client, firms, params):
    """Whatever the query string holds, the page answers, and its figures never exceed the whole registry's."""
    whole = admin_client.get(URL).context["board"].totals
    response = admin_client.get(URL, params)
    assert response.status_code == 200
    board = response.context["board"]
    assert board is None or board.totals.get("ytd_output") in (None, whole["ytd_output"])
