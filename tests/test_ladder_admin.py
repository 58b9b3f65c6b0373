import datetime

import pytest
from django.urls import reverse

from cultivation.models import Batch, PoolEntry, Target
from cultivation.models.ladder import PoolStatus as S
from registry.models import Zone
from tests.factories import make_enterprise, make_entry, make_user, tier
from tests.query_counts import assert_queries_do_not_grow

D = datetime.date
CHANGELIST = reverse("admin:cultivation_poolentry_changelist")


def post_action(client, action, entries, **form):
    data = {"action": action, "_selected_action": [entry.pk for entry in entries], "confirm": "1", **form}
    return client.post(CHANGELIST, data, follow=True)


@pytest.mark.django_db
class BulkActionTests:
    def test_it_shows_the_intermediate_form_first_and_changes_nothing(self, admin_client):
        entry = make_entry()
        response = admin_client.post(CHANGELIST, {"action": "mark_applied", "_selected_action": [entry.pk]})
        assert response.status_code == 200
        assert "确认标记为已申报" in response.content.decode()
        entry.refresh_from_db()
        assert entry.status == S.CANDIDATE

    def test_it_marks_applied_and_reports_each_refusal(self, admin_client):
        ok = make_entry(tier_code="innovative_sme")
        needs_title = make_entry(make_enterprise(name="缺前置企业"), "srdi_sme")
        already = make_entry(make_enterprise(name="已认定企业"), status=S.RECOGNISED, recognised_on=D(2024, 1, 1))
        response = post_action(admin_client, "mark_applied", [ok, needs_title, already], on="2024-06-01", note="")
        content = response.content.decode()
        assert "标记为已申报：成功 1 条" in content
        assert "缺前置企业：申报“省级专精特新中小企业”须持有有效的“创新型中小企业”认定" in content
        assert "已认定企业：不能从“已认定”改为“已申报”" in content
        statuses = dict(PoolEntry.objects.values_list("pk", "status"))
        assert (statuses[ok.pk], statuses[needs_title.pk], statuses[already.pk]) == (S.APPLIED, S.CANDIDATE, S.RECOGNISED)

    def test_it_marks_recognised_with_date_and_batch(self, admin_client):
        batch = Batch.objects.create(tier=tier("innovative_sme"), year=2024, name="2024年第二批", document_number="浙经信〔2024〕12号")
        entries = [make_entry(status=S.APPLIED, applied_on=D(2024, 3, 1)) for _ in range(3)]
        response = post_action(admin_client, "mark_recognised", entries, on="2024-07-15", batch=batch.pk, document_number="")
        assert "标记为已认定：成功 3 条" in response.content.decode()
        for entry in entries:
            entry.refresh_from_db()
            assert (entry.status, entry.recognised_on, entry.batch, entry.valid_until, entry.document_number) == (S.RECOGNISED, D(2024, 7, 15), batch, D(2027, 7, 14), "浙经信〔2024〕12号")

    def test_the_recognise_form_starts_from_the_batch_chosen_at_application(self, admin_client):
        batch = Batch.objects.create(tier=tier("innovative_sme"), year=2024, name="2024年第二批")
        Batch.objects.create(tier=tier("innovative_sme"), year=2024, name="2024年第三批")
        entries = [make_entry() for _ in range(2)]
        post_action(admin_client, "mark_applied", entries, on="2024-06-01", batch=batch.pk, note="")
        response = admin_client.post(CHANGELIST, {"action": "mark_recognised", "_selected_action": [entry.pk for entry in entries]})
        assert response.context["form"]["batch"].value() == batch.pk
        assert f'<option value="{batch.pk}" selected>' in response.content.decode()

    def test_entries_of_different_batches_leave_the_batch_to_choose(self, admin_client):
        first = Batch.objects.create(tier=tier("innovative_sme"), year=2024, name="2024年第一批")
        second = Batch.objects.create(tier=tier("innovative_sme"), year=2024, name="2024年第二批")
        entries = [make_entry(status=S.APPLIED, applied_on=D(2024, 3, 1), batch=first), make_entry(status=S.APPLIED, applied_on=D(2024, 3, 1), batch=second)]
        response = admin_client.post(CHANGELIST, {"action": "mark_recognised", "_selected_action": [entry.pk for entry in entries]})
        assert response.context["form"]["batch"].value() is None

    def test_it_refuses_a_recognition_date_before_the_application(self, admin_client):
        entry = make_entry(status=S.APPLIED, applied_on=D(2024, 8, 1))
        response = post_action(admin_client, "mark_recognised", [entry], on="2024-07-15")
        assert "不能早于申报日期" in response.content.decode()
        entry.refresh_from_db()
        assert entry.status == S.APPLIED

    @pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
    def test_a_date_outside_1900_to_2100_is_refused_before_any_row_changes(self, admin_client, day):
        entries = [make_entry(status=S.APPLIED, applied_on=D(2024, 6, 1)) for _ in range(3)]
        response = post_action(admin_client, "mark_recognised", entries, on=day)
        assert "日期应在1900年至2100年之间" in response.content.decode()
        assert set(PoolEntry.objects.filter(pk__in=[entry.pk for entry in entries]).values_list("status", flat=True)) == {S.APPLIED}

    def test_it_rejects(self, admin_client):
        entry = make_entry(status=S.APPLIED)
        post_action(admin_client, "mark_rejected", [entry], on="2024-07-15", note="得分不足")
        entry.refresh_from_db()
        assert entry.status == S.REJECTED

    def test_it_exits_only_with_a_reason(self, admin_client):
        entry = make_entry()
        response = post_action(admin_client, "mark_exited", [entry], on="2024-07-15", note="")
        assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
        entry.refresh_from_db()
        assert entry.status == S.CANDIDATE
        post_action(admin_client, "mark_exited", [entry], on="2024-07-15", note="企业注销")
        entry.refresh_from_db()
        assert (entry.status, entry.exit_reason) == (S.EXITED, "企业注销")

    def test_a_read_only_user_cannot_run_actions(self, client):
        viewer = make_user("viewer", perms=["cultivation.view_poolentry"])
        client.force_login(viewer)
        entry = make_entry()
        post_action(client, "mark_exited", [entry], on="2024-07-15", note="x")
        entry.refresh_from_db()
        assert entry.status == S.CANDIDATE


