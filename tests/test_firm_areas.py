"""Zones and counties on a firm: a zone fits the firm's county, and a clerk never clears an area they may not set.

新城 and 高新区 span counties (no county of their own). A 定海区 clerk sees a 定海 firm managed by 新城, may
change its other fields, and keeps its zone: on the form (shown read-only) and in imports (no column, or a blank
cell). Only a zone they could choose, or none, may be given to a firm by them.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from registry.models import Enterprise, StaffProfile, Zone
from registry.resources import EnterpriseResource
from registry.roles import OFFICER
from registry.services import enterprise_update
from registry.sheets.services import run_import
from tests.factories import form_data, make_enterprise, make_user, xlsx_bytes

HEADER = ["统一社会信用代码", "企业名称", "县(区)", "功能区", "行业代码", "联系电话"]


def zone(name):
    return Zone.objects.get(name=name)


def make_clerk(username="dinghai", county="330902", zone_name=None):
    user = make_user(username)
    user.groups.add(Group.objects.get(name=OFFICER))
    StaffProfile.objects.create(user=user, county_id=county, zone=zone(zone_name) if zone_name else None)
    return user


@pytest.fixture
def xincheng_firm(db):
    return make_enterprise(name="新城海洋电子有限公司", county_id="330902", zone=zone("新城"), contact_phone="0580-1111111")


def change_form(firm, **overrides):
    values = {**form_data(), "name": firm.name, "uscc": firm.uscc, "county": firm.county_id, "zone": firm.zone_id or "", "industry": firm.industry_id, "contact_phone": firm.contact_phone}
    values.update(overrides)
    return values


@pytest.mark.django_db
class CountyClerkKeepsCrossCountyZoneTests:
    def test_it_shows_the_zone_read_only_and_keeps_it_on_save(self, client, xincheng_firm):
        client.force_login(make_clerk())
        url = reverse("admin:registry_enterprise_change", args=[xincheng_firm.pk])
        page = client.get(url)
        assert "zone" not in page.context["adminform"].form.fields
        data = change_form(xincheng_firm, contact_phone="0580-2222222")
        del data["zone"]
        response = client.post(url, data)
        assert response.status_code == 302
        xincheng_firm.refresh_from_db()
        assert (xincheng_firm.zone.name, xincheng_firm.contact_phone) == ("新城", "0580-2222222")

    def test_the_zone_officer_still_sees_the_firm_after_the_county_clerks_save(self, client, xincheng_firm):
        client.force_login(make_clerk())
        data = change_form(xincheng_firm, contact_phone="0580-3333333")
        client.post(reverse("admin:registry_enterprise_change", args=[xincheng_firm.pk]), data)
        client.force_login(make_clerk("xincheng", county=None, zone_name="新城"))
        listed = client.get(reverse("admin:registry_enterprise_changelist")).context["cl"].result_list
        assert [firm.pk for firm in listed] == [xincheng_firm.pk]

    def test_it_offers_only_its_own_countys_zones_for_a_firm_without_one(self, client):
        firm = make_enterprise(county_id="330902")
        client.force_login(make_clerk())
        form = client.get(reverse("admin:registry_enterprise_change", args=[firm.pk])).context["adminform"].form
        assert sorted(form.fields["zone"].queryset.values_list("name", flat=True)) == ["金塘"]

    @pytest.mark.parametrize("zone_cells", [None, ""], ids=["no-zone-column", "blank-zone-cell"])
    def test_an_import_keeps_the_zone(self, xincheng_firm, zone_cells):
        header = [name for name in HEADER if zone_cells is not None or name != "功能区"]
        row = {"统一社会信用代码": xincheng_firm.uscc, "企业名称": xincheng_firm.name, "县(区)": "定海区", "功能区": zone_cells, "行业代码": "3731", "联系电话": "0580-4444444"}
        outcome = run_import(EnterpriseResource(), xlsx_bytes([header, [row[name] for name in header]]), "a.xlsx", dry_run=False, user=make_clerk())
        assert outcome.ok, outcome.errors
        xincheng_firm.refresh_from_db()
        assert (xincheng_firm.zone.name, xincheng_firm.contact_phone) == ("新城", "0580-4444444")

    def test_an_import_refuses_to_move_the_firm_to_another_zone(self, xincheng_firm):
        row = [xincheng_firm.uscc, xincheng_firm.name, "定海区", "金塘", "3731", ""]
        outcome = run_import(EnterpriseResource(), xlsx_bytes([HEADER, row]), "a.xlsx", dry_run=False, user=make_clerk())
        assert [str(error) for error in outcome.errors] == ["第2行 [功能区] 该企业的功能区“新城”不在您的负责范围内，您不能修改；如需调整请联系市级管理员"]
        xincheng_firm.refresh_from_db()
        assert xincheng_firm.zone.name == "新城"

    def test_an_import_refuses_to_put_a_firm_into_a_cross_county_zone(self):
        firm = make_enterprise(county_id="330902")
        outcome = run_import(EnterpriseResource(), xlsx_bytes([HEADER, [firm.uscc, firm.name, "定海区", "新城", "3731", ""]]), "a.xlsx", dry_run=False, user=make_clerk())
        assert [str(error) for error in outcome.errors] == ["第2行 [功能区] 只能填写您负责的功能区"]

    def test_the_city_moves_a_firm_between_zones(self, admin_client, xincheng_firm):
        response = admin_client.post(reverse("admin:registry_enterprise_change", args=[xincheng_firm.pk]), change_form(xincheng_firm, zone=zone("金塘").pk))
        assert response.status_code == 302
        xincheng_firm.refresh_from_db()
        assert xincheng_firm.zone.name == "金塘"


@pytest.mark.django_db
class ZoneFitsCountyTests:
    def test_the_form_refuses_a_zone_of_another_county(self, admin_client):
        response = admin_client.post(reverse("admin:registry_enterprise_add"), form_data(county="330903", zone=zone("金塘").pk))
        assert response.context["adminform"].form.errors["zone"] == ["功能区“金塘”属于定海区，不属于普陀区：请改选普陀区的功能区，或将功能区清空"]
        assert not Enterprise.objects.exists()

    def test_changing_the_county_and_keeping_the_old_zone_is_refused_clearly(self, admin_client):
        firm = make_enterprise(county_id="330902", zone=zone("金塘"))
        response = admin_client.post(reverse("admin:registry_enterprise_change", args=[firm.pk]), change_form(firm, county="330903"))
        assert "功能区“金塘”属于定海区，不属于普陀区" in response.context["adminform"].form.errors["zone"][0]
        firm.refresh_from_db()
        assert firm.county_id == "330902"

    @pytest.mark.parametrize("county", ["330902", "330903", "330921", "330922"])
    def test_a_cross_county_zone_fits_any_county(self, admin_client, county):
        response = admin_client.post(reverse("admin:registry_enterprise_add"), form_data(county=county, zone=zone("高新区").pk))
        assert response.status_code == 302
        assert Enterprise.objects.get().zone.name == "高新区"

    def test_an_import_refuses_a_zone_of_another_county(self):
        outcome = run_import(EnterpriseResource(), xlsx_bytes([HEADER, [make_enterprise().uscc, "甲有限公司", "普陀区", "金塘", "3731", ""]]), "a.xlsx", dry_run=False)
        assert [str(error) for error in outcome.errors] == ["第2行 [功能区] 功能区“金塘”属于定海区，不属于普陀区：请改选普陀区的功能区，或将功能区清空"]

    def test_the_service_refuses_it_too(self):
        firm = make_enterprise(county_id="330902", zone=zone("金塘"))
        with pytest.raises(Exception) as refused:
            enterprise_update(enterprise=firm, acting_user=None, county_id="330921")
        assert "功能区“金塘”属于定海区，不属于岱山县" in str(refused.value)
