import datetime

import pytest
from django.db import IntegrityError, transaction

from cultivation.ladder import services
from cultivation.ladder.services import ALLOWED_STEPS, LadderRefusal
from cultivation.models import PoolEntry, PoolEvent
from cultivation.models.ladder import PoolStatus as S
from tests.factories import make_enterprise, make_entry, make_user, tier

D = datetime.date

STEP_FUNCTIONS = {
    S.APPLIED: lambda entry, user: services.pool_entry_apply(entry=entry, acting_user=user, applied_on=D(2024, 6, 1), override_reason="测试豁免"),
    S.RECOGNISED: lambda entry, user: services.pool_entry_recognise(entry=entry, acting_user=user, recognised_on=D(2024, 7, 1)),
    S.REJECTED: lambda entry, user: services.pool_entry_reject(entry=entry, acting_user=user, on=D(2024, 7, 1)),
    S.EXITED: lambda entry, user: services.pool_entry_exit(entry=entry, acting_user=user, on=D(2024, 7, 1), reason="企业迁出"),
    S.REVOKED: lambda entry, user: services.pool_entry_revoke(entry=entry, acting_user=user, on=D(2024, 7, 1), reason="虚假材料"),
}
ALL_PAIRS = [(frm, to) for frm in S for to in STEP_FUNCTIONS]


@pytest.mark.django_db
class TransitionTests:
    @pytest.mark.parametrize("from_status, to_status", ALL_PAIRS)
    def test_it_allows_exactly_the_lifecycle_steps(self, from_status, to_status):
        user = make_user()
        entry = make_entry(tier_code="srdi_sme", status=from_status, entered_on=D(2024, 1, 1), applied_on=D(2024, 5, 1) if from_status != S.CANDIDATE else None)
        if to_status in ALLOWED_STEPS[from_status]:
            STEP_FUNCTIONS[to_status](entry, user)
            entry.refresh_from_db()
            assert entry.status == to_status
            event = PoolEvent.objects.get(entry=entry)
            assert (event.from_status, event.to_status, event.actor) == (from_status, to_status, user)
        else:
            with pytest.raises(LadderRefusal, match="不能从"):
                STEP_FUNCTIONS[to_status](entry, user)
            entry.refresh_from_db()
            assert entry.status == from_status
            assert not PoolEvent.objects.filter(entry=entry).exists()

    def test_it_never_goes_back_from_recognised_to_candidate(self):
        assert S.CANDIDATE not in ALLOWED_STEPS[S.RECOGNISED]
        assert all(not ALLOWED_STEPS[closed] for closed in (S.REJECTED, S.EXPIRED, S.REVOKED, S.EXITED))

    def test_it_records_the_whole_path_as_events(self):
        user = make_user()
        firm = make_enterprise()
        entry = services.pool_entry_enter(enterprise=firm, tier=tier("innovative_sme"), acting_user=user, entered_on=D(2024, 2, 1))
        services.pool_entry_apply(entry=entry, acting_user=user, applied_on=D(2024, 3, 1))
        services.pool_entry_recognise(entry=entry, acting_user=user, recognised_on=D(2024, 6, 30), document_number="浙经信〔2024〕88号")
        entry.refresh_from_db()
        assert (entry.status, entry.valid_until, entry.review_due_on, entry.document_number) == (S.RECOGNISED, D(2027, 6, 29), D(2027, 6, 29), "浙经信〔2024〕88号")
        assert [(e.from_status, e.to_status, e.happened_on) for e in entry.events.all()] == [
            ("", S.CANDIDATE, D(2024, 2, 1)),
            (S.CANDIDATE, S.APPLIED, D(2024, 3, 1)),
            (S.APPLIED, S.RECOGNISED, D(2024, 6, 30)),
        ]

    def test_it_refuses_a_recognition_dated_before_the_application(self):
        entry = make_entry(status=S.APPLIED, applied_on=D(2024, 5, 1))
        with pytest.raises(LadderRefusal, match="认定日期（2024-04-30）不能早于申报日期（2024-05-01）"):
            services.pool_entry_recognise(entry=entry, acting_user=None, recognised_on=D(2024, 4, 30))
        entry.refresh_from_db()
        assert entry.status == S.APPLIED and entry.recognised_on is None

    def test_a_validity_running_past_year_9999_is_a_refusal_not_a_crash(self):
        entry = make_entry(status=S.APPLIED, applied_on=D(9998, 5, 1))
        with pytest.raises(LadderRefusal, match="超出可表示的范围"):
            services.pool_entry_recognise(entry=entry, acting_user=None, recognised_on=D(9998, 6, 1))
        entry.refresh_from_db()
        assert entry.status == S.APPLIED

    def test_it_requires_a_reason_to_exit(self):
        entry = make_entry()
        with pytest.raises(LadderRefusal, match="请填写退库原因"):
            services.pool_entry_exit(entry=entry, acting_user=None, on=D(2024, 5, 1), reason="  ")

    def test_it_requires_a_reason_for_a_validity_that_differs_from_the_tier(self):
        entry = make_entry(status=S.APPLIED)
        with pytest.raises(LadderRefusal, match="须填写调整理由"):
            services.pool_entry_recognise(entry=entry, acting_user=None, recognised_on=D(2024, 6, 1), valid_until=D(2026, 1, 1))
        services.pool_entry_recognise(entry=entry, acting_user=None, recognised_on=D(2024, 6, 1), valid_until=D(2026, 1, 1), valid_until_reason="复核提前")
        entry.refresh_from_db()
        assert (entry.valid_until, entry.valid_until_reason) == (D(2026, 1, 1), "复核提前")


