"""Places the demo firms on the ladder: every status, a few batches, targets, some titles expiring soon."""

import datetime

from django.db import transaction

from cultivation.models import Batch, Target, Tier
from registry.models import Region, Zone

from . import services

DAY = datetime.timedelta(days=1)

# (tier, year, name, recognised month/day, document number)
BATCHES = (
    ("innovative_sme", 2023, "2023年第二批", (12, 5), "浙经信企业〔2023〕168号"),
    ("innovative_sme", 2024, "2024年第一批", (6, 20), "浙经信企业〔2024〕72号"),
    ("innovative_sme", 2025, "2025年第一批", (6, 18), "浙经信企业〔2025〕66号"),
    ("innovative_sme", 2026, "2026年第一批", (7, 1), "浙经信企业〔2026〕80号"),
    ("srdi_sme", 2023, "2023年第一批", (8, 1), "浙经信企业〔2023〕95号"),
    ("srdi_sme", 2024, "2024年第二批", (11, 28), "浙经信企业〔2024〕190号"),
    ("srdi_sme", 2025, "2025年第一批", (8, 8), "浙经信企业〔2025〕101号"),
    ("little_giant", 2024, "第六批", (7, 26), "工信部企业函〔2024〕178号"),
    ("billion_yuan", 2026, "2026年度", (3, 1), "舟经信〔2026〕9号"),
)

CITY_TARGETS = {"above_scale_candidate": 60, "innovative_sme": 66, "srdi_sme": 14, "little_giant": 2, "billion_yuan": 24, "chain_leader": 15}
COUNTY_SHARE = {"330902": 0.38, "330903": 0.32, "330921": 0.22, "330922": 0.08}


def batch_date(batch):
    return batch.recognised_on


@transaction.atomic
def seed_ladder(rng, firms, today):
    tiers = {tier.code: tier for tier in Tier.objects.all()}
    batches = {}
    for code, year, name, (month, day), number in BATCHES:
        recognised_on = datetime.date(year, month, day)
        batches[(code, year)], _ = Batch.objects.update_or_create(
            tier=tiers[code], name=name,
            defaults={"year": year, "recognised_on": recognised_on, "document_number": number, "applications_open_on": recognised_on - 120 * DAY, "applications_close_on": recognised_on - 75 * DAY},
        )
    if any(firm.pool_entries.exists() for firm in firms[:5]):
        return  # already placed: seeding again must not duplicate the ladder
    seed_targets(tiers, today.year)
    innovative = []
    for index, firm in enumerate(firms):
        roll = rng.random()
        if not firm.is_above_scale and roll < 0.35:
            entry = services.pool_entry_enter(enterprise=firm, tier=tiers["above_scale_candidate"], acting_user=None, entered_on=today - rng.randint(30, 700) * DAY, target_year=today.year + rng.choice((0, 1, 1, 2)), officer=firm.service_officer)
            if index % 17 == 0:
                services.pool_entry_exit(entry=entry, acting_user=None, on=today - 10 * DAY, reason="企业停产")
        if firm.size_class in ("small", "medium") and roll < 0.55:
            year = rng.choice((2023, 2024, 2025, 2026))
            batch = batches[("innovative_sme", year)]
            if batch.recognised_on > today or index % 23 == 0:
                entry = services.pool_entry_enter(enterprise=firm, tier=tiers["innovative_sme"], acting_user=None, entered_on=today - 90 * DAY)
                if index % 2:
                    services.pool_entry_apply(entry=entry, acting_user=None, applied_on=today - 30 * DAY)
                continue
            services.pool_entry_record_recognition(enterprise=firm, tier=tiers["innovative_sme"], acting_user=None, recognised_on=batch.recognised_on, batch=batch)
            innovative.append(firm)
    seed_upper_tiers(rng, tiers, batches, innovative, today)
    seed_large_firms(rng, tiers, batches, firms, today)
    services.expire_designations(on=today)


def seed_upper_tiers(rng, tiers, batches, innovative, today):
    for position, firm in enumerate(innovative):
        if position % 3:
            continue
        if position % 2:
            step = position % 4
            batch = batches[("srdi_sme", 2023 if step == 1 else rng.choice((2024, 2025)))]
            services.pool_entry_record_recognition(enterprise=firm, tier=tiers["srdi_sme"], acting_user=None, recognised_on=batch.recognised_on, batch=batch)
            if step == 1:
                giant = batches[("little_giant", 2024)]
                services.pool_entry_record_recognition(enterprise=firm, tier=tiers["little_giant"], acting_user=None, recognised_on=giant.recognised_on, batch=giant)
            elif step == 3:
                entry = services.pool_entry_enter(enterprise=firm, tier=tiers["little_giant"], acting_user=None, entered_on=today - 200 * DAY)
                services.pool_entry_apply(entry=entry, acting_user=None, applied_on=today - 150 * DAY)
                if position % 8 == 3:
                    services.pool_entry_reject(entry=entry, acting_user=None, on=today - 60 * DAY, note="评价得分不足")
        else:
            entry = services.pool_entry_enter(enterprise=firm, tier=tiers["srdi_sme"], acting_user=None, entered_on=today - 120 * DAY)
            if position % 4 == 0:
                services.pool_entry_apply(entry=entry, acting_user=None, applied_on=today - 40 * DAY)
    # A few firms whose title ended or was withdrawn, so every status has an example.
    for position, firm in enumerate(innovative[-6:]):
        entry = firm.pool_entries.filter(tier=tiers["innovative_sme"]).first()
        if position == 0:
            services.pool_entry_revoke(entry=entry, acting_user=None, on=today - 20 * DAY, reason="发生重大安全事故")


def seed_large_firms(rng, tiers, batches, firms, today):
    large = [firm for firm in firms if firm.size_class == "large"]
    for position, firm in enumerate(large):
        if position % 2 == 0:
            batch = batches[("billion_yuan", 2026)]
            services.pool_entry_record_recognition(enterprise=firm, tier=tiers["billion_yuan"], acting_user=None, recognised_on=batch.recognised_on, batch=batch)
        if position % 5 == 0:
            services.pool_entry_record_recognition(enterprise=firm, tier=tiers["chain_leader"], acting_user=None, recognised_on=datetime.date(2024, 9, 1), document_number="舟经信〔2024〕52号")
    old = [firm for firm in firms if firm.size_class == "micro"][:4]
    for firm in old:
        # Recognised three years ago: some already expired, some expiring within 90 days.
        services.pool_entry_record_recognition(enterprise=firm, tier=tiers["innovative_sme"], acting_user=None, recognised_on=today - (3 * 365 - rng.choice((-40, 20, 45, 80))) * DAY)


def seed_targets(tiers, year):
    counties = list(Region.objects.filter(level=Region.Level.COUNTY))
    for code, count in CITY_TARGETS.items():
        Target.objects.update_or_create(year=year, tier=tiers[code], county=None, zone=None, defaults={"count": count})
        for county in counties:
            Target.objects.update_or_create(year=year, tier=tiers[code], county=county, zone=None, defaults={"count": max(1, round(count * COUNTY_SHARE[county.code]))})
    for zone in Zone.objects.filter(code__in=("liuheng", "jintang", "gaoxinqu")):
        Target.objects.update_or_create(year=year, tier=tiers["above_scale_candidate"], county=None, zone=zone, defaults={"count": 5})
