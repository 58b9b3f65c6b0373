"""The rule registry: which rule set applies on which date, overrides, purity."""

import subprocess
import sys
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from cultivation.rules import RULES, TIER_CODES, Facts, YearFigures, evaluate, rule_key_for, split_rule_key, versions_of

BEFORE_2026_RULES = date(2026, 3, 31)
FROM_2026_RULES = date(2026, 4, 1)


class RuleRegistryTests:
    def test_it_registers_every_rule_set_by_tier_and_version(self):
        assert set(RULES) == {
            "innovative_sme@2022", "srdi_sme@2022", "srdi_sme@2026", "little_giant@2022", "little_giant@2026",
            "above_scale@2011", "billion_yuan@2024", "single_champion@2023",
        }
        assert set(TIER_CODES) == {"innovative_sme", "srdi_sme", "little_giant", "above_scale", "billion_yuan", "single_champion"}

    def test_it_reads_keys_and_lists_each_tiers_versions(self):
        assert split_rule_key("little_giant@2026") == ("little_giant", "2026")
        assert split_rule_key("2022") == ("", "2022")
        assert versions_of("srdi_sme") == ("2022", "2026") and versions_of("innovative_sme") == ("2022",)
        assert versions_of("chain_leader") == ()

    def test_it_switches_srdi_and_little_giant_to_2026_rules_on_1_april_2026(self):
        for tier in ("srdi_sme", "little_giant"):
            assert rule_key_for(tier, BEFORE_2026_RULES) == f"{tier}@2022"
            assert rule_key_for(tier, FROM_2026_RULES) == f"{tier}@2026"

    def test_it_keeps_the_2022_innovative_sme_rules_after_april_2026(self):
        assert rule_key_for("innovative_sme", date(2027, 1, 1)) == "innovative_sme@2022"

    def test_it_keeps_2022_rules_for_little_giant_re_reviews_during_2026(self):
        assert rule_key_for("little_giant", date(2026, 9, 1), is_review=True) == "little_giant@2022"
        assert rule_key_for("little_giant", date(2027, 1, 1), is_review=True) == "little_giant@2026"
        assert rule_key_for("srdi_sme", date(2026, 9, 1), is_review=True) == "srdi_sme@2026"

    def test_it_lets_a_valid_override_win(self):
        assert rule_key_for("srdi_sme", FROM_2026_RULES, override="srdi_sme@2022") == "srdi_sme@2022"
        assert rule_key_for("little_giant", BEFORE_2026_RULES, override="2026") == "little_giant@2026"

    def test_it_rejects_an_override_for_another_tier_or_an_unknown_version(self):
        with pytest.raises(ValueError):
            rule_key_for("srdi_sme", FROM_2026_RULES, override="little_giant@2022")
        with pytest.raises(ValueError):
            rule_key_for("innovative_sme", FROM_2026_RULES, override="2026")

    def test_it_rejects_a_tier_without_rules(self):
        with pytest.raises(ValueError, match="chain_leader"):
            rule_key_for("chain_leader", FROM_2026_RULES)

    def test_it_evaluates_on_the_facts_date_unless_told_otherwise(self):
        facts = Facts(as_of=date(2026, 6, 30), current=YearFigures(year=2025, revenue=D(3000), employees=10))
        assert evaluate("srdi_sme", facts).rule == "srdi_sme@2026"
        assert evaluate("srdi_sme", facts, on_date=BEFORE_2026_RULES).rule == "srdi_sme@2022"
        assert evaluate("srdi_sme", facts, override="2022").rule == "srdi_sme@2022"

    def test_it_routes_a_2026_little_giant_re_review_to_the_2022_rules(self):
        facts = Facts(as_of=date(2026, 6, 30), is_review=True)
        assert evaluate("little_giant", facts).rule == "little_giant@2022"

    def test_it_evaluates_every_rule_set_on_empty_facts_without_crashing(self):
        empty = Facts(as_of=date(2026, 6, 30))
        for key, rule in RULES.items():
            result = rule(empty)
            assert result.eligible is False, key
            assert "缺少2025年年度数据" in result.missing, key

    def test_it_imports_without_django(self):
        code = (
            "import sys, cultivation.rules; "
            "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
            "assert not loaded, loaded"
        )
        root = Path(__file__).resolve().parent.parent
        completed = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
        assert completed.returncode == 0, completed.stderr