@pytest.mark.django_db
class OpenEntryTests:
    def test_it_refuses_a_second_open_entry_through_the_service(self):
        firm = make_enterprise()
        make_entry(firm, "srdi_sme", status=S.APPLIED)
        with pytest.raises(LadderRefusal, match="已有未结束的培育记录"):
            services.pool_entry_enter(enterprise=firm, tier=tier("srdi_sme"), acting_user=None)
        assert PoolEntry.objects.filter(enterprise=firm).count() == 1

    @pytest.mark.parametrize("open_status", [S.CANDIDATE, S.APPLIED, S.RECOGNISED])
    def test_the_database_refuses_a_second_open_entry(self, open_status):
        firm = make_enterprise()
        make_entry(firm, "srdi_sme", status=open_status)
        with pytest.raises(IntegrityError), transaction.atomic():
            make_entry(firm, "srdi_sme", status=S.CANDIDATE)

    @pytest.mark.parametrize("closed_status", [S.REJECTED, S.EXPIRED, S.REVOKED, S.EXITED])
    def test_it_allows_a_new_entry_after_a_closed_one(self, closed_status):
        firm = make_enterprise()
        make_entry(firm, "srdi_sme", status=closed_status)
        make_entry(firm, "srdi_sme", status=S.RECOGNISED)
        entry = services.pool_entry_enter(enterprise=firm, tier=tier("innovative_sme"), acting_user=None)
        assert entry.status == S.CANDIDATE
        assert PoolEntry.objects.filter(enterprise=firm, tier__code="srdi_sme").count() == 2

    def test_the_database_refuses_a_recognition_before_the_application(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_entry(status=S.RECOGNISED, applied_on=D(2024, 5, 2), recognised_on=D(2024, 5, 1))

    def test_it_refuses_an_unknown_tier_code(self):
        with pytest.raises(LadderRefusal, match="未知的培育层级代码：gold_star"):
            services.tier_by_code("gold_star")


@pytest.mark.django_db
class PrerequisiteTests:
    def test_it_refuses_srdi_without_a_valid_innovative_title(self):
        entry = make_entry(tier_code="srdi_sme")
        with pytest.raises(LadderRefusal, match="须持有有效的“创新型中小企业”认定"):
            services.pool_entry_apply(entry=entry, acting_user=None, applied_on=D(2024, 6, 1))
        entry.refresh_from_db()
        assert entry.status == S.CANDIDATE

    def test_it_refuses_an_expired_prerequisite(self):
        firm = make_enterprise()
        make_entry(firm, "innovative_sme", status=S.RECOGNISED, recognised_on=D(2020, 1, 1))  # valid until 2022-12-31
        entry = make_entry(firm, "srdi_sme")
        with pytest.raises(LadderRefusal):
            services.pool_entry_apply(entry=entry, acting_user=None, applied_on=D(2024, 6, 1))

    def test_it_accepts_a_valid_prerequisite(self):
        firm = make_enterprise()
        make_entry(firm, "srdi_sme", status=S.RECOGNISED, recognised_on=D(2023, 1, 1))
        entry = make_entry(firm, "little_giant")
        services.pool_entry_apply(entry=entry, acting_user=None, applied_on=D(2024, 6, 1))
        entry.refresh_from_db()
        assert entry.status == S.APPLIED and entry.prerequisite_override_reason == ""

    def test_it_accepts_an_explicit_recorded_override(self):
        user = make_user()
        entry = make_entry(tier_code="little_giant")
        services.pool_entry_apply(entry=entry, acting_user=user, applied_on=D(2024, 6, 1), override_reason="工信部特批")
        entry.refresh_from_db()
        assert entry.status == S.APPLIED and entry.prerequisite_override_reason == "工信部特批"
        assert "前置条件豁免：工信部特批" in entry.events.get(to_status=S.APPLIED).note


@pytest.mark.django_db
class ExpiryTests:
    def test_it_expires_the_day_after_valid_until_and_not_before(self):
        entry = make_entry(status=S.RECOGNISED, recognised_on=D(2021, 7, 1))
        assert entry.valid_until == D(2024, 6, 30)
        assert services.expire_designations(on=D(2024, 6, 30)) == 0
        entry.refresh_from_db()
        assert entry.status == S.RECOGNISED
        assert services.expire_designations(on=D(2024, 7, 1)) == 1
        entry.refresh_from_db()
        assert (entry.status, entry.closed_on) == (S.EXPIRED, D(2024, 7, 1))

    def test_it_is_idempotent(self):
        make_entry(status=S.RECOGNISED, recognised_on=D(2020, 1, 1))
        assert services.expire_designations(on=D(2024, 1, 1)) == 1
        assert services.expire_designations(on=D(2024, 1, 1)) == 0
        assert PoolEvent.objects.filter(to_status=S.EXPIRED).count() == 1

    def test_it_leaves_titles_without_validity_alone(self):
        entry = make_entry(tier_code="chain_leader", status=S.RECOGNISED, recognised_on=D(2015, 1, 1))
        assert entry.valid_until is None
        assert services.expire_designations(on=D(2030, 1, 1)) == 0

    def test_the_command_takes_a_date(self):
        from io import StringIO

        from django.core.management import call_command

        make_entry(status=S.RECOGNISED, recognised_on=D(2021, 7, 1))
        out = StringIO()
        call_command("expire_designations", today="2024-07-01", stdout=out)
        assert "1 条认定记录已到期" in out.getvalue()

    def test_the_command_refuses_a_bad_date(self):
        from django.core.management import CommandError, call_command

        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            call_command("expire_designations", today="2024-13-01")

    def test_it_handles_leap_day_recognitions(self):
        assert services.default_valid_until(tier("innovative_sme"), D(2024, 2, 29)) == D(2027, 2, 27)


@pytest.mark.django_db
class EntryUpdateTests:
    """The change page's edits go through pool_entry_update; its refusals are what the form shows."""

    def test_a_new_validity_is_a_recorded_step_with_its_reason(self):
        user = make_user()
        entry = make_entry(status=S.RECOGNISED, recognised_on=D(2024, 1, 1))
        services.pool_entry_update(entry=entry, acting_user=user, changes={"valid_until": D(2026, 6, 30), "valid_until_reason": " 省厅通知延期 "})
        entry.refresh_from_db()
        assert (entry.valid_until, entry.valid_until_reason) == (D(2026, 6, 30), "省厅通知延期")
        event = entry.events.last()
        assert (event.actor, event.note) == (user, "有效期 2026-12-31 → 2026-06-30：省厅通知延期")

    @pytest.mark.parametrize("status, changes, field", [
        (S.CANDIDATE, {"valid_until": D(2026, 6, 30), "valid_until_reason": "x"}, "valid_until"),
        (S.RECOGNISED, {"valid_until": D(2026, 6, 30), "valid_until_reason": " "}, "valid_until_reason"),
    ], ids=["not-recognised", "no-reason"])
    def test_it_refuses_a_validity_change_it_may_not_make(self, status, changes, field):
        entry = make_entry(status=status, recognised_on=D(2024, 1, 1) if status == S.RECOGNISED else None)
        with pytest.raises(LadderRefusal) as refused:
            services.pool_entry_update(entry=entry, acting_user=None, changes=changes)
        assert list(refused.value.message_dict) == [field]
        assert entry.events.count() == 0

    def test_it_refuses_a_batch_of_another_tier(self):
        from cultivation.models import Batch

        entry = make_entry(tier_code="innovative_sme")
        other = Batch.objects.create(tier=tier("srdi_sme"), year=2026, name="2026年第一批")
        with pytest.raises(LadderRefusal, match="不属于"):
            services.pool_entry_update(entry=entry, acting_user=None, changes={"batch": other})

    def test_plain_edits_keep_history_and_add_no_event(self):
        user = make_user()
        entry = make_entry()
        services.pool_entry_update(entry=entry, acting_user=user, changes={"notes": "走访两次", "target_year": 2027})
        entry.refresh_from_db()
        assert (entry.notes, entry.target_year, entry.events.count()) == ("走访两次", 2027, 0)
        assert entry.history.latest().history_user == user


@pytest.mark.django_db
class EntryCheckTests:
    def test_the_add_form_shows_the_services_refusal_on_the_field_at_fault(self):
        from cultivation.ladder.forms import PoolEntryAddForm
        from cultivation.models import Batch

        firm = make_enterprise()
        other = Batch.objects.create(tier=tier("srdi_sme"), year=2026, name="2026年第一批")
        form = PoolEntryAddForm({"enterprise": firm.pk, "tier": tier("innovative_sme").pk, "entered_on": "2026-03-01", "batch": other.pk})
        assert not form.is_valid()
        assert form.errors["batch"] == ["批次“2026年第一批”不属于“创新型中小企业”"]
