"""Every change to a pool entry goes through these functions: each checks the step, saves and records it."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_lazy

from cultivation.eligibility.selectors import evaluate_firms
from cultivation.eligibility.tiers import rule_tier_of
from cultivation.models import Batch, PoolEntry, PoolEvent, Tier
from cultivation.models.ladder import OPEN_STATUSES, PoolStatus
from registry import dates


# Lifecycle: which status may follow which. Closed statuses are final; a firm re-enters with a new entry.
ALLOWED_STEPS = {
    PoolStatus.CANDIDATE: {PoolStatus.APPLIED, PoolStatus.EXITED},
    PoolStatus.APPLIED: {PoolStatus.RECOGNISED, PoolStatus.REJECTED, PoolStatus.EXITED},
    PoolStatus.RECOGNISED: {PoolStatus.EXPIRED, PoolStatus.REVOKED, PoolStatus.EXITED},
    PoolStatus.REJECTED: set(),
    PoolStatus.EXPIRED: set(),
    PoolStatus.REVOKED: set(),
    PoolStatus.EXITED: set(),
}


class LadderRefusal(ValidationError):
    """A step the ladder does not allow; the message is the Chinese reason shown to staff."""


def add_years(day, years):
    if not datetime.MINYEAR <= day.year + years <= datetime.MAXYEAR:
        raise LadderRefusal(gettext("日期 %(day)s 加 %(years)s 年超出可表示的范围") % {"day": day, "years": years})
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def default_valid_until(tier, recognised_on):
    """A title recognised on D with N years' validity runs to the day before D + N years."""
    if not tier.validity_years:
        return None
    return add_years(recognised_on, tier.validity_years) - datetime.timedelta(days=1)


def holds_valid(enterprise, tier, on):
    return PoolEntry.objects.filter(enterprise=enterprise, tier=tier, status=PoolStatus.RECOGNISED, recognised_on__lte=on).exclude(valid_until__lt=on).exists()


def check_step(entry, to_status):
    if to_status not in ALLOWED_STEPS[entry.status]:
        raise LadderRefusal(gettext("%(enterprise)s：不能从“%(from)s”改为“%(to)s”") % {"enterprise": entry.enterprise.name, "from": entry.get_status_display(), "to": PoolStatus(to_status).label})


def record(entry, from_status, *, acting_user, on, note=""):
    PoolEvent.objects.create(entry=entry, from_status=from_status or "", to_status=entry.status, happened_on=on, actor=acting_user, note=note[:300])


def locked(entry):
    return PoolEntry.objects.select_for_update().select_related("enterprise", "tier").get(pk=entry.pk)


def check_entry(*, enterprise, tier, batch=None):
    """Refuses (keyed by the field at fault) a firm that may not enter a tier's pool now; the add form shows the same refusal."""
    if not tier.active:
        raise LadderRefusal({"tier": gettext("培育层级“%(tier)s”已停用") % {"tier": tier.name}})
    if batch is not None and batch.tier_id != tier.pk:
        raise LadderRefusal({"batch": gettext("批次“%(batch)s”不属于“%(tier)s”") % {"batch": batch.name, "tier": tier.name}})
    if PoolEntry.objects.filter(enterprise=enterprise, tier=tier, status__in=OPEN_STATUSES).exists():
        raise LadderRefusal(gettext("%(enterprise)s：在“%(tier)s”已有未结束的培育记录") % {"enterprise": enterprise.name, "tier": tier.name})


