from decimal import Decimal

import pytest
from django.urls import reverse

from cultivation.models import AnnualProfile, ExportLayout, ProvincialIndicator, ProvincialScore
from tests.factories import make_annual_profile, make_enterprise
from tests.query_counts import assert_queries_do_not_grow

LIST_URL = reverse("admin:cultivation_annualprofile_changelist")
ADD_URL = reverse("admin:cultivation_annualprofile_add")


def profile_form(enterprise, **overrides):
    indicator = ProvincialIndicator.objects.get(code="zhejiang_distinctive")
    data = {
        "enterprise": enterprise.pk, "year": 2025, "revenue": "1200.5", "main_business_revenue": "1000", "rd_expense": "60", "employees": "80",
        "provincial_scores-TOTAL_FORMS": "1", "provincial_scores-INITIAL_FORMS": "0", "provincial_scores-MIN_NUM_FORMS": "0", "provincial_scores-MAX_NUM_FORMS": "1000",
        "provincial_scores-0-indicator": indicator.pk, "provincial_scores-0-points": "12",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class AnnualProfileAdminTests:
    def test_it_adds_a_profile_with_its_provincial_score(self, admin_client):
        firm = make_enterprise()
        response = admin_client.post(ADD_URL, profile_form(firm), follow=True)
        assert response.status_code == 200
        profile = AnnualProfile.objects.get(enterprise=firm, year=2025)
        assert (profile.revenue, profile.rd_expense, profile.net_profit) == (Decimal("1200.5"), Decimal(60), None)
        assert list(profile.provincial_scores.values_list("points", flat=True)) == [Decimal(12)]
        assert profile.history.count() == 1

    def test_it_refuses_a_score_above_the_indicator_maximum(self, admin_client):
        firm = make_enterprise()
        response = admin_client.post(ADD_URL, profile_form(firm, **{"provincial_scores-0-points": "16"}))
        assert "得分不能超过该指标满分 15.00 分" in response.content.decode()
        assert not AnnualProfile.objects.exists()

    def test_it_refuses_a_second_profile_for_the_same_year(self, admin_client):
        firm = make_enterprise()
        make_annual_profile(firm, 2025)
        response = admin_client.post(ADD_URL, profile_form(firm))
        assert "该企业该年度已有年度数据" in response.content.decode()

    def test_the_list_shows_the_provincial_total_in_constant_queries(self, admin_client):
        indicator = ProvincialIndicator.objects.get(code="zhejiang_distinctive")
        ProvincialScore.objects.create(profile=make_annual_profile(year=2025), indicator=indicator, points=Decimal("7.5"))
        response = admin_client.get(LIST_URL)
        assert [row.provincial_total for row in response.context["cl"].result_list] == [Decimal("7.5")]
        assert '<td class="field-provincial_points">7.5</td>' in response.content.decode()
        response = assert_queries_do_not_grow(lambda: admin_client.get(LIST_URL), lambda: [make_annual_profile(year=year) for year in range(2000, 2025)])
        assert len(response.context["cl"].result_list) == 26


@pytest.mark.django_db
class ProvincialIndicatorAdminTests:
    def test_it_warns_when_the_active_points_do_not_add_up_to_15(self, admin_client):
        assert "应为 15 分" not in admin_client.get(reverse("admin:cultivation_provincialindicator_changelist")).content.decode()
        ProvincialIndicator.objects.create(rule="srdi_sme@2022", code="marine", name="海洋经济特色", max_points=Decimal(5))
        response = admin_client.get(reverse("admin:cultivation_provincialindicator_changelist"))
        assert "启用的专精特新（2022版）特色化指标满分合计为 20 分，应为 15 分" in response.content.decode()

    def test_it_offers_only_known_rule_sets(self, admin_client):
        data = {"rule": "srdi_sme@2099", "code": "x", "name": "x", "max_points": "5", "sort_order": "0", "active": "on"}
        response = admin_client.post(reverse("admin:cultivation_provincialindicator_add"), data)
        assert "选择一个有效的选项" in response.content.decode()
        assert not ProvincialIndicator.objects.filter(code="x").exists()


@pytest.mark.django_db
class ExportLayoutAdminTests:
    def test_it_edits_columns_with_known_data_items_only(self, admin_client):
        layout = ExportLayout.objects.get(code="provincial_candidates")
        url = reverse("admin:cultivation_exportlayout_change", args=[layout.pk])
        page = admin_client.get(url).content.decode()
        assert "推荐意见（recommendation）" in page and "测评摘要（summary）" in page
        columns = list(layout.columns.order_by("position"))
        data = {"code": layout.code, "name": layout.name, "sheet_title": layout.sheet_title, "columns-TOTAL_FORMS": str(len(columns) + 1), "columns-INITIAL_FORMS": str(len(columns)), "columns-MIN_NUM_FORMS": "0", "columns-MAX_NUM_FORMS": "1000"}
        for index, column in enumerate(columns):
            data.update({f"columns-{index}-id": column.pk, f"columns-{index}-layout": layout.pk, f"columns-{index}-position": column.position, f"columns-{index}-header": column.header, f"columns-{index}-source": column.source, f"columns-{index}-width": column.width})
        new = len(columns)
        data.update({f"columns-{new}-layout": layout.pk, f"columns-{new}-position": "30", f"columns-{new}-header": "自造列", f"columns-{new}-source": "made_up", f"columns-{new}-width": "10"})
        assert "选择一个有效的选项" in admin_client.post(url, data).content.decode()
        data[f"columns-{new}-source"] = "summary"
        admin_client.post(url, data)
        assert layout.columns.get(position=30).source == "summary"
