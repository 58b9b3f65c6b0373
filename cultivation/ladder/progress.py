"""Progress against the "5428" targets: each area's own target beside each area's own count, for the areas a user may see."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext

from cultivation.models import PoolEntry, Target, Tier
from cultivation.models.ladder import OPEN_STATUSES, PoolStatus
from registry import dates
from registry.models import Enterprise, Region, Zone
from registry.scope import enterprise_scope, user_is_scoped


@dataclass(frozen=True)
class Area:
    """The city, one county or one zone: the unit a target is set for and a count is made in."""

    kind: str  # city / county / zone
    name: str
    pk: object = None  # the county's code or the zone's id; None for the city

    @property
    def target_key(self):
        return (self.pk if self.kind == "county" else None, self.pk if self.kind == "zone" else None)


@dataclass(frozen=True)
class ProgressRow:
    tier: Tier
    area: Area
    target: int | None  # None: the area has no target of its own for this tier
    achieved: int
    year_share: float  # percent of the year gone (unrounded), the reference a percent is read against

    @property
    def scope(self):
        return self.area.name

    @property
    def scope_kind(self):
        return self.area.kind

    @property
    def percent(self):
        return None if not self.target else round(100 * self.achieved / self.target, 1)

    @property
    def year_share_text(self):
        return f"{self.year_share:.1f}%"

    @property
    def bar_percent(self):
        """The width of the progress bar: the percent, capped at a full bar."""
        return None if self.percent is None else min(self.percent, 100)

    @property
    def behind(self):
        """True when less of the target is done than of the year has gone (compared unrounded)."""
        return bool(self.target) and 100 * self.achieved < self.target * self.year_share


def year_share(year, on=None):
    """Percent of `year` gone by the end of `on` (today): 0 before it starts, 100 once it is over."""
    on = on or dates.today()
    if on.year != year:
        return 100.0 if on.year > year else 0.0
    days = 366 if calendar.isleap(year) else 365
    return 100 * on.timetuple().tm_yday / days


def achieved_filter(tier, year):
    """What counts towards a tier's target in a year: recognitions dated in the year, or open pool entries."""
    if tier.counts_pool_for_progress:
        return Q(pool_entries__tier=tier, pool_entries__status__in=OPEN_STATUSES, pool_entries__entered_on__lte=datetime.date(year, 12, 31))
    return Q(
        pool_entries__tier=tier,
        pool_entries__status__in=(PoolStatus.RECOGNISED, PoolStatus.EXPIRED),
        pool_entries__recognised_on__year=year,
    )


def visible_areas(user, *, county=None, zone=None, city_only=False):
    """The areas whose progress `user` sees: their own only; else the chosen county and zone; else the city and every area (or the city alone)."""
    if user_is_scoped(user):
        profile = getattr(user, "staff_profile", None) if hasattr(user, "staff_profile") else None
        if profile is None or not (profile.county_id or profile.zone_id):
            return []  # an officer without an area sees nothing, as on every list
        return [Area("county", profile.county.name, profile.county_id) if profile.county_id else Area("zone", profile.zone.name, profile.zone_id)]
    chosen = [Area("county", area.name, area.pk) for area in [county] if area] + [Area("zone", area.name, area.pk) for area in [zone] if area]
    if chosen:
        return chosen
    if city_only:
        return [Area("city", gettext("全市"))]
    return [
        Area("city", gettext("全市")),
        *(Area("county", name, code) for code, name in Region.objects.filter(level=Region.Level.COUNTY).values_list("code", "name")),
        *(Area("zone", name, pk) for pk, name in Zone.objects.values_list("pk", "name")),
    ]


def target_progress(user, year, *, county=None, zone=None, on=None, city_only=False):
    """One row per active tier and visible area: the area's own target (or none) against the firms of that area.

    `city_only`: of the unfiltered areas only the city (the dashboard shows no more).
    """
    areas = visible_areas(user, county=county, zone=zone, city_only=city_only)
    if not areas:
        return []
    tiers = list(Tier.objects.filter(active=True).order_by("rank"))
    targets = {(t.tier_id, t.county_id, t.zone_id): t.count for t in Target.objects.filter(year=year)}
    # Only firms with a pool entry can count: the distinct counts then sort their entries, not every firm
    # joined to its entries (which spilled to disk at 100,000 firms).
    firms = Enterprise.objects.filter(enterprise_scope(user), pk__in=PoolEntry.objects.values("enterprise_id")).order_by()
    annotations = {f"t{tier.pk}": Count("pk", filter=achieved_filter(tier, year), distinct=True) for tier in tiers}
    counts = {("city", None): firms.aggregate(**annotations)} if any(area.kind == "city" for area in areas) else {}
    for kind in {area.kind for area in areas} - {"city"}:
        counts.update({(kind, row[f"{kind}_id"]): row for row in firms.filter(**{f"{kind}_id__in": [a.pk for a in areas if a.kind == kind]}).values(f"{kind}_id").annotate(**annotations)})
    share = year_share(year, on)
    return [
        ProgressRow(tier, area, targets.get((tier.pk, *area.target_key)), counts.get((area.kind, area.pk), {}).get(f"t{tier.pk}", 0), share)
        for tier in tiers
        for area in areas
    ]


def targets_behind(user, *, on=None):
    """The rows of the year of `on` (today) within the user's area that are behind the share of the year gone: the home page's to-do."""
    on = on or dates.today()
    return [row for row in target_progress(user, on.year, on=on) if row.behind]


@dataclass(frozen=True)
class TargetSumCheck:
    """A tier whose county or zone targets do not add up to its city target."""

    tier: Tier
    city: int | None
    counties: list  # the county targets, in code order
    zones: list

    def message(self):
        values = {"tier": self.tier.name, "city": "—" if self.city is None else self.city}
        parts = []
        if self.counties:
            parts.append(gettext("各县（区）目标合计 %(sum)s（%(parts)s）") % {"sum": sum(self.counties), "parts": "+".join(map(str, self.counties))})
        if self.zones:
            parts.append(gettext("各功能区目标合计 %(sum)s（%(parts)s）") % {"sum": sum(self.zones), "parts": "+".join(map(str, self.zones))})
        return gettext("%(tier)s：全市目标 %(city)s，%(parts)s，与全市目标不一致") % {**values, "parts": gettext("，").join(parts)}


def target_sum_mismatches(year):
    """Tiers whose targets do not add up: the counties cover the city, so theirs must sum to it; zones lie inside, so theirs may not exceed it."""
    by_tier = {}
    for target in Target.objects.filter(year=year).select_related("tier").order_by("tier__rank", "county_id", "zone__sort_order", "zone_id"):
        split = by_tier.setdefault(target.tier, {"city": None, "counties": [], "zones": []})
        if target.county_id:
            split["counties"].append(target.count)
        elif target.zone_id:
            split["zones"].append(target.count)
        else:
            split["city"] = target.count
    checks = []
    for tier, split in by_tier.items():
        city, counties, zones = split["city"], split["counties"], split["zones"]
        if not (counties or zones):
            continue
        if city is None or (counties and sum(counties) != city) or sum(zones) > city:
            checks.append(TargetSumCheck(tier, city, counties, zones))
    return checks
