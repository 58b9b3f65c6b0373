"""The machinery every rule set shares: bands, three-valued checks, the running tally.

A check's outcome is True (met), False (not met) or None (cannot be told because
data is missing). A firm is eligible only when every hard condition is True.
"""

from decimal import Decimal
from functools import lru_cache

from .keys import rule_key
from .result import Evaluation, Indicator
from .wording import number_near, plain_number

MET, UNMET, NO_DATA, NOT_APPLICABLE = "达标", "未达标", "缺数据", "不适用"
# tuple.__new__ skips the Python-level NamedTuple constructor on this hot path
_indicator = tuple.__new__


def any_of(*outcomes):
    """Three-valued OR: one True is enough; a None leaves it open."""
    if True in outcomes:
        return True
    return None if None in outcomes else False


def all_of(*outcomes):
    """Three-valued AND: one False is enough; a None leaves it open."""
    if False in outcomes:
        return False
    return None if None in outcomes else True


def at_least(value, limit):
    return None if value is None else value >= limit


def at_most(value, limit):
    return None if value is None else value <= limit


class Bands:
    """Score bands; a value exactly on an edge takes the better-scoring band."""

    __slots__ = ("rows", "max_points", "higher_is_better", "unit")

    def __init__(self, rows, higher_is_better, unit=""):
        self.unit = unit
        self.rows = tuple(rows)
        self.max_points = max(points for _, points, _ in self.rows)
        self.higher_is_better = higher_is_better

    def lookup(self, value):
        if self.higher_is_better:
            for edge, points, text in self.rows:
                if edge is None or value >= edge:
                    return points, text
        for edge, points, text in self.rows:
            if edge is None or value <= edge:
                return points, text
        raise AssertionError("bands end with an open row")


def bands_at_least(unit, *steps, below=0):
    """Steps (edge, points) from the highest edge down; below the last edge scores `below`."""
    rows, upper = [], None
    for edge, points in steps:
        edge = Decimal(edge)
        text = f"≥{_n(edge)}{unit}" if upper is None else f"{_n(edge)}–{_n(upper)}{unit}"
        rows.append((edge, points, text))
        upper = edge
    rows.append((None, below, f"<{_n(upper)}{unit}"))
    return Bands(rows, higher_is_better=True, unit=unit)


def bands_at_most(unit, *steps, above=0):
    """Steps (edge, points) from the lowest edge up; above the last edge scores `above`."""
    rows, lower = [], None
    for edge, points in steps:
        edge = Decimal(edge)
        text = f"≤{_n(edge)}{unit}" if lower is None else f"{_n(lower)}–{_n(edge)}{unit}"
        rows.append((edge, points, text))
        lower = edge
    rows.append((None, above, f">{_n(lower)}{unit}"))
    return Bands(rows, higher_is_better=False, unit=unit)