@transaction.atomic
def pool_entry_enter(*, enterprise, tier, acting_user, entered_on=None, batch=None, target_year=None, officer=None, notes=""):
    """Put a firm into a tier's pool as a candidate (培育中)."""
    check_entry(enterprise=enterprise, tier=tier, batch=batch)
    entered_on = entered_on or dates.today()
    try:
        with transaction.atomic():
            entry = PoolEntry.objects.create(
                enterprise=enterprise, tier=tier, status=PoolStatus.CANDIDATE, batch=batch, entered_on=entered_on, target_year=target_year, officer=officer, notes=notes
            )
    except IntegrityError:  # a concurrent request entered the same firm first
        raise LadderRefusal(gettext("%(enterprise)s：在“%(tier)s”已有未结束的培育记录") % {"enterprise": enterprise.name, "tier": tier.name}) from None
    record(entry, None, acting_user=acting_user, on=entered_on, note="入库")
    return entry


@transaction.atomic
def pool_entry_apply(*, entry, acting_user, applied_on, batch=None, override_reason="", note=""):
    """Candidate → applied (已申报); the tier's prerequisite must be held unless an override is recorded."""
    entry = locked(entry)
    check_step(entry, PoolStatus.APPLIED)
    if applied_on < entry.entered_on:
        raise LadderRefusal(gettext("%(enterprise)s：申报日期不能早于入库日期（%(entered_on)s）") % {"enterprise": entry.enterprise.name, "entered_on": entry.entered_on})
    prerequisite = entry.tier.prerequisite
    override_reason = override_reason.strip()
    if prerequisite and not holds_valid(entry.enterprise, prerequisite, applied_on):
        if not override_reason:
            raise LadderRefusal(gettext("%(enterprise)s：申报“%(tier)s”须持有有效的“%(prerequisite)s”认定（如特殊情况须豁免，请填写豁免理由）") % {"enterprise": entry.enterprise.name, "tier": entry.tier.name, "prerequisite": prerequisite.name})
        entry.prerequisite_override_reason = override_reason[:200]
        note = f"前置条件豁免：{override_reason}" + (f"；{note}" if note else "")
    if batch is not None:
        check_batch(entry, batch)
        entry.batch = batch
    entry.status, entry.applied_on = PoolStatus.APPLIED, applied_on
    entry.save()
    record(entry, PoolStatus.CANDIDATE, acting_user=acting_user, on=applied_on, note=note)
    return entry


def check_batch(entry, batch):
    if batch.tier_id != entry.tier_id:
        raise LadderRefusal(gettext("%(enterprise)s：批次“%(batch)s”不属于“%(tier)s”") % {"enterprise": entry.enterprise.name, "batch": batch.name, "tier": entry.tier.name})


@transaction.atomic
def pool_entry_recognise(*, entry, acting_user, recognised_on, batch=None, document_number="", valid_until=None, valid_until_reason="", note=""):
    """Applied → recognised (已认定), with the validity the tier gives unless a reasoned date is set."""
    entry = locked(entry)
    check_step(entry, PoolStatus.RECOGNISED)
    if entry.applied_on and recognised_on < entry.applied_on:
        raise LadderRefusal(gettext("%(enterprise)s：认定日期（%(recognised_on)s）不能早于申报日期（%(applied_on)s）") % {"enterprise": entry.enterprise.name, "recognised_on": recognised_on, "applied_on": entry.applied_on})
    if batch is not None:
        check_batch(entry, batch)
        entry.batch = batch
    set_recognition(entry, recognised_on, document_number or (entry.batch.document_number if entry.batch else ""), valid_until, valid_until_reason)
    entry.save()
    record(entry, PoolStatus.APPLIED, acting_user=acting_user, on=recognised_on, note=note)
    return entry


def set_recognition(entry, recognised_on, document_number, valid_until, valid_until_reason, review_due_on=None):
    default = default_valid_until(entry.tier, recognised_on)
    if valid_until is not None and valid_until != default:
        if not valid_until_reason.strip():
            raise LadderRefusal(gettext("%(enterprise)s：有效期与层级规定（%(default)s）不同，须填写调整理由") % {"enterprise": entry.enterprise.name, "default": default or gettext("不设有效期")})
        if valid_until < recognised_on:
            raise LadderRefusal(gettext("%(enterprise)s：有效期不能早于认定日期") % {"enterprise": entry.enterprise.name})
        entry.valid_until_reason = valid_until_reason.strip()[:200]
    else:
        valid_until = default
    entry.status, entry.recognised_on, entry.valid_until = PoolStatus.RECOGNISED, recognised_on, valid_until
    entry.review_due_on = review_due_on or entry.review_due_on or valid_until
    entry.document_number = document_number or entry.document_number


