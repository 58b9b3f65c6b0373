"""Reads of the ladder: each firm's standing, what is expiring, and progress against targets."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext

from cultivation.models import PoolEntry, PoolEvent, Target, Tier
from cultivation.models.ladder import OPEN_STATUSES, PoolStatus
from registry.models import Enterprise, Region, Zone
from registry.scope import area_name, user_is_scoped, visible_enterprises

EXPIRY_WARNING_DAYS = 90


def highest_recognised_tier_name():
    """A subquery for annotating firms with the name of their highest recognised tier (one query, no per-row lookups)."""
    return Subquery(
        PoolEntry.objects.filter(enterprise=OuterRef("pk"), status=PoolStatus.RECOGNISED).order_by("-tier__rank").values("tier__name")[:1]
    )


def firm_ladder(enterprise):
    """The firm's entries (open first, highest tier first) and the event history, newest first."""
    entries = list(PoolEntry.objects.filter(enterprise=enterprise).select_related("tier", "batch", "officer").order_by("-tier__rank", "-entered_on"))
    events = list(PoolEvent.objects.filter(entry__enterprise=enterprise).select_related("entry__tier", "entry__batch", "actor").order_by("-recorded_at", "-id"))
    return entries, events


def expiring_entries(entries, *, on, days=EXPIRY_WARNING_DAYS):
    return entries.filter(status=PoolStatus.RECOGNISED, valid_until__gte=on, valid_until__lte=on + datetime.timedelta(days=days))


def reviews_due(entries, *, on, days=EXPIRY_WARNING_DAYS):
    return entries.filter(status=PoolStatus.RECOGNISED, review_due_on__lte=on + datetime.timedelta(days=days))


@dataclass(frozen=True)
class ProgressRow:
    tier: Tier
    scope: str  # "全市", a county or a zone name
    scope_kind: str  # city / county / zone
    target: int | None
    achieved: int

    @property
    def percent(self):
        return None if not self.target else round(100 * self.achieved / self.target, 1)


def achieved_filter(tier, year):
    """What counts towards a tier's target in a year: recognitions dated in the year, or open pool entries."""
    if tier.counts_pool_for_progress:
        return Q(pool_entries__tier=tier, pool_entries__status__in=OPEN_STATUSES, pool_entries__entered_on__lte=datetime.date(year, 12, 31))
    return Q(
        pool_entries__tier=tier,
        pool_entries__status__in=(PoolStatus.RECOGNISED, PoolStatus.EXPIRED),
        pool_entries__recognised_on__year=year,
    )


def target_progress(year, enterprises=None):
    """Per active tier: the city, each county and each zone, with target and achieved count (distinct firms)."""
    enterprises = Enterprise.objects.all() if enterprises is None else enterprises
    tiers = list(Tier.objects.filter(active=True).order_by("rank"))
    targets = {(t.tier_id, t.county_id, t.zone_id): t.count for t in Target.objects.filter(year=year)}
    annotations = {f"t{tier.pk}": Count("pk", filter=achieved_filter(tier, year), distinct=True) for tier in tiers}
    by_county = {row["county_id"]: row for row in enterprises.order_by().values("county_id").annotate(**annotations)}
    by_zone = {row["zone_id"]: row for row in enterprises.order_by().values("zone_id").annotate(**annotations)}
    counties = list(Region.objects.filter(level=Region.Level.COUNTY))
    zones = list(Zone.objects.all())
    rows = []
    for tier in tiers:
        key = f"t{tier.pk}"
        city_total = sum(row[key] for row in by_county.values())
        rows.append(ProgressRow(tier, gettext("全市"), "city", targets.get((tier.pk, None, None)), city_total))
        for county in counties:
            rows.append(ProgressRow(tier, county.name, "county", targets.get((tier.pk, county.pk, None)), by_county.get(county.pk, {}).get(key, 0)))
        for zone in zones:
            rows.append(ProgressRow(tier, zone.name, "zone", targets.get((tier.pk, None, zone.pk)), by_zone.get(zone.pk, {}).get(key, 0)))
    return rows


def city_progress(year, enterprises=None):
    """The city rows of target_progress (each active tier with a target or a firm) in two queries.

    Only firms with a pool entry of an active tier are joined to their entries, so the distinct count
    sorts their entries, not every firm in the registry (which spilled to disk at 100,000 firms).
    """
    city_target = Target.objects.filter(year=year, tier=OuterRef("pk"), county__isnull=True, zone__isnull=True).values("count")[:1]
    tiers = list(Tier.objects.filter(active=True).order_by("rank").annotate(city_target=Subquery(city_target)))
    firms = Enterprise.objects.all() if enterprises is None else enterprises
    firms = firms.filter(pk__in=PoolEntry.objects.filter(tier__in=[tier.pk for tier in tiers]).values("enterprise_id"))
    counts = firms.aggregate(**{f"t{tier.pk}": Count("pk", filter=achieved_filter(tier, year), distinct=True) for tier in tiers}) if tiers else {}
    rows = [ProgressRow(tier, gettext("全市"), "city", tier.city_target, counts[f"t{tier.pk}"]) for tier in tiers]
    return [row for row in rows if row.target or row.achieved]


def year_elapsed_share(on):
    """The share of `on`'s calendar year already gone, 0–1: the pace a yearly target is measured against."""
    start = datetime.date(on.year, 1, 1)
    days_in_year = (datetime.date(on.year + 1, 1, 1) - start).days
    return ((on - start).days + 1) / days_in_year


def targets_behind(user, *, on):
    """The progress rows of `on`'s year, within the user's area, whose completions trail the share of the year already gone."""
    share = year_elapsed_share(on)
    rows = target_progress(on.year, visible_enterprises(user))
    if user_is_scoped(user):
        # An officer answers for their own county or zone, not for the city's total.
        rows = [row for row in rows if row.scope_kind != "city" and row.scope == area_name(user)]
    return [row for row in rows if row.target and row.achieved < row.target * share]
