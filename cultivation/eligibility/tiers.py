"""Which rule tier a ladder tier is judged by, and the Chinese refusals for codes staff type."""

from cultivation.models import Tier
from cultivation.rules import TIER_CODES, TIER_NAMES, rule_key_for, versions_of


class EligibilityError(ValueError):
    """Bad input to an evaluation or a candidate list; the message is the Chinese reason shown to staff."""


# The ladder's candidate pool for going above scale is judged by the above-scale line; other codes are shared.
RULE_TIER_OF_LADDER = {"above_scale_candidate": "above_scale"}
LADDER_OF_RULE_TIER = {rule: ladder for ladder, rule in RULE_TIER_OF_LADDER.items()}


def rule_tier_of(ladder_code):
    """The rule tier code for a ladder tier code, or None when the tier is recorded, not computed (链主)."""
    code = RULE_TIER_OF_LADDER.get(ladder_code, ladder_code)
    return code if code in TIER_CODES else None


def ladder_code_of(rule_tier):
    return LADDER_OF_RULE_TIER.get(rule_tier, rule_tier)


def evaluable_tiers():
    """Active ladder tiers that have a rule set, lowest rung first."""
    return [tier for tier in Tier.objects.filter(active=True).order_by("rank", "code") if rule_tier_of(tier.code)]


def tier_for_candidates(code):
    """The ladder Tier named by `code` (its own code or its rule tier's), refusing unknown and uncomputed tiers."""
    tier = Tier.objects.filter(code=ladder_code_of(code)).first()
    if tier is None:
        known = "、".join(f"{t.code}（{t.name}）" for t in evaluable_tiers())
        raise EligibilityError(f"未知的培育层级代码：{code}。可用：{known}")
    computed_rule_tier(tier)
    return tier


def computed_rule_tier(tier):
    """The rule tier a ladder Tier is judged by, refusing a tier that is recorded, not computed."""
    rule_tier = rule_tier_of(tier.code)
    if rule_tier is None:
        raise EligibilityError(f"“{tier.name}”按认定记录管理，没有数值测算条件，无法生成候选名单")
    return rule_tier


def check_override(rule_tier, version):
    """A rule version staff asked for (e.g. "2022"), refused in Chinese when the tier has no such rule set."""
    if not version:
        return None
    try:
        rule_key_for(rule_tier, None, version)
    except ValueError:
        versions = "、".join(versions_of(rule_tier))
        raise EligibilityError(f"“{TIER_NAMES[rule_tier]}”没有{version}版测评标准。可用版本：{versions}") from None
    return version
