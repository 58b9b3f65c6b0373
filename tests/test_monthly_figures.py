import datetime
from decimal import Decimal

import pytest

from cultivation.monitoring.selectors import Light, firm_figures, grouped_figures, latest_period, monthly_totals, period_choices, total_figures
from registry.models import Enterprise
from tests.factories import make_enterprise, make_monthly_report

D = datetime.date


def figures_of(firm, period, **kwargs):
    return firm_figures(period, **kwargs).get(pk=firm.pk)


@pytest.fixture
def firm(db):
    """Hand-computed history: 2023 Jan–Mar and Dec, 2024 Jan and (leap) Feb."""
    firm = make_enterprise()
    for period, output, revenue, main in (
        ("2023-01", 100, 80, 70),
        ("2023-02", 110, 90, 80),
        ("2023-03", 130, 100, 90),
        ("2023-12", 150, 120, 100),
        ("2024-01", 120, 95, 85),
        ("2024-02", 99, 70, 60),
    ):
        make_monthly_report(firm, period, output_value=output, revenue=revenue, main_business_revenue=main)
    return firm


@pytest.mark.django_db
class FirmFiguresTests:
    def test_it_sums_a_january(self, firm):
        row = figures_of(firm, D(2024, 1, 1))
        assert row.month_output == row.ytd_output == Decimal(120)
        assert row.ytd_output_last_year == Decimal(100)
        assert row.ytd_output_growth == pytest.approx(20.0)
        # Trailing twelve months of January 2024: February 2023 to January 2024.
        assert row.t12_revenue == Decimal(90 + 100 + 120 + 95)
        assert row.t12_main_business_revenue == Decimal(80 + 90 + 100 + 85)
        assert row.t12_months == 4

    def test_it_sums_a_leap_february(self, firm):
        row = figures_of(firm, D(2024, 2, 1))
        assert row.month_output == Decimal(99)
        assert row.month_output_last_year == Decimal(110)
        assert row.month_output_growth == pytest.approx(-10.0)
        assert row.ytd_output == Decimal(219)
        assert row.ytd_output_last_year == Decimal(210)
        assert row.ytd_output_growth == pytest.approx(100 * 9 / 210)
        assert row.ytd_revenue == Decimal(165)
        assert row.ytd_revenue_growth == pytest.approx(100 * (165 - 170) / 170)
        assert row.t12_revenue == Decimal(100 + 120 + 95 + 70)
        assert row.reported_in_period == 1
        assert row.output_light == Light.GREEN

    def test_it_leaves_growth_empty_without_last_year(self, firm):
        row = figures_of(firm, D(2023, 2, 1))
        assert row.ytd_output == Decimal(210)
        assert row.ytd_output_last_year is None
        assert row.ytd_output_growth is None
        assert row.output_light is None

    def test_it_keeps_firms_without_reports(self, firm):
        other = make_enterprise()
        row = figures_of(other, D(2024, 2, 1))
        assert row.ytd_output is None and row.reported_in_period == 0

    def test_it_counts_each_firm_once(self, firm):
        assert firm_figures(D(2024, 2, 1)).filter(pk=firm.pk).count() == 1

    def test_it_restricts_to_the_given_firms(self, firm):
        other = make_enterprise(county_id="330903")
        make_monthly_report(other, "2024-02", output_value=5)
        scoped = firm_figures(D(2024, 2, 1), enterprises=Enterprise.objects.filter(county_id="330903"))
        assert list(scoped.values_list("pk", flat=True)) == [other.pk]

    def test_it_reads_every_firm_in_one_query(self, firm, django_assert_num_queries):
        for _ in range(3):
            make_monthly_report(make_enterprise(), "2024-02", output_value=1)
        with django_assert_num_queries(1):
            assert len(list(firm_figures(D(2024, 2, 1)))) == 4


@pytest.mark.django_db
class TrafficLightTests:
    @pytest.mark.parametrize(
        "this_year, last_year, expected",
        [
            (90, 100, Light.RED),  # exactly −10 %
            (89, 100, Light.RED),
            (Decimal("90.01"), 100, Light.YELLOW),
            (Decimal("99.99"), 100, Light.YELLOW),
            (100, 100, Light.GREEN),  # exactly 0 %
            (130, 100, Light.GREEN),
            (0, 100, Light.RED),
        ],
    )
    def test_it_lights_at_the_boundaries(self, this_year, last_year, expected):
        firm = make_enterprise()
        make_monthly_report(firm, "2023-06", output_value=last_year)
        make_monthly_report(firm, "2024-06", output_value=this_year)
        assert figures_of(firm, D(2024, 6, 1)).output_light == expected

    def test_it_follows_the_settings(self, settings):
        settings.MONITORING_RED_AT_OR_BELOW = -20
        settings.MONITORING_GREEN_AT_OR_ABOVE = 5
        firm = make_enterprise()
        make_monthly_report(firm, "2023-06", output_value=100)
        make_monthly_report(firm, "2024-06", output_value=85)
        assert figures_of(firm, D(2024, 6, 1)).output_light == Light.YELLOW


@pytest.mark.django_db
class GroupedFiguresTests:
    def test_it_sums_by_county_as_the_firms_add_up(self):
        dinghai = [make_enterprise(county_id="330902") for _ in range(2)]
        putuo = make_enterprise(county_id="330903")
        for firm, last, this in ((dinghai[0], 100, 80), (dinghai[1], 50, 70), (putuo, 10, 11)):
            make_monthly_report(firm, "2023-01", output_value=last, revenue=last)
            make_monthly_report(firm, "2024-01", output_value=this, revenue=this)
        rows = {row["enterprise__county"]: row for row in grouped_figures(D(2024, 1, 1), ("enterprise__county",))}
        assert rows["330902"]["ytd_output"] == Decimal(150)
        assert rows["330902"]["ytd_output_last_year"] == Decimal(150)
        assert rows["330902"]["ytd_output_growth"] == pytest.approx(0.0)
        assert rows["330902"]["reported_in_period"] == 2
        assert rows["330903"]["ytd_revenue_growth"] == pytest.approx(10.0)
        total = total_figures(D(2024, 1, 1))
        assert total["ytd_output"] == Decimal(161) and total["reported_in_period"] == 3

    def test_it_totals_per_month_and_finds_the_latest_period(self):
        firm = make_enterprise()
        make_monthly_report(firm, "2023-12", output_value=3)
        make_monthly_report(firm, "2024-02", output_value=4)
        make_monthly_report(make_enterprise(), "2024-02", output_value=5)
        totals = list(monthly_totals(D(2023, 1, 1), D(2024, 12, 1)))
        assert [(row["period"], row["output"]) for row in totals] == [(D(2023, 12, 1), Decimal(3)), (D(2024, 2, 1), Decimal(9))]
        assert latest_period() == D(2024, 2, 1)
        assert period_choices() == [D(2024, 2, 1), D(2024, 1, 1), D(2023, 12, 1)]
