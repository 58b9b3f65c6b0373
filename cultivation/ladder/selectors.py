"""Reads of the ladder: each firm's standing and what is expiring; progress against targets is in progress.py."""

import datetime

from django.db.models import OuterRef, Subquery

from cultivation.models import PoolEntry, PoolEvent
from cultivation.models.ladder import PoolStatus

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