@pytest.mark.django_db
class PoolEntryPagesTests:
    def test_it_adds_a_candidate_through_the_service_and_refuses_a_second(self, admin_client):
        firm = make_enterprise()
        url = reverse("admin:cultivation_poolentry_add")
        data = {"enterprise": firm.pk, "tier": tier("innovative_sme").pk, "entered_on": "2024-03-01", "notes": ""}
        assert admin_client.post(url, data).status_code == 302
        entry = PoolEntry.objects.get()
        assert entry.status == S.CANDIDATE and entry.events.count() == 1
        response = admin_client.post(url, data)
        assert "已有未结束的培育记录" in response.content.decode()
        assert PoolEntry.objects.count() == 1

    def test_it_changes_valid_until_only_with_a_reason(self, admin_client):
        entry = make_entry(status=S.RECOGNISED, recognised_on=D(2024, 1, 1))
        url = reverse("admin:cultivation_poolentry_change", args=[entry.pk])
        data = {"valid_until": "2026-06-30", "valid_until_reason": "", "notes": "", "document_number": "", "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0}
        response = admin_client.post(url, data)
        assert "调整有效期须填写新的调整理由" in response.content.decode()
        data["valid_until_reason"] = "省厅通知延期"
        assert admin_client.post(url, data).status_code == 302
        entry.refresh_from_db()
        assert entry.valid_until == D(2026, 6, 30)
        assert "有效期 2026-12-31 → 2026-06-30" in entry.events.last().note

    def test_it_filters_expiring_soon(self, admin_client):
        from registry.dates import today

        soon = make_entry(status=S.RECOGNISED, recognised_on=today() - datetime.timedelta(days=3 * 365 - 30))
        make_entry(status=S.RECOGNISED, recognised_on=today())
        response = admin_client.get(CHANGELIST, {"expiry": "soon"})
        assert [e.pk for e in response.context["cl"].result_list] == [soon.pk]

    def test_it_filters_by_tier_status_county_zone_and_chain(self, admin_client):
        zone = Zone.objects.get(code="liuheng")
        wanted = make_entry(make_enterprise(county_id="330903", zone=zone), "srdi_sme", status=S.APPLIED)
        make_entry(make_enterprise(county_id="330903"), "srdi_sme", status=S.APPLIED)
        response = admin_client.get(CHANGELIST, {"tier__id__exact": tier("srdi_sme").pk, "status__exact": "applied", "county": "330903", "zone": zone.pk})
        assert [e.pk for e in response.context["cl"].result_list] == [wanted.pk]

    def test_its_query_count_does_not_grow_with_rows(self, admin_client):
        make_entry(status=S.RECOGNISED, recognised_on=D(2024, 1, 1), officer=make_user("o0"))
        more = lambda: [make_entry(status=S.RECOGNISED, recognised_on=D(2024, 1, 1), officer=make_user(f"o{index + 1}")) for index in range(20)]  # noqa: E731
        response = assert_queries_do_not_grow(lambda: admin_client.get(CHANGELIST), more)
        assert len(response.context["cl"].result_list) == 21


@pytest.mark.django_db
class EnterpriseLadderTests:
    def test_the_firm_page_shows_positions_and_history(self, admin_client):
        from cultivation.ladder import services

        firm = make_enterprise()
        entry = services.pool_entry_enter(enterprise=firm, tier=tier("innovative_sme"), acting_user=None, entered_on=D(2024, 1, 5))
        services.pool_entry_apply(entry=entry, acting_user=None, applied_on=D(2024, 2, 5))
        content = admin_client.get(reverse("admin:registry_enterprise_change", args=[firm.pk])).content.decode()
        assert "创新型中小企业" in content and "已申报" in content
        assert "培育中 → 已申报" in content and "2024-02-05" in content

    def test_the_firm_list_shows_the_highest_recognised_tier_without_a_query_per_row(self, admin_client):
        url = reverse("admin:registry_enterprise_changelist")
        firm = make_enterprise(name="甲企业")
        make_entry(firm, "innovative_sme", status=S.RECOGNISED, recognised_on=D(2023, 1, 1))
        make_entry(firm, "srdi_sme", status=S.RECOGNISED, recognised_on=D(2024, 1, 1))
        make_entry(firm, "little_giant", status=S.APPLIED)
        assert "省级专精特新中小企业" in admin_client.get(url).content.decode()
        assert_queries_do_not_grow(lambda: admin_client.get(url), lambda: [make_entry(make_enterprise(), "innovative_sme", status=S.RECOGNISED, recognised_on=D(2024, 1, 1)) for _ in range(15)])


@pytest.mark.django_db
class TargetProgressTests:
    def test_it_counts_against_targets_as_computed_by_hand(self, admin_client, admin_user):
        from cultivation.ladder.progress import target_progress

        liuheng = Zone.objects.get(code="liuheng")
        Target.objects.create(year=2024, tier=tier("innovative_sme"), count=4)
        Target.objects.create(year=2024, tier=tier("innovative_sme"), county_id="330902", count=2)
        Target.objects.create(year=2024, tier=tier("innovative_sme"), zone=liuheng, count=1)
        Target.objects.create(year=2024, tier=tier("above_scale_candidate"), count=10)
        dinghai, putuo_liuheng = make_enterprise(county_id="330902"), make_enterprise(county_id="330903", zone=liuheng)
        make_entry(dinghai, "innovative_sme", status=S.RECOGNISED, recognised_on=D(2024, 5, 1))  # counts: 2024
        make_entry(putuo_liuheng, "innovative_sme", status=S.RECOGNISED, recognised_on=D(2024, 9, 1))  # counts
        make_entry(make_enterprise(county_id="330902"), "innovative_sme", status=S.RECOGNISED, recognised_on=D(2023, 5, 1))  # other year
        make_entry(make_enterprise(county_id="330902"), "innovative_sme", status=S.APPLIED)  # not recognised
        make_entry(make_enterprise(county_id="330921"), "innovative_sme", status=S.EXPIRED, recognised_on=D(2024, 1, 2), valid_until=D(2024, 6, 1))  # recognised in 2024, since expired: counts
        make_entry(make_enterprise(county_id="330902"), "above_scale_candidate", entered_on=D(2024, 3, 1))  # in pool
        make_entry(make_enterprise(county_id="330903"), "above_scale_candidate", status=S.APPLIED, entered_on=D(2024, 3, 1))  # in pool
        make_entry(make_enterprise(county_id="330903"), "above_scale_candidate", status=S.EXITED, entered_on=D(2024, 3, 1))  # left
        rows = {(row.tier.code, row.scope): (row.target, row.achieved) for row in target_progress(admin_user, 2024)}
        assert rows[("innovative_sme", "全市")] == (4, 3)
        assert rows[("innovative_sme", "定海区")] == (2, 1)
        assert rows[("innovative_sme", "六横")] == (1, 1)
        assert rows[("innovative_sme", "岱山县")] == (None, 1)
        assert rows[("above_scale_candidate", "全市")] == (10, 2)
        page = admin_client.get(reverse("admin:cultivation_target_progress"), {"year": 2024}).content.decode()
        assert "75.0%" in page and "创新型中小企业" in page
