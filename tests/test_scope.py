"""An officer of 定海区 tries every way in to a 普陀区 firm; each is closed."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cultivation.models import PoolEntry
from registry.models import Enterprise, StaffProfile
from registry.roles import CITY_ADMIN, OFFICER, VIEWER
from tests.factories import make_enterprise, make_entry, make_user, next_uscc

D = datetime.date


def make_officer(username="dinghai", county="330902", zone=None):
    user = make_user(username)
    user.groups.add(Group.objects.get(name=OFFICER))
    StaffProfile.objects.create(user=user, county_id=county, zone=zone)
    return user


@pytest.fixture
def world(db):
    own = make_enterprise(county_id="330902", name="定海本区船舶有限公司")
    other = make_enterprise(county_id="330903", name="普陀外区水产有限公司", uscc=next_uscc("330903"))
    return {
        "own": own,
        "other": other,
        "own_entry": make_entry(own, "innovative_sme", status="applied"),
        "other_entry": make_entry(other, "innovative_sme", status="applied"),
    }


@pytest.fixture
def officer_client(client, world):
    client.force_login(make_officer())
    return client


@pytest.mark.django_db
class OfficerScopeTests:
    def test_it_lists_only_own_county_firms(self, officer_client, world):
        response = officer_client.get(reverse("admin:registry_enterprise_changelist"))
        assert [firm.pk for firm in response.context["cl"].result_list] == [world["own"].pk]

    def test_it_hides_another_countys_change_page_reached_by_id(self, officer_client, world):
        response = officer_client.get(reverse("admin:registry_enterprise_change", args=[world["other"].pk]), follow=True)
        assert "普陀外区水产有限公司" not in response.content.decode()
        assert "不存在" in response.content.decode()

    def test_it_refuses_to_change_another_countys_firm_by_post(self, officer_client, world):
        url = reverse("admin:registry_enterprise_change", args=[world["other"].pk])
        officer_client.post(url, {"name": "被篡改", "uscc": world["other"].uscc, "county": "330903", "industry": "3731", "status": "operating"})
        assert Enterprise.objects.get(pk=world["other"].pk).name == "普陀外区水产有限公司"

    def test_it_hides_another_countys_history_page(self, officer_client, world):
        response = officer_client.get(reverse("admin:registry_enterprise_history", args=[world["other"].pk]))
        assert response.status_code == 404

    def test_it_shows_own_history_page(self, officer_client, world):
        assert officer_client.get(reverse("admin:registry_enterprise_history", args=[world["own"].pk])).status_code == 200

    def test_autocomplete_offers_only_own_county_firms(self, officer_client, world):
        response = officer_client.get(reverse("admin:autocomplete"), {"app_label": "cultivation", "model_name": "poolentry", "field_name": "enterprise", "term": "有限公司"})
        assert [item["text"] for item in response.json()["results"]] == ["定海本区船舶有限公司"]

    def test_it_hides_another_countys_pool_entries(self, officer_client, world):
        response = officer_client.get(reverse("admin:cultivation_poolentry_changelist"))
        assert [entry.pk for entry in response.context["cl"].result_list] == [world["own_entry"].pk]
        response = officer_client.get(reverse("admin:cultivation_poolentry_change", args=[world["other_entry"].pk]), follow=True)
        assert "普陀外区水产有限公司" not in response.content.decode()

    def test_a_bulk_action_cannot_reach_another_countys_entry(self, officer_client, world):
        data = {"action": "mark_rejected", "_selected_action": [world["other_entry"].pk, world["own_entry"].pk], "confirm": "1", "on": "2024-07-01", "note": ""}
        officer_client.post(reverse("admin:cultivation_poolentry_changelist"), data)
        statuses = dict(PoolEntry.objects.values_list("pk", "status"))
        assert statuses[world["other_entry"].pk] == "applied"
        assert statuses[world["own_entry"].pk] == "rejected"

    def test_it_cannot_place_a_new_firm_in_another_county(self, officer_client, world):
        response = officer_client.post(reverse("admin:registry_enterprise_add"), {"name": "新企业", "uscc": next_uscc("330903"), "county": "330903", "industry": "3731", "status": "operating"})
        assert "选择一个有效的选项" in response.content.decode()
        assert not Enterprise.objects.filter(name="新企业").exists()

    def test_it_cannot_add_a_pool_entry_for_another_countys_firm(self, officer_client, world):
        from tests.factories import tier

        response = officer_client.post(reverse("admin:cultivation_poolentry_add"), {"enterprise": world["other"].pk, "tier": tier("srdi_sme").pk, "entered_on": "2024-03-01", "notes": ""})
        assert "选择一个有效的选项" in response.content.decode()
        assert not PoolEntry.objects.filter(enterprise=world["other"], tier__code="srdi_sme").exists()

    def test_target_progress_counts_only_own_county(self, officer_client, world):
        make_entry(world["other"], "srdi_sme", status="recognised", recognised_on=D(2024, 3, 1))
        make_entry(world["own"], "srdi_sme", status="recognised", recognised_on=D(2024, 3, 1))
        response = officer_client.get(reverse("admin:cultivation_target_progress"), {"year": 2024})
        rows = {(row.tier.code, row.scope): row.achieved for row in response.context["rows"]}
        assert rows[("srdi_sme", "全市")] == 1
        assert rows[("srdi_sme", "普陀区")] == 0

    def test_an_officer_without_an_area_sees_nothing(self, client, world):
        user = make_user("lost")
        user.groups.add(Group.objects.get(name=OFFICER))
        client.force_login(user)
        response = client.get(reverse("admin:registry_enterprise_changelist"))
        assert list(response.context["cl"].result_list) == []


@pytest.mark.django_db
class RoleTests:
    def test_the_roles_exist_with_their_permissions(self):
        city = set(Group.objects.get(name=CITY_ADMIN).permissions.values_list("codename", flat=True))
        officer = set(Group.objects.get(name=OFFICER).permissions.values_list("codename", flat=True))
        viewer = set(Group.objects.get(name=VIEWER).permissions.values_list("codename", flat=True))
        assert {"delete_enterprise", "change_tier", "import_monthlyreport", "add_target"} <= city
        assert {"change_enterprise", "import_monthlyreport", "change_poolentry"} <= officer
        assert not {"delete_enterprise", "change_tier", "add_target"} & officer
        assert all(code.startswith(("view_", "export_")) for code in viewer) and "view_enterprise" in viewer

    def test_a_viewer_can_read_but_not_change(self, client, world):
        viewer = make_user("reader")
        viewer.groups.add(Group.objects.get(name=VIEWER))
        client.force_login(viewer)
        assert client.get(reverse("admin:registry_enterprise_changelist")).status_code == 200
        url = reverse("admin:registry_enterprise_change", args=[world["other"].pk])
        response = client.post(url, {"name": "改名", "uscc": world["other"].uscc, "county": "330903", "industry": "3731", "status": "operating"})
        assert response.status_code == 403
        assert Enterprise.objects.get(pk=world["other"].pk).name == "普陀外区水产有限公司"
