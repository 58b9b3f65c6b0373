"""Candidate lists for the province: which firms, evaluated how, in what order.

The list holds every firm with an open pool entry (培育中, 已申报 or 已认定) on the tier, and on
the batch when one is named: staff see who passes and, for the rest, exactly why not. A firm
already recognised on the tier is listed as a re-review (复核). `eligible_only` keeps the passes.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from cultivation.models import Batch, ExportLayout, PoolEntry
from cultivation.models.ladder import OPEN_STATUSES, PoolStatus
from cultivation.rules import Evaluation, Facts
from registry.models import Enterprise, Region

from .firm_facts import facts_by_firm, valid_title_entries
from .selectors import evaluate_facts
from .data_items import SOURCES
from .tiers import EligibilityError, computed_rule_tier

PROVINCIAL_LAYOUT = "provincial_candidates"


@dataclass
class CandidateRow:
    entry: PoolEntry
    facts: Facts
    evaluation: Evaluation
    titles: tuple = ()
    seq: int = 0

    @property
    def enterprise(self):
        return self.entry.enterprise

    @property
    def is_review(self):
        return self.entry.status == PoolStatus.RECOGNISED


@dataclass
class CandidateList:
    tier: object
    layout: ExportLayout
    columns: list
    rows: list = field(default_factory=list)

    @property
    def headers(self):
        return [column.header for column in self.columns]

    def values(self, limit=None):
        """The cells, row by row, in the layout's column order; the first `limit` rows when given."""
        readers = [SOURCES[column.source].read for column in self.columns]
        return [[read(row) for read in readers] for row in self.rows[:limit]]


def batch_named(tier, name):
    if not name:
        return None
    batch = Batch.objects.filter(tier=tier, name=name).first()
    if batch is None:
        known = "、".join(Batch.objects.filter(tier=tier).values_list("name", flat=True)) or "（该层级尚无批次）"
        raise EligibilityError(f"“{tier.name}”没有名为“{name}”的批次。已有批次：{known}")
    return batch


def county_coded(code):
    if not code:
        return None
    county = Region.objects.filter(level=Region.Level.COUNTY).filter(Q(code=code) | Q(name=code)).first()
    if county is None:
        known = "、".join(f"{c.code}（{c.name}）" for c in Region.objects.filter(level=Region.Level.COUNTY))
        raise EligibilityError(f"未知的县（区）代码：{code}。可用：{known}")
    return county


def layout_with_columns(code=PROVINCIAL_LAYOUT):
    """The export layout and its columns in order, refusing a data item this module cannot fill."""
    layout = ExportLayout.objects.filter(code=code).first()
    if layout is None:
        raise EligibilityError(f"未找到导出版式“{code}”，请先在“导出版式”中设置")
    columns = list(layout.columns.order_by("position"))
    if not columns:
        raise EligibilityError(f"导出版式“{layout.name}”没有设置任何列")
    for column in columns:
        if column.source not in SOURCES:
            raise EligibilityError(f"导出版式“{layout.name}”第{column.position}列“{column.header}”的数据项“{column.source}”不存在，请在版式中改为可用的数据项")
    return layout, columns


def pool_entries(tier, *, batch=None, county=None, scope=Q()):
    """Open entries on the tier; `scope` is a Q over PoolEntry limiting firms to the user's area."""
    # Archived firms keep their records but leave the daily lists.
    entries = PoolEntry.objects.filter(tier=tier, status__in=OPEN_STATUSES, enterprise__archived_at__isnull=True).filter(scope)
    if batch is not None:
        entries = entries.filter(batch=batch)
    if county is not None:
        entries = entries.filter(enterprise__county=county)
    return entries.select_related("enterprise__county", "enterprise__zone", "enterprise__industry", "batch")


def titles_by_firm(enterprises, on):
    """{enterprise id: ((tier name, valid until), ...)} of the titles each firm holds validly on `on`."""
    titles = {}
    for enterprise_id, name, valid_until in valid_title_entries(enterprises, on).order_by("tier__rank").values_list("enterprise_id", "tier__name", "valid_until"):
        titles.setdefault(enterprise_id, []).append((name, valid_until))
    return {enterprise_id: tuple(pairs) for enterprise_id, pairs in titles.items()}


def sort_key(row):
    """County, then score high to low (unscored last), passes before the rest, then name."""
    score = row.evaluation.score
    return (row.enterprise.county_id, score is None, -score if score is not None else 0, not row.evaluation.eligible, row.enterprise.name)


def candidate_list(tier, *, on, batch=None, county=None, override=None, eligible_only=False, scope=Q(), layout_code=PROVINCIAL_LAYOUT):
    """The evaluated, sorted candidate list of `tier` (a ladder Tier) on `on`."""
    rule_tier = computed_rule_tier(tier)
    layout, columns = layout_with_columns(layout_code)
    selected = pool_entries(tier, batch=batch, county=county, scope=scope)
    entries = list(selected)
    firms = Enterprise.objects.filter(pk__in=selected.values("enterprise_id"))
    book = facts_by_firm(firms, on=on)
    evaluations = evaluate_facts(book, (rule_tier,), on, {rule_tier: override} if override else None)
    titles = titles_by_firm(firms, on)
    rows = [
        CandidateRow(entry, book[entry.enterprise_id], evaluations[entry.enterprise_id][rule_tier], titles.get(entry.enterprise_id, ()))
        for entry in entries
    ]
    if eligible_only:
        rows = [row for row in rows if row.evaluation.eligible]
    rows.sort(key=sort_key)
    for seq, row in enumerate(rows, 1):
        row.seq = seq
    return CandidateList(tier, layout, columns, rows)