class Assessment:
    """Collects indicators, messages and the running score while one rule set runs."""

    __slots__ = (
        "facts", "tier", "version", "indicators", "unmet", "missing", "direct",
        "failed", "unknown", "low", "headroom",
        "direct_met", "direct_unknown", "direct_why",
    )

    def __init__(self, facts, tier, version):
        self.facts = facts
        self.tier = tier
        self.version = version
        self.indicators = []
        self.unmet = []
        self.missing = []
        self.direct = []
        self.failed = False
        self.unknown = False
        # low counts missing data as 0 points; headroom holds what each open indicator could add
        self.low = 0
        self.headroom = {}
        self.direct_met = False
        self.direct_unknown = False
        self.direct_why = []

    def require(self, code, label, outcome, value, unmet, why=(), unit=""):
        """A hard condition; `unmet` is the sentence (or a callable making it) if it fails."""
        if outcome is True:
            band = MET
        elif outcome is None:
            band = NO_DATA
            self.unknown = True
            self.missing.extend(why)
        else:
            band = UNMET
            self.failed = True
            self.unmet.append(unmet() if callable(unmet) else unmet)
        self.indicators.append(_indicator(Indicator, (code, label, value, band, None, None, unit)))

    def require_at_least(self, code, label, value, limit, unit, why=(), below="低于"):
        """value ≥ limit; written out rather than via require() as it is the hottest path."""
        if value is None:
            band = NO_DATA
            self.unknown = True
            self.missing.extend(why)
        elif value >= limit:
            band = MET
        else:
            band = UNMET
            self.failed = True
            self.unmet.append(f"{label} {number_near(value, limit)}{unit}，{below} {_n(limit)}{unit}")
        requirement = _requirement(label, "≥", limit, unit)
        self.indicators.append(_indicator(Indicator, (code, requirement, value, band, None, None, unit)))

    def require_at_most(self, code, label, value, limit, unit, why=()):
        if value is None:
            band = NO_DATA
            self.unknown = True
            self.missing.extend(why)
        elif value <= limit:
            band = MET
        else:
            band = UNMET
            self.failed = True
            self.unmet.append(f"{label} {number_near(value, limit)}{unit}，高于 {_n(limit)}{unit}")
        requirement = _requirement(label, "≤", limit, unit)
        self.indicators.append(_indicator(Indicator, (code, requirement, value, band, None, None, unit)))

    def not_applicable(self, code, label, value=None):
        self.indicators.append(_indicator(Indicator, (code, label, value, NOT_APPLICABLE, None, None, "")))

    def points(self, code, label, value, band, points, max_points, why=(), upper=None, unit=""):
        """A scored indicator; `upper` is what it could reach once the data in `why` arrives."""
        if why:
            self.missing.extend(why)
            if upper is not None and upper > points:
                self.headroom[code] = upper - points
        self.low += points
        self.indicators.append(_indicator(Indicator, (code, label, value, band, points, max_points, unit)))

    def score(self, code, label, value, bands, why=()):
        """A scored indicator looked up in `bands`; missing data scores 0."""
        if value is None:
            self.points(code, label, None, NO_DATA, 0, bands.max_points, why, bands.max_points, bands.unit)
        else:
            points, band = bands.lookup(value)
            self.indicators.append(_indicator(Indicator, (code, label, value, band, points, bands.max_points, bands.unit)))
            self.low += points

    def direct_if(self, outcome, sentence, why=()):
        """A direct (直通) condition; its missing data only matters if nothing else passes.

        `sentence` may be a callable so the text is only built when the condition holds.
        """
        if outcome:
            self.direct_met = True
            self.direct.append(sentence() if callable(sentence) else sentence)
        elif outcome is None:
            self.direct_unknown = True
            self.direct_why.extend(why)

    def score_passes(self, minimum, group_minimums=()):
        """Whether the score, and each group's sub-score, reaches its minimum, with reasons.

        `group_minimums` holds (group name, indicator codes, minimum) triples.
        """
        headroom = self.headroom
        checks = [("评价得分", self.low, self.low + sum(headroom.values()), minimum)]
        if group_minimums:
            points_by_code = {indicator.code: indicator.points for indicator in self.indicators}
        for group, codes, floor in group_minimums:
            low = high = 0
            for code in codes:
                low += points_by_code[code]
                high += headroom.get(code, 0)
            checks.append((f"{group}得分", low, low + high, floor))
        outcomes, reasons = [], []
        for label, low, high, floor in checks:
            if low >= floor:
                outcomes.append(True)
            elif high < floor:
                outcomes.append(False)
                reasons.append(f"{label} {plain_number(_d(low))}分，低于 {floor}分")
            else:
                outcomes.append(None)
        return all_of(*outcomes), reasons

    def require_score_or_direct(self, minimum, group_minimums=()):
        """Pass on the score or on any one direct condition (2022 innovative and SRDI rules)."""
        passed, reasons = self.score_passes(minimum, group_minimums)
        if passed or self.direct_met:
            return
        if passed is False and not self.direct_unknown:
            self.failed = True
            self.unmet.extend(reasons)
            self.unmet.append("未满足任何直通条件")
            return
        self.unknown = True
        self.missing.extend(self.direct_why)

    def finish(self, score=None) -> Evaluation:
        missing = self.missing
        if len(missing) > 1:
            missing = list(dict.fromkeys(missing))
        eligible = not (self.failed or self.unknown)
        return Evaluation(
            rule_key(self.tier, self.version), self.tier, self.version, eligible, score,
            self.indicators, self.unmet, missing, self.direct,
        )

    def tally(self):
        """The score so far with missing indicators at 0, as Decimal."""
        return _d(self.low)


@lru_cache(maxsize=512)
def _requirement(label, operator, limit, unit):
    """"资产负债率（≤70%）"; cached because the same few labels recur for every firm."""
    return f"{label}（{operator}{_n(limit)}{unit}）"


def _d(value):
    return value if isinstance(value, Decimal) else Decimal(value)


def _n(value):
    return plain_number(value)
