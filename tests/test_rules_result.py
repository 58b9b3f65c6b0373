"""Facts validation and the Evaluation's summary and plain-dict form."""

import json
from datetime import date
from decimal import Decimal as D

import pytest

from cultivation.rules import Facts, YearFigures, evaluate


def innovative_facts(**overrides):
    values = dict(
        year=2025, revenue=D(10000), main_business_revenue=D(8000), total_assets=D(10000), total_liabilities=D(4000),
        rd_expense=D(600), employees=200, ip_class1_count=1, ip_class1_high_value_count=1, ip_class2_count=0,
        strategic_emerging_product=True, high_tech_title=False, award_level="none", rd_institution_level="none",
        equity_financing_3y=D(0),
    )
    values.update(overrides)
    return Facts(
        as_of=date(2026, 6, 30),
        current=YearFigures(**values),
        prior=YearFigures(year=2024, main_business_revenue=D(6000)),
    )


class FactsTests:
    def test_it_rejects_year_slots_that_are_not_consecutive(self):
        with pytest.raises(ValueError, match="consecutive"):
            Facts(as_of=date(2026, 6, 30), current=YearFigures(year=2025), prior=YearFigures(year=2023))

    def test_it_rejects_an_unknown_choice(self):
        with pytest.raises(ValueError, match="rd_institution_level"):
            YearFigures(year=2025, rd_institution_level="county")
        with pytest.raises(ValueError, match="digitalisation_level"):
            YearFigures(year=2025, digitalisation_level=5)

    def test_it_infers_the_current_year_from_any_slot(self):
        assert Facts(as_of=date(2026, 1, 1), prior2=YearFigures(year=2021)).base_year == 2023
        assert Facts(as_of=date(2026, 1, 1)).base_year == 2025


class EvaluationTests:
    def test_it_summarises_an_eligible_firm_with_its_score(self):
        assert evaluate("innovative_sme", innovative_facts()).summary() == "创新型中小企业（2022版）：符合，得分 100分"

    def test_it_summarises_a_direct_pass_with_the_direct_condition(self):
        facts = innovative_facts(rd_expense=D(0), main_business_revenue=D(4000), high_tech_title=True)
        assert evaluate("innovative_sme", facts).summary().endswith("；拥有有效高新技术企业等称号（直通条件）")

    def test_it_summarises_a_failure_with_its_reasons_and_a_missing_count(self):
        facts = innovative_facts(employees=1200, revenue=D(45000), main_business_revenue=D(36000), strategic_emerging_product=None)
        summary = evaluate("innovative_sme", facts).summary()
        assert summary.startswith("创新型中小企业（2022版）：不符合，得分")
        assert "从业人员 1200人且营业收入 45000万元，不属于中小企业" in summary
        assert summary.endswith("；另缺数据 1 项")

    def test_it_turns_into_plain_json_safe_dicts(self):
        data = evaluate("innovative_sme", innovative_facts()).as_dict()
        assert data["score"] == "100"
        assert data["indicators"][1] == {
            "code": "ip", "label": "与主导产品相关的有效知识产权", "value": 1, "band": "高价值Ⅰ类知识产权≥1项",
            "points": 20, "max_points": 20,
        }
        assert json.loads(json.dumps(data, ensure_ascii=False)) == data

    def test_it_rounds_ratios_to_four_places_in_dicts(self):
        data = evaluate("innovative_sme", innovative_facts(revenue=D(30000), rd_expense=D(1000))).as_dict()
        rd_share = next(row for row in data["indicators"] if row["code"] == "rd_share")
        assert rd_share["value"] == "3.3333"
        assert rd_share["band"] == "3–5%"
