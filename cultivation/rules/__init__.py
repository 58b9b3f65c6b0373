"""Eligibility rule sets for the cultivation ladder, as pure functions.

Each rule set is `evaluate(facts) -> Evaluation`, keyed "tier@version" in RULES.
Nothing here touches Django or the database.
"""

from datetime import date

from . import (
    above_scale,
    billion_yuan,
    innovative_sme_2022,
    little_giant_2022,
    little_giant_2026,
    single_champion,
    srdi_sme_2022,
    srdi_sme_2026,
)
from .facts import Facts, YearFigures
from .keys import rule_key, split_rule_key
from .result import Evaluation, Indicator
from .wording import TIER_NAMES

__all__ = [
    "RULES", "TIER_CODES", "TIER_NAMES", "RULES_2026_IN_FORCE",
    "Evaluation", "Facts", "Indicator", "YearFigures",
    "evaluate", "rule_key", "rule_key_for", "split_rule_key", "versions_of",
]

RULES = {
    rule_key(module.TIER, module.VERSION): module.evaluate
    for module in (
        innovative_sme_2022,
        srdi_sme_2022,
        srdi_sme_2026,
        little_giant_2022,
        little_giant_2026,
        above_scale,
        billion_yuan,
        single_champion,
    )
}
TIER_CODES = tuple(dict.fromkeys(split_rule_key(key)[0] for key in RULES))


def versions_of(tier_code):
    """The versions RULES holds for `tier_code`, e.g. ("2022", "2026")."""
    return tuple(version for tier, version in map(split_rule_key, RULES) if tier == tier_code)

# 工信部企业〔2026〕2号 takes effect on this day for SRDI SMEs and little giants.
RULES_2026_IN_FORCE = date(2026, 4, 1)
_STANDING_VERSION = {
    # the 2022 innovative-SME scoring stays until a merged 2026 standard is published
    "innovative_sme": "2022",
    "above_scale": above_scale.VERSION,
    "billion_yuan": billion_yuan.VERSION,
    "single_champion": single_champion.VERSION,
}


def rule_key_for(tier_code, on_date, override=None, *, is_review=False) -> str:
    """The rule set key ("tier@version") that applies to `tier_code` on `on_date`.

    `override` (a full key or a bare version such as "2022") wins when it names a
    rule set of the same tier. Little-giant re-reviews up to the end of 2026 keep
    the 2022 standard (工信厅企业函〔2026〕117号).
    """
    if tier_code not in TIER_CODES:
        raise ValueError(f"no rule set for tier {tier_code!r}; known: {', '.join(TIER_CODES)}")
    if override:
        named_tier, version = split_rule_key(override)
        key = rule_key(tier_code, version)
        if key not in RULES or named_tier not in ("", tier_code):
            raise ValueError(f"override {override!r} is not a rule set of {tier_code!r}")
        return key
    if tier_code in _STANDING_VERSION:
        return rule_key(tier_code, _STANDING_VERSION[tier_code])
    if on_date < RULES_2026_IN_FORCE:
        return rule_key(tier_code, "2022")
    if tier_code == "little_giant" and is_review and on_date.year <= 2026:
        return rule_key("little_giant", "2022")
    return rule_key(tier_code, "2026")


def evaluate(tier_code, facts, on_date=None, override=None) -> Evaluation:
    """Evaluate `facts` against the rule set for `tier_code` on `on_date` (default: facts.as_of)."""
    key = rule_key_for(tier_code, on_date or facts.as_of, override, is_review=facts.is_review)
    return RULES[key](facts)
