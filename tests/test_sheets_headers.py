"""The header vocabulary: normalisation, aliases, units, and matching a file's header row to columns."""

from dataclasses import dataclass

import pytest

from registry.sheets.headers import DECLARED, canonical_header, match_headers, normalise_header, split_unit, vocabulary


@dataclass
class Spec:
    header: str
    required: bool = False
    unit: str = ""


COLUMNS = [Spec("统一社会信用代码", required=True), Spec("企业名称", required=True), Spec("县(区)"), Spec("工业总产值", unit="万元"), Spec("从业人员", unit="人")]


class HeaderNormalisationTests:
    @pytest.mark.parametrize(
        "typed, canonical",
        [
            ("统一社会信用代码", "统一社会信用代码"),
            (" 统一 社会信用代码 ", "统一社会信用代码"),
            ("统一社会信用代码\u3000", "统一社会信用代码"),
            ("信用代码", "统一社会信用代码"),
            ("社会信用代码", "统一社会信用代码"),
            ("统一代码", "统一社会信用代码"),
            ("uscc", "统一社会信用代码"),
            ("名称", "企业名称"),
            ("企业（单位）名称", "企业名称"),
            ("单位名称", "企业名称"),
            ("产值（万元）", "工业总产值"),
            ("工业产值(万元)", "工业总产值"),
            ("工业总产值 （ 万元 ）", "工业总产值"),
            ("营收", "营业收入"),
            ("主营收入", "主营业务收入"),
            ("利税", "税收"),
            ("年月", "统计期"),
            ("期间", "统计期"),
            ("所属期", "统计期"),
            ("县区", "县(区)"),
            ("县（区）", "县(区)"),
            ("所在县区", "县(区)"),
            ("区县", "县(区)"),
            ("行业", "行业代码"),
            ("国民经济行业代码", "行业代码"),
            ("用电量（万千瓦时）", "用电量"),
            ("从业人员(人)", "从业人员"),
            ("*企业名称", "企业名称"),
            ("企业名称：", "企业名称"),
        ],
    )
    def test_it_maps_what_staff_type_to_the_canonical_header(self, typed, canonical):
        assert canonical_header(typed) == canonical

    def test_it_folds_full_width_brackets_and_digits(self):
        assert normalise_header("计划入规年份（２０２５）") == "计划入规年份(2025)"

    def test_it_splits_the_unit_suffix(self):
        assert split_unit("研发费用（%）") == ("研发费用", "%")
        assert split_unit("县(区)") == ("县(区)", "")

    def test_it_knows_every_alias_target_as_canonical(self):
        assert set(vocabulary().lookup.values()) <= {column.header for resource in DECLARED for column in resource.columns}

    def test_it_returns_none_for_an_unknown_header(self):
        assert canonical_header("注册资本") is None


class HeaderMatchTests:
    def test_it_renames_aliases_and_keeps_the_order(self):
        match = match_headers(["序号", "信用代码", "名称", "县区"], COLUMNS)
        assert match.names == [None, "统一社会信用代码", "企业名称", "县(区)"]
        assert match.errors == [] and match.warnings == []

    def test_it_reports_unknown_columns_as_a_warning(self):
        match = match_headers(["统一社会信用代码", "企业名称", "注册资本", "行业名称"], COLUMNS)
        assert match.unknown == ["注册资本", "行业名称"]
        assert match.warnings == ["以下列不是本表的列，未导入：注册资本、行业名称"]

    def test_it_reports_missing_required_columns_in_one_chinese_error(self):
        match = match_headers(["名字", "县区"], COLUMNS)
        assert match.missing == ["统一社会信用代码", "企业名称"]
        assert len(match.errors) == 1
        assert match.errors[0].startswith("缺少必填列：统一社会信用代码、企业名称。")

    def test_it_refuses_two_columns_claiming_one_header(self):
        match = match_headers(["统一社会信用代码", "企业名称", "信用代码"], COLUMNS)
        assert match.duplicated == {"统一社会信用代码": ["统一社会信用代码", "信用代码"]}
        assert "出现了2次" in match.errors[0]

    def test_it_refuses_a_unit_other_than_the_columns(self):
        match = match_headers(["统一社会信用代码", "企业名称", "工业总产值（元）", "从业人员（人）"], COLUMNS)
        assert match.unit_conflicts == [("工业总产值（元）", "元", "万元")]
        assert "按万元导入" in match.errors[0]

    def test_it_ignores_blank_headers(self):
        match = match_headers(["统一社会信用代码", "", None, "企业名称"], COLUMNS)
        assert match.names == ["统一社会信用代码", None, None, "企业名称"]
        assert match.unknown == []
