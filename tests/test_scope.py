"""An officer of 定海区 tries every way in to a 普陀区 firm; each is closed."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.module_loading import import_string
from openpyxl import load_workbook

from cultivation.eligibility.candidates import PROVINCIAL_LAYOUT
from cultivation.models import Batch, PoolEntry
from cultivation.monitoring.watchlists import WATCH_LISTS
from registry.models import Enterprise, StaffProfile
from registry.roles import CITY_ADMIN, OFFICER, VIEWER
from tests.dbstate import database_checksum
from tests.factories import make_enterprise, make_entry, make_monthly_report, make_profile_years, make_user, monthly_xlsx, next_uscc, tier
from tests.processes import job_file

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
        assert {scope for _, scope in rows} == {"定海区"}  # only their own area: no city row to read other areas' work from
        assert rows[("srdi_sme", "定海区")] == 1

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


@pytest.fixture
def figures(world):
    """Both firms large and declining, with a year of figures each, so every list and board would show both."""
    for firm, scale in ((world["own"], 1), (world["other"], 2)):
        for month in range(1, 7):
            make_monthly_report(firm, f"2024-{month:02d}", output_value=Decimal(30000 * scale), revenue=Decimal(3000), main_business_revenue=Decimal(3000))
            make_monthly_report(firm, f"2025-{month:02d}", output_value=Decimal(20000 * scale), revenue=Decimal(2000), main_business_revenue=Decimal(2000))
        make_profile_years(firm, 2025)
    return world


def exported_csv(client, admin_name, resource_class):
    fields = {f"{resource_class.__name__.lower()}_{name}": "on" for name in resource_class().get_export_order()}
    response = client.post(reverse(f"admin:{admin_name}_export"), {"format": "1", "resource": "0", **fields})
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def cell_texts(sheet):
    return {str(cell.value) for row in sheet.iter_rows() for cell in row}


def uploaded(client, url, header, row, **extra):
    return client.post(url, {"format": "0", "import_file": SimpleUploadedFile("名单.xlsx", monthly_xlsx([row], header)), **extra})


@pytest.mark.django_db
class OfficerReachesNoOtherCountyTests:
    """The same officer of 定海区, on every other way to a 普陀区 firm's records: exports, lists, imports, pages."""

    @pytest.mark.parametrize(
        "admin_name, resource_path",
        [
            ("registry_enterprise", "registry.resources.EnterpriseResource"),
            ("cultivation_poolentry", "cultivation.resources.ladder.PoolEntryResource"),
            ("cultivation_monthlyreport", "cultivation.resources.monitoring.MonthlyReportResource"),
            ("cultivation_annualprofile", "cultivation.resources.eligibility.AnnualProfileResource"),
        ],
    )
    def test_every_export_holds_only_own_firms(self, officer_client, figures, admin_name, resource_path):
        content = exported_csv(officer_client, admin_name, import_string(resource_path))
        assert figures["own"].uscc in content
        assert figures["other"].uscc not in content

    def test_a_candidate_list_holds_only_own_firms_even_when_asking_for_another_county(self, officer_client, figures):
        url = reverse("admin:cultivation_candidate_list")
        data = {"tier": tier("innovative_sme").pk, "on": "2026-06-01", "layout": PROVINCIAL_LAYOUT}
        own_list = load_workbook(io.BytesIO(job_file(officer_client, officer_client.post(url, data)).content)).active
        other_list = load_workbook(io.BytesIO(job_file(officer_client, officer_client.post(url, {**data, "county": "330903"})).content)).active
        assert figures["own"].name in cell_texts(own_list)
        assert figures["other"].name not in cell_texts(own_list) | cell_texts(other_list)

    def test_the_dashboard_counts_only_own_firms(self, officer_client, figures):
        response = officer_client.get(reverse("admin:cultivation_monthlyreport_dashboard"), {"period": "2025-06-01"})
        page = response.content.decode()
        assert [firm.pk for firm in response.context["board"].decliners] == [figures["own"].pk]
        assert response.context["board"].totals["ytd_output"] == Decimal(120000)
        assert "普陀外区水产有限公司" not in page

    @pytest.mark.parametrize("slug", list(WATCH_LISTS))
    def test_every_watch_list_and_its_export_hold_only_own_firms(self, officer_client, figures, slug):
        url = reverse("admin:cultivation_monthlyreport_watchlist", args=[slug])
        page = officer_client.get(url, {"period": "2025-06-01"}).content.decode()
        exported = officer_client.get(url, {"period": "2025-06", "export": "csv"}).content.decode("utf-8-sig")
        assert "普陀外区水产有限公司" not in page + exported
        if slug in ("output_500m", "declining", "billion_yuan"):
            assert "定海本区船舶有限公司" in page and "定海本区船舶有限公司" in exported

    @pytest.mark.parametrize(
        "url_name, header, make_row",
        [
            ("registry_enterprise", ["统一社会信用代码", "企业名称", "县(区)", "行业代码"], lambda firm: [firm.uscc, "改名有限公司", "普陀区", "3731"]),
            ("cultivation_poolentry", ["统一社会信用代码", "企业名称", "培育层级", "状态", "入库日期"], lambda firm: [firm.uscc, firm.name, "省级专精特新中小企业", "培育中", "2025-03-01"]),
            ("cultivation_annualprofile", ["统一社会信用代码", "年度", "营业收入（万元）"], lambda firm: [firm.uscc, 2025, 9999]),
            ("cultivation_monthlyreport", ["统一社会信用代码", "企业名称", "统计期", "工业总产值（万元）"], lambda firm: [firm.uscc, firm.name, "2025-07", 1]),
        ],
    )
    def test_every_import_refuses_a_row_for_another_countys_firm(self, officer_client, figures, settings, tmp_path, url_name, header, make_row):
        settings.MEDIA_ROOT = tmp_path
        before = database_checksum()
        response = uploaded(officer_client, reverse(f"admin:{url_name}_import"), header, make_row(figures["other"]))
        page = response.content.decode()
        assert response.status_code == 200
        # Neither import-export's confirm form nor a passing monthly preview: there is nothing to confirm.
        assert response.context.get("confirm_form") is None and getattr(response.context.get("outcome"), "ok", False) is False
        assert figures["other"].uscc in page
        assert database_checksum() == before

    @pytest.mark.parametrize("url_name, record", [("cultivation_poolentry", "other_entry"), ("cultivation_monthlyreport", "report"), ("cultivation_annualprofile", "profile")])
    def test_change_and_history_pages_of_another_countys_records_are_closed(self, officer_client, figures, url_name, record):
        other = figures["other"]
        pk = {"other_entry": lambda: figures["other_entry"].pk, "report": lambda: other.monthly_reports.first().pk, "profile": lambda: other.annual_profiles.first().pk}[record]()
        assert officer_client.get(reverse(f"admin:{url_name}_history", args=[pk])).status_code == 404
        change = officer_client.get(reverse(f"admin:{url_name}_change", args=[pk]), follow=True)
        assert "普陀外区水产有限公司" not in change.content.decode() and "不存在" in change.content.decode()

    def test_firm_list_actions_cannot_reach_another_countys_firm(self, officer_client, figures):
        batch = Batch.objects.create(tier=tier("innovative_sme"), year=2026, name="2026年第一批")
        changelist = reverse("admin:registry_enterprise_changelist")
        officer_client.post(changelist, {"action": "archive", "_selected_action": [figures["other"].pk], "confirm": "1", "reason": "越权归档"})
        officer_client.post(changelist, {"action": "add_passing_firms_to_batch", "_selected_action": [figures["other"].pk], "confirm": "1", "batch": batch.pk, "on": "2026-06-01"})
        other = Enterprise.objects.get(pk=figures["other"].pk)
        assert other.archived_at is None
        assert not PoolEntry.objects.filter(batch=batch).exists()

    def test_monthly_report_deletion_cannot_reach_another_countys_report(self, officer_client, figures):
        officer_client.post(reverse("admin:cultivation_monthlyreport_changelist"), {"action": "delete_selected", "_selected_action": list(figures["other"].monthly_reports.values_list("pk", flat=True)), "post": "yes"})
        assert figures["other"].monthly_reports.count() == 12