@transaction.atomic
def pool_entry_record_recognition(*, enterprise, tier, acting_user, recognised_on, batch=None, applied_on=None, document_number="", valid_until=None, valid_until_reason="", review_due_on=None, note=""):
    """Record a recognition published by the province or ministry, for a firm with no open entry or a candidate/applied one."""
    entry = PoolEntry.objects.select_for_update().filter(enterprise=enterprise, tier=tier, status__in=OPEN_STATUSES).first()
    if entry is not None and entry.status == PoolStatus.RECOGNISED:
        raise LadderRefusal(gettext("%(enterprise)s：在“%(tier)s”已是已认定状态") % {"enterprise": enterprise.name, "tier": tier.name})
    if entry is None:
        entry = pool_entry_enter(enterprise=enterprise, tier=tier, acting_user=acting_user, entered_on=recognised_on, batch=batch)
    from_status = entry.status
    if batch is not None:
        check_batch(entry, batch)
        entry.batch = batch
    entry.applied_on = entry.applied_on or applied_on or recognised_on
    if entry.applied_on > recognised_on:
        raise LadderRefusal(gettext("%(enterprise)s：认定日期（%(recognised_on)s）不能早于申报日期（%(applied_on)s）") % {"enterprise": enterprise.name, "recognised_on": recognised_on, "applied_on": entry.applied_on})
    set_recognition(entry, recognised_on, document_number or (batch.document_number if batch else ""), valid_until, valid_until_reason, review_due_on)
    entry.save()
    record(entry, from_status, acting_user=acting_user, on=recognised_on, note=note or "按公布名单登记认定")
    return entry


# What a published list (培育库名单) may say of an entry, with the Chinese labels its refusals use.
LISTED_FIELDS = {
    "batch": "批次", "entered_on": "入库日期", "applied_on": "申报日期", "recognised_on": "认定日期", "valid_until": "有效期至",
    "review_due_on": "复核日期", "target_year": "计划入规年份", "document_number": "文号", "notes": "备注",
}


@transaction.atomic
def pool_entry_record_listing(*, enterprise, tier, acting_user, status, listed):
    """Bring a firm's open entry on `tier` to what one row of a published list says: (entry, whether a step was taken).

    Steps go forward only (enter, apply, recognise). Afterwards every value the row gives (`listed`, keyed as
    LISTED_FIELDS; blanks say nothing) must be what the entry holds, or the row is refused naming the differences.
    """
    listed = {name: value for name, value in listed.items() if value not in (None, "")}
    entry = PoolEntry.objects.select_for_update().filter(enterprise=enterprise, tier=tier, status__in=OPEN_STATUSES).first()
    status_before = entry.status if entry else None
    batch = listed.get("batch")
    if entry is None:
        entered_on = listed.get("entered_on") or listed.get("applied_on") or listed.get("recognised_on") or dates.today()
        entry = pool_entry_enter(enterprise=enterprise, tier=tier, acting_user=acting_user, entered_on=entered_on, batch=batch, target_year=listed.get("target_year"), notes=listed.get("notes", ""))
    if status == PoolStatus.RECOGNISED and entry.status != PoolStatus.RECOGNISED:
        # A published recognition is recorded as it stands: the province has checked the prerequisite.
        entry = pool_entry_record_recognition(
            enterprise=enterprise, tier=tier, acting_user=acting_user, recognised_on=listed.get("recognised_on"), batch=batch, applied_on=listed.get("applied_on"),
            document_number=listed.get("document_number", ""), valid_until=listed.get("valid_until"),
            valid_until_reason="按导入名单" if "valid_until" in listed else "", review_due_on=listed.get("review_due_on"), note="导入名单登记认定",
        )
    elif status == PoolStatus.APPLIED and entry.status == PoolStatus.CANDIDATE:
        entry = pool_entry_apply(entry=entry, acting_user=acting_user, applied_on=listed.get("applied_on") or dates.today(), batch=batch, note="导入名单登记申报")
    elif entry.status != status and not (status == PoolStatus.CANDIDATE and entry.status in OPEN_STATUSES):
        raise LadderRefusal(gettext("%(enterprise)s：不能从“%(from)s”改为“%(to)s”") % {"enterprise": enterprise.name, "from": entry.get_status_display(), "to": PoolStatus(status).label})
    differences = [f"{LISTED_FIELDS[name]}（系统中为 {getattr(entry, name) or '空'}，名单为 {value}）" for name, value in listed.items() if value != getattr(entry, name)]
    if differences:
        raise LadderRefusal(f"{enterprise.name}：名单与“{tier.name}”的培育记录不一致：{'；'.join(differences)}。导入名单只登记入库、申报和认定，修改已有记录请在培育库中操作")
    return entry, entry.status != status_before


