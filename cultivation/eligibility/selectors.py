"""Evaluations read from the database: every firm against the rule sets that apply on a date.

Evaluating a firm for a tier whose title it already holds is a re-review (复核); the rules then
pick the re-review standard (little giants in 2026) and skip what re-reviews do not check.
"""

from dataclasses import dataclass, replace

from cultivation.gc_pause import cyclic_gc_paused
from cultivation.rules import RULES, TIER_CODES, TIER_NAMES, rule_key_for
from registry import dates
from registry.models import Enterprise

from .firm_facts import facts_by_firm
from .tiers import check_override


def rule_keys(tiers, on, overrides=None):
    """{tier: (key for a first application, key for a re-review)} on `on`."""
    overrides = overrides or {}
    keys = {}
    for tier in tiers:
        override = check_override(tier, overrides.get(tier))
        keys[tier] = (rule_key_for(tier, on, override), rule_key_for(tier, on, override, is_review=True))
    return keys


def evaluate_facts(book, tiers, on, overrides=None):
    """{enterprise id: {tier: Evaluation}} for Facts already loaded."""
    keys = [(tier, RULES[first], RULES[review]) for tier, (first, review) in rule_keys(tiers, on, overrides).items()]
    results = {}
    with cyclic_gc_paused():
        for enterprise_id, facts in book.items():
            held = facts.valid_titles
            row = {}
            for tier, first, review in keys:
                row[tier] = review(replace(facts, is_review=True)) if tier in held else first(facts)
            results[enterprise_id] = row
    return results


def evaluate_firms(enterprises=None, *, on=None, tiers=TIER_CODES, overrides=None):
    """{enterprise id: {rule tier: Evaluation}} for `enterprises` (None: all firms) on `on` (default today)."""
    on = on or dates.today()
    return evaluate_facts(facts_by_firm(enterprises, on=on), tiers, on, overrides)


def evaluate_every_rule_set(enterprises=None, *, on):
    """{enterprise id: {rule key: Evaluation}}: each firm against all rule sets, whatever the date would pick."""
    book = facts_by_firm(enterprises, on=on)
    rules = list(RULES.items())
    with cyclic_gc_paused():
        return {enterprise_id: {key: evaluate(facts) for key, evaluate in rules} for enterprise_id, facts in book.items()}


def passing_firm_ids(rule_tier, enterprises=None, *, on=None, overrides=None):
    """Ids of the firms in `enterprises` that meet `rule_tier` on `on`."""
    evaluations = evaluate_firms(enterprises, on=on, tiers=(rule_tier,), overrides=overrides)
    return [enterprise_id for enterprise_id, row in evaluations.items() if row[rule_tier].eligible]


@dataclass(frozen=True)
class TierEligibility:
    """One line of a firm's eligibility page: the tier, the evaluation and the year of figures used."""

    tier: str
    name: str
    evaluation: object
    data_year: int
    is_review: bool


def firm_eligibility(enterprise, *, on=None):
    """The firm's evaluation for every rule tier, in the rule sets' order."""
    on = on or dates.today()
    book = facts_by_firm(Enterprise.objects.filter(pk=enterprise.pk), on=on)
    facts = book[enterprise.pk]
    evaluations = evaluate_facts(book, TIER_CODES, on)[enterprise.pk]
    return [TierEligibility(tier, TIER_NAMES[tier], evaluations[tier], facts.base_year, tier in facts.valid_titles) for tier in TIER_CODES]
