"""One county filter and one zone filter on every list: the same `county` and `zone` parameters wherever the firm is."""

import pytest
from django.urls import reverse

from cultivation.models import Target
from registry.models import Zone
from tests.factories import make_annual_profile, make_enterprise, make_entry, make_monthly_report, tier

LISTS = ["registry_enterprise", "cultivation_poolentry", "cultivation_annualprofile", "cultivation_monthlyreport", "cultivation_target"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    """A 普陀 firm in 六横, a 定海 firm outside any zone, each with a pool entry, annual and monthly figures, and a target of its own."""
    liuheng = Zone.objects.get(code="liuheng")
    putuo = make_enterprise(name="普陀六横船舶有限公司", county_id="330903", zone=liuheng)
    dinghai = make_enterprise(name="定海本区水产有限公司", county_id="330902")
    for firm in (putuo, dinghai):
        make_entry(firm)
        make_annual_profile(firm, 2025)
        make_monthly_report(firm, "2025-01", output_value=1)
    Target.objects.create(year=2025, tier=tier("innovative_sme"), county_id="330903", count=3)
    Target.objects.create(year=2025, tier=tier("innovative_sme"), count=9)
    return putuo, dinghai, liuheng


def listed(admin_client, name, query):
    response = admin_client.get(reverse(f"admin:{name}_changelist"), query)
    assert response.status_code == 200, response.get("Location")
    return list(response.context["cl"].result_list)


def firm_of(row):
    return getattr(row, "enterprise", row)


class AreaListFilterTests:
    @pytest.mark.parametrize("name", LISTS[:4])
    def test_it_filters_every_firm_list_by_county_and_zone_with_the_same_parameters(self, admin_client, areas, name):
        putuo, dinghai, liuheng = areas
        assert {firm_of(row) for row in listed(admin_client, name, {"county": "330903"})} == {putuo}
        assert {firm_of(row) for row in listed(admin_client, name, {"zone": liuheng.pk})} == {putuo}
        assert {firm_of(row) for row in listed(admin_client, name, {"zone": "none"})} == {dinghai}

    def test_it_filters_targets_by_their_own_county(self, admin_client, areas):
        assert [target.count for target in listed(admin_client, "cultivation_target", {"county": "330903"})] == [3]
        assert [target.count for target in listed(admin_client, "cultivation_target", {"county": "none"})] == [9]

    @pytest.mark.parametrize("name", LISTS)
    @pytest.mark.parametrize("query", [{"county": "999999"}, {"zone": "x"}, {"county": "\x00"}])
    def test_an_area_the_list_does_not_offer_shows_the_plain_list(self, admin_client, areas, name, query):
        url = reverse(f"admin:{name}_changelist")
        response = admin_client.get(url, query)
        assert (response.status_code, response["Location"]) == (302, f"{url}?e=1")

    def test_the_filter_offers_every_county_and_zone(self, admin_client, areas):
        response = admin_client.get(reverse("admin:cultivation_poolentry_changelist"))
        page = response.content.decode()
        assert "?county=330921" in page and f"?zone={areas[2].pk}" in page and "?zone=none" in page