def close(entry, to_status, *, acting_user, on, reason, required_reason):
    entry = locked(entry)
    check_step(entry, to_status)
    reason = (reason or "").strip()
    if required_reason and not reason:
        raise LadderRefusal(gettext("%(enterprise)s：请填写%(reason)s") % {"enterprise": entry.enterprise.name, "reason": required_reason})
    from_status = entry.status
    entry.status, entry.closed_on = to_status, on
    if to_status == PoolStatus.EXITED:
        entry.exit_reason = reason[:200]
    entry.save()
    record(entry, from_status, acting_user=acting_user, on=on, note=reason)
    return entry


@transaction.atomic
def pool_entry_reject(*, entry, acting_user, on, note=""):
    """Applied → rejected (未通过)."""
    return close(entry, PoolStatus.REJECTED, acting_user=acting_user, on=on, reason=note, required_reason=None)


@transaction.atomic
def pool_entry_exit(*, entry, acting_user, on, reason):
    """Any open entry → exited (已退库); a reason is required."""
    return close(entry, PoolStatus.EXITED, acting_user=acting_user, on=on, reason=reason, required_reason=gettext_lazy("退库原因"))


@transaction.atomic
def pool_entry_revoke(*, entry, acting_user, on, reason):
    """Recognised → revoked (已撤销); a reason is required."""
    return close(entry, PoolStatus.REVOKED, acting_user=acting_user, on=on, reason=reason, required_reason=gettext_lazy("撤销原因"))


EDITABLE_FIELDS = ("batch", "valid_until_reason", "review_due_on", "target_year", "document_number", "officer", "notes")  # the change page's fields beside the validity


def check_update(entry, changes):
    """Refuses (keyed by the field at fault) changes the change page may not make to an entry."""
    errors = {}
    if "valid_until" in changes:
        if entry.status != PoolStatus.RECOGNISED:
            errors["valid_until"] = gettext("只有已认定的记录可以调整有效期")
        elif not (changes.get("valid_until_reason") or "").strip():
            errors["valid_until_reason"] = gettext("调整有效期须填写新的调整理由")
    batch = changes.get("batch")
    if batch is not None and batch.tier_id != entry.tier_id:
        errors["batch"] = gettext("批次“%(batch)s”不属于“%(tier)s”") % {"batch": batch.name, "tier": entry.tier.name}
    unknown = set(changes) - {*EDITABLE_FIELDS, "valid_until"}
    if unknown:
        raise ValueError(f"not editable on a pool entry: {sorted(unknown)}")
    if errors:
        raise LadderRefusal(errors)


