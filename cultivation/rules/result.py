"""What a rule set returns: scored or checked indicators and the verdict."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from .wording import TIER_NAMES, plain_number

SUMMARY_LIMIT = 3


class Indicator(NamedTuple):
    """One line of an evaluation.

    Scored indicators carry points out of max_points; hard conditions carry
    points=None and a band of "达标", "未达标", "缺数据" or "不适用".
    """

    code: str
    label: str
    value: Any
    band: str
    points: Any = None
    max_points: Any = None
    unit: str = ""  # of the value: 万元, %, 项, 人, 年…; "" for a yes/no or a choice

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "value": _plain(self.value),
            "band": self.band,
            "points": _plain(self.points),
            "max_points": _plain(self.max_points),
        }


@dataclass(slots=True)
class Evaluation:
    """The verdict of one rule set on one firm; unmet/missing/direct are Chinese sentences."""

    rule: str
    tier: str
    version: str
    eligible: bool
    score: Decimal | None
    indicators: list[Indicator]
    unmet: list[str]
    missing: list[str]
    direct: list[str]

    def summary(self) -> str:
        """One line for the provincial list, e.g. "…：符合，得分 72分"."""
        head = f"{TIER_NAMES.get(self.tier, self.tier)}（{self.version}版）"
        score = "" if self.score is None else f"，得分 {plain_number(self.score)}分"
        if self.eligible:
            via = f"；{self.direct[0]}" if self.direct else ""
            return f"{head}：符合{score}{via}"
        if self.unmet:
            more = f"；另缺数据 {len(self.missing)} 项" if self.missing else ""
            return f"{head}：不符合{score}；{_first(self.unmet)}{more}"
        return f"{head}：数据不全{score}；{_first(self.missing)}"

    def as_dict(self) -> dict:
        """Plain, JSON-safe dicts: Decimals become strings so nothing is lost."""
        return {
            "rule": self.rule,
            "tier": self.tier,
            "version": self.version,
            "eligible": self.eligible,
            "score": _plain(self.score),
            "indicators": [indicator.as_dict() for indicator in self.indicators],
            "unmet": list(self.unmet),
            "missing": list(self.missing),
            "direct": list(self.direct),
        }


def _first(sentences):
    shown = "；".join(sentences[:SUMMARY_LIMIT])
    rest = len(sentences) - SUMMARY_LIMIT
    return f"{shown}；等 {len(sentences)} 项" if rest > 0 else shown


def _plain(value):
    if isinstance(value, Decimal):
        return plain_number(value, places=4)
    return value
