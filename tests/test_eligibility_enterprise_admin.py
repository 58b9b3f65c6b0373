"""The eligibility pieces on the enterprise admin: the panel, the "meets tier" filter and the batch action."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from cultivation.admin.enterprise import eligibility_panel
from cultivation.models import Batch, PoolEntry, PoolEvent
from registry.models import Enterprise, Job
from tests.factories import make_enterprise, make_entry, make_profile_years, make_user, tier
from tests.processes import run_queued_tasks

D = datetime.date
ON = D(2026, 6, 1)
LIST_URL = reverse("admin:registry_enterprise_changelist")


@pytest.fixture
def enterprise_admin(monkeypatch):
    monkeypatch.setattr("registry.dates.today", lambda: ON)
    return admin.site._registry[Enterprise]


def firm_with(name, **figures):
    firm = make_enterprise(name=name)
    make_profile_years(firm, 2025, **figures)
    return firm


@pytest.mark.django_db
class EligibilityPanelTests:
    def test_it_shows_every_tier_with_its_verdict_and_breakdown(self, admin_client, enterprise_admin):
        firm = firm_with("测评企业", total_assets=None)
        page = admin_client.get(reverse("admin:registry_enterprise_change", args=[firm.pk])).content.decode()
        assert "条件测评" in page
        for name in ("创新型中小企业", "专精特新中小企业", "专精特新“小巨人”企业", "规模以上工业企业", "上十亿企业", "制造业单项冠军企业"):
            assert name in page
        assert "<details" in page and "2026版" in page
        assert "缺少2025年资产总额" in page
        assert "上年研发费用占营业收入比重" in page and "3–5%" in page

    def test_the_panel_marks_a_pass_and_a_re_review(self):
        firm = firm_with("复核企业")
        make_entry(firm, "innovative_sme", status="recognised", recognised_on=D(2025, 6, 18))
        html = eligibility_panel(firm, on=ON)
        assert "创新型中小企业（复核）" in html
        assert "#15803d" in html and ">符合<" in html

    def test_the_breakdown_gives_each_value_its_unit(self):
        html = eligibility_panel(firm_with("单位企业"), on=ON)  # 120 staff, revenue 1000 万元, R&D 45 万元 (4.5%), one class-I IP
        values = dict(re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", html))
        assert values["中小企业（从业人员&lt;1000人或营业收入&lt;40000万元）"] == "120人"
        assert values["上年研发费用占营业收入比重"] == "4.5%"
        assert values["2025年研发费用（≥100万元）"] == "45万元"
        assert values["与主导产品相关的有效知识产权"] == "1项"
        assert values["近3年主营业务收入平均值（≥40000万元）"].endswith("万元")
        assert values["主导产品属于战略性新兴产业"] == "是"  # a yes/no has no unit

    def test_an_unsaved_firm_has_no_panel_yet(self):
        assert eligibility_panel(Enterprise()) == "保存后显示"


@pytest.mark.django_db
class MeetsTierListFilterTests:
    def test_it_lists_only_the_firms_that_meet_the_tier(self, admin_client, enterprise_admin):
        strong = firm_with("达标企业")
        firm_with("研发不足企业", rd_expense=Decimal(5), ip_class1_count=0, ip_class2_count=0)
        make_enterprise(name="无数据企业")
        response = admin_client.get(LIST_URL, {"meets_tier": "innovative_sme"})
        assert response.status_code == 200
        assert [firm.pk for firm in response.context["cl"].result_list] == [strong.pk]
        assert "符合创新型中小企业条件" in response.content.decode()

    def test_it_judges_the_above_scale_pool_by_the_revenue_line(self, admin_client, enterprise_admin):
        big = firm_with("过线企业", main_business_revenue=Decimal(2000))
        firm_with("未过线企业", main_business_revenue=Decimal("1999.99"))
        response = admin_client.get(LIST_URL, {"meets_tier": "above_scale_candidate"})
        assert [firm.pk for firm in response.context["cl"].result_list] == [big.pk]

    def test_it_offers_no_choice_for_a_tier_without_criteria(self, admin_client, enterprise_admin):
        page = admin_client.get(LIST_URL).content.decode()
        assert "meets_tier=innovative_sme" in page and "meets_tier=chain_leader" not in page


@pytest.mark.django_db
class AddPassingFirmsToBatchTests:
    def post(self, client, firms, **form):
        data = {"action": "add_passing_firms_to_batch", "_selected_action": [firm.pk for firm in firms], **form}
        return client.post(LIST_URL, data, follow=True)

    def test_it_asks_for_the_batch_first_and_changes_nothing(self, admin_client, enterprise_admin):
        firm = firm_with("达标企业")
        response = self.post(admin_client, [firm])
        assert response.status_code == 200
        assert "确认将符合条件的企业加入批次" in response.content.decode()
        assert not PoolEntry.objects.exists()

    def test_it_enters_only_the_passing_firms_and_says_why_the_others_stay_out(self, admin_client, enterprise_admin):
        batch = Batch.objects.create(tier=tier("innovative_sme"), year=2026, name="2026年第一批")
        strong = firm_with("达标企业")
        weak = firm_with("研发不足企业", rd_expense=Decimal(5), ip_class1_count=0, ip_class2_count=0)
        inside = firm_with("已在库企业")
        make_entry(inside, "innovative_sme")
        response = self.post(admin_client, [strong, weak, inside], confirm="1", batch=batch.pk, on="2026-06-01")
        page = response.content.decode()
        assert "已将 1 家符合条件的企业加入“创新型中小企业 · 2026年第一批”（培育中）" in page
        assert "已在库中、未重复加入 1 家：已在库企业" in page
        assert "未加入：研发不足企业：创新型中小企业（2022版）：不符合" in page
        entry = PoolEntry.objects.get(enterprise=strong)
        assert (entry.tier.code, entry.status, entry.batch, entry.entered_on) == ("innovative_sme", "candidate", batch, ON)
        assert PoolEvent.objects.filter(entry=entry, note="入库").exists()
        assert not PoolEntry.objects.filter(enterprise=weak).exists()

    def test_many_firms_are_evaluated_by_a_worker_and_its_page_says_what_happened(self, admin_client, enterprise_admin, settings):
        settings.EVALUATIONS_BACKGROUND_FROM = 2
        batch = Batch.objects.create(tier=tier("innovative_sme"), year=2026, name="2026年第一批")
        strong, weak = firm_with("达标企业"), firm_with("研发不足企业", rd_expense=Decimal(5), ip_class1_count=0, ip_class2_count=0)
        response = self.post(admin_client, [strong, weak], confirm="1", batch=batch.pk, on="2026-06-01")
        job = Job.objects.get()
        assert "已交给后台测算，完成前不会修改培育库" in response.content.decode() and f"/admin/registry/job/{job.pk}/change/" in response.content.decode()
        assert not PoolEntry.objects.exists()

        run_queued_tasks()

        job.refresh_from_db()
        assert (job.status, job.rows_read, job.rows_written) == (Job.Status.DONE, 2, 1)
        assert "已将 1 家符合条件的企业加入“创新型中小企业 · 2026年第一批”（培育中）" in job.message and "未加入：研发不足企业" in job.message
        assert PoolEntry.objects.get().enterprise == strong and PoolEntry.objects.get().events.get().actor.is_superuser

    def test_a_few_firms_are_still_evaluated_at_once(self, admin_client, enterprise_admin, settings):
        settings.EVALUATIONS_BACKGROUND_FROM = 3
        batch = Batch.objects.create(tier=tier("innovative_sme"), year=2026, name="2026年第一批")
        self.post(admin_client, [firm_with("达标企业"), firm_with("达标企业二")], confirm="1", batch=batch.pk, on="2026-06-01")
        assert PoolEntry.objects.count() == 2 and not Job.objects.exists()

    def test_it_needs_permission_to_add_pool_entries(self, client, enterprise_admin):
        batch = Batch.objects.create(tier=tier("innovative_sme"), year=2026, name="2026年第一批")
        firm = firm_with("达标企业")
        client.force_login(make_user("clerk", perms=["registry.view_enterprise", "registry.change_enterprise"]))
        response = self.post(client, [firm], confirm="1", batch=batch.pk, on="2026-06-01")
        assert "没有新增培育库记录的权限" in response.content.decode()
        assert not PoolEntry.objects.exists()

    def test_it_offers_only_batches_of_tiers_with_criteria(self, admin_client, enterprise_admin):
        Batch.objects.create(tier=tier("chain_leader"), year=2026, name="链主2026")
        Batch.objects.create(tier=tier("srdi_sme"), year=2026, name="专精特新2026")
        page = self.post(admin_client, [firm_with("达标企业")]).content.decode()
        assert "专精特新2026" in page and "链主2026" not in page