@transaction.atomic
def pool_entry_update(*, entry, acting_user, changes):
    """The change page's edits, saved with history; a new validity is also a recorded step with its reason."""
    entry = locked(entry)
    check_update(entry, changes)
    edited = [name for name in EDITABLE_FIELDS if name in changes]
    for name in edited:
        setattr(entry, name, changes[name])
    old_validity = entry.valid_until
    if "valid_until" in changes:
        entry.valid_until, entry.valid_until_reason = changes["valid_until"], entry.valid_until_reason.strip()[:200]
        edited.append("valid_until")
    if not edited:
        return entry
    entry._history_user = acting_user
    entry.save(update_fields=[*edited, "updated_at"])
    if "valid_until" in changes:
        record(entry, PoolStatus.RECOGNISED, acting_user=acting_user, on=dates.today(), note=f"有效期 {old_validity or '—'} → {entry.valid_until or '—'}：{entry.valid_until_reason}")
    return entry


@transaction.atomic
def expire_designations(*, on, acting_user=None):
    """Mark recognised entries whose validity ended before `on` as expired; returns how many changed."""
    due = list(PoolEntry.objects.select_for_update().filter(status=PoolStatus.RECOGNISED, valid_until__lt=on))
    for entry in due:
        entry.status, entry.closed_on = PoolStatus.EXPIRED, entry.valid_until + datetime.timedelta(days=1)
        entry.save(update_fields=["status", "closed_on", "updated_at"])
        record(entry, PoolStatus.RECOGNISED, acting_user=acting_user, on=entry.closed_on, note="有效期届满，自动到期")
    return len(due)


@dataclass
class PassingEntries:
    """What entering the passing firms did: names of those already in the pool, reasons of those that fail or were refused."""

    added: int = 0
    already: list = field(default_factory=list)
    failing: list = field(default_factory=list)
    refusals: list = field(default_factory=list)


@transaction.atomic
def pool_entries_enter_passing(*, enterprises, batch, on, acting_user):
    """Evaluate `enterprises` for the batch's tier on `on`; enter those that pass as candidates of the batch."""
    tier, outcome = batch.tier, PassingEntries()
    rule_tier = rule_tier_of(tier.code)
    evaluations = evaluate_firms(enterprises, on=on, tiers=(rule_tier,))
    already_open = set(PoolEntry.objects.filter(tier=tier, status__in=OPEN_STATUSES, enterprise__in=enterprises.order_by().values("pk")).values_list("enterprise_id", flat=True))
    for firm in enterprises.order_by("name"):
        evaluation = evaluations[firm.pk][rule_tier]
        if not evaluation.eligible:
            outcome.failing.append(f"{firm.name}：{evaluation.summary()}")
        elif firm.pk in already_open:
            outcome.already.append(firm.name)
        else:
            try:
                pool_entry_enter(enterprise=firm, tier=tier, acting_user=acting_user, entered_on=on, batch=batch)
                outcome.added += 1
            except ValidationError as refusal:
                outcome.refusals.extend(refusal.messages)
    return outcome


def tier_by_code(code):
    try:
        return Tier.objects.get(code=code)
    except Tier.DoesNotExist:
        known = "、".join(Tier.objects.values_list("code", flat=True))
        raise LadderRefusal(gettext("未知的培育层级代码：%(code)s（可用：%(known)s）") % {"code": code, "known": known}) from None


def batch_by_name(tier, name, *, create=False):
    if not name:
        return None
    batch = Batch.objects.filter(tier=tier, name=name).first()
    if batch is None and not create:
        raise LadderRefusal(gettext("“%(tier)s”没有名为“%(name)s”的批次") % {"tier": tier.name, "name": name})
    if batch is None:
        digits = "".join(ch for ch in name[:4] if ch.isdigit())
        batch = Batch.objects.create(tier=tier, name=name, year=int(digits) if len(digits) == 4 else dates.today().year)
    return batch
