import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cultivation.eligibility.candidates import candidate_list
from cultivation.eligibility.tiers import EligibilityError
from cultivation.eligibility.workbook import candidate_workbook
from cultivation.models import Batch, ExportColumn, ExportLayout
from tests.factories import make_enterprise, make_entry, make_profile_years, tier
from tests.query_counts import assert_queries_do_not_grow

D = datetime.date
ON = D(2026, 6, 1)
PROVINCIAL_HEADERS = [
    "序号", "县(区)/功能区", "企业名称", "统一社会信用代码", "行业代码", "行业名称", "主导产品", "细分市场", "申报类别", "上年营业收入（万元）",
    "主营业务收入占比（%）", "研发费用（万元）", "研发费用占比（%）", "净利润率（%）", "资产负债率（%）", "从业人数", "研发人员占比（%）",
    "Ⅰ类知识产权数", "评价得分", "已获称号及有效期", "联系人", "联系电话", "推荐意见",
]


def candidate(name, county="330902", tier_code="innovative_sme", status="candidate", **figures):
    firm = make_enterprise(name=name, county_id=county)
    if figures.pop("profiles", True):
        make_profile_years(firm, 2025, **figures)
    make_entry(firm, tier_code, status=status)
    return firm


def sheet_of(candidates):
    return load_workbook(io.BytesIO(candidate_workbook(candidates))).active


def rows_of(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def column(sheet, header):
    headers = [cell.value for cell in sheet[1]]
    index = headers.index(header)
    return [row[index] for row in rows_of(sheet)]


@pytest.mark.django_db
class CandidateLayoutTests:
    def test_it_writes_the_provincial_layout_header_row_in_order(self):
        candidate("甲公司")
        sheet = sheet_of(candidate_list(tier("innovative_sme"), on=ON))
        assert [cell.value for cell in sheet[1]] == PROVINCIAL_HEADERS
        assert sheet.title == "推荐汇总表"
        assert sheet.freeze_panes == "A2"

    def test_it_follows_the_layout_when_staff_change_it(self):
        candidate("甲公司")
        layout = ExportLayout.objects.get(code="provincial_candidates")
        layout.columns.exclude(source__in=("name", "uscc")).delete()
        ExportColumn.objects.filter(layout=layout, source="name").update(position=9)
        ExportColumn.objects.create(layout=layout, position=5, header="测评摘要", source="summary", width=40)
        sheet = sheet_of(candidate_list(tier("innovative_sme"), on=ON))
        assert [cell.value for cell in sheet[1]] == ["统一社会信用代码", "测评摘要", "企业名称"]
        assert rows_of(sheet)[0][1] == "创新型中小企业（2022版）：符合，得分 80分"
        assert sheet.column_dimensions["B"].width == 40

    def test_it_refuses_a_layout_column_with_an_unknown_data_item(self):
        candidate("甲公司")
        layout = ExportLayout.objects.get(code="provincial_candidates")
        ExportColumn.objects.create(layout=layout, position=99, header="自定义", source="no_such_item")
        with pytest.raises(EligibilityError, match="第99列“自定义”的数据项“no_such_item”不存在"):
            candidate_list(tier("innovative_sme"), on=ON)

    def test_it_refuses_a_missing_layout(self):
        with pytest.raises(EligibilityError, match="未找到导出版式“nothing”"):
            candidate_list(tier("innovative_sme"), on=ON, layout_code="nothing")


@pytest.mark.django_db
class CandidateRowsTests:
    def test_it_sorts_by_county_then_score_from_high_to_low(self):
        candidate("普陀高分", county="330903")
        candidate("定海低分", rd_expense=Decimal(25))  # R&D 2.5 %: 75 points
        candidate("定海高分")  # 80 points
        candidate("定海更低", rd_expense=Decimal(25), ip_class1_count=0)  # 70 points
        sheet = sheet_of(candidate_list(tier("innovative_sme"), on=ON))
        assert column(sheet, "企业名称") == ["定海高分", "定海低分", "定海更低", "普陀高分"]
        assert column(sheet, "评价得分") == [80, 75, 70, 80]
        assert column(sheet, "序号") == [1, 2, 3, 4]
        assert column(sheet, "县(区)/功能区") == ["定海区", "定海区", "定海区", "普陀区"]

    def test_it_lists_each_firm_with_an_open_entry_once_and_no_one_else(self):
        candidate("培育中企业")
        candidate("已申报企业", status="applied")
        recognised = candidate("已认定企业", status="recognised")
        exited = candidate("已退库企业", status="exited")
        candidate("其他层级企业", tier_code="srdi_sme")
        make_entry(recognised, "srdi_sme")
        make_entry(exited, "innovative_sme")  # re-entered after leaving: still one row
        names = column(sheet_of(candidate_list(tier("innovative_sme"), on=ON)), "企业名称")
        assert sorted(names) == sorted(["培育中企业", "已申报企业", "已认定企业", "已退库企业"])

    def test_it_marks_a_recognised_firm_as_a_re_review_and_names_its_titles(self):
        firm = candidate("复核企业", status="recognised")
        firm.pool_entries.update(recognised_on=D(2024, 6, 20), valid_until=D(2027, 6, 19))
        candidate("新企业")
        sheet = sheet_of(candidate_list(tier("innovative_sme"), on=ON))
        by_name = dict(zip(column(sheet, "企业名称"), zip(column(sheet, "申报类别"), column(sheet, "已获称号及有效期"))))
        assert by_name == {"复核企业": ("复核", "创新型中小企业（有效期至2027-06-19）"), "新企业": ("新申报", None)}

    def test_it_narrows_to_a_batch_and_a_county(self):
        batch = Batch.objects.create(tier=tier("innovative_sme"), year=2026, name="2026年第一批")
        in_batch = candidate("批次内定海")
        in_batch.pool_entries.update(batch=batch)
        elsewhere = candidate("批次内普陀", county="330903")
        elsewhere.pool_entries.update(batch=batch)
        candidate("无批次定海")
        names = column(sheet_of(candidate_list(tier("innovative_sme"), on=ON, batch=batch)), "企业名称")
        assert names == ["批次内定海", "批次内普陀"]
        from registry.models import Region

        names = column(sheet_of(candidate_list(tier("innovative_sme"), on=ON, batch=batch, county=Region.objects.get(code="330903"))), "企业名称")
        assert names == ["批次内普陀"]

    def test_it_lists_firms_with_missing_figures_and_says_why_they_are_not_recommended(self):
        candidate("缺数据企业", profiles=False)
        candidate("不达标企业", rd_expense=Decimal(1), ip_class1_count=0, ip_class2_count=0, strategic_emerging_product=False)
        sheet = sheet_of(candidate_list(tier("innovative_sme"), on=ON))
        advice = dict(zip(column(sheet, "企业名称"), column(sheet, "推荐意见")))
        assert advice["缺数据企业"].startswith("数据不全，待补充后再定。创新型中小企业（2022版）：数据不全")
        assert advice["不达标企业"].startswith("暂不推荐。创新型中小企业（2022版）：不符合")

    def test_it_can_keep_only_the_eligible_firms(self):
        candidate("符合企业")
        candidate("缺数据企业", profiles=False)
        names = column(sheet_of(candidate_list(tier("innovative_sme"), on=ON, eligible_only=True)), "企业名称")
        assert names == ["符合企业"]

    def test_it_leaves_archived_firms_off_the_list(self):
        candidate("在册企业")
        archived = candidate("已归档企业")
        archived.__class__.objects.filter(pk=archived.pk).update(archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
        assert column(sheet_of(candidate_list(tier("innovative_sme"), on=ON)), "企业名称") == ["在册企业"]

    def test_it_judges_the_above_scale_pool_by_the_above_scale_line(self):
        candidate("小升规企业", tier_code="above_scale_candidate", main_business_revenue=Decimal(2000))
        rows = candidate_list(tier("above_scale_candidate"), on=ON).rows
        assert [(row.evaluation.rule, row.evaluation.eligible) for row in rows] == [("above_scale@2011", True)]


@pytest.mark.django_db
class CandidateCellsTests:
    def test_it_writes_numbers_as_number_cells(self):
        candidate("甲公司")
        sheet = sheet_of(candidate_list(tier("innovative_sme"), on=ON))
        headers = [cell.value for cell in sheet[1]]
        cells = {header: sheet.cell(row=2, column=index + 1) for index, header in enumerate(headers)}
        assert cells["上年营业收入（万元）"].data_type == "n" and cells["上年营业收入（万元）"].value == 1000
        assert cells["上年营业收入（万元）"].number_format == "#,##0.00" and cells["从业人数"].number_format == "0"
        assert cells["研发费用占比（%）"].value == 4.5
        assert cells["主营业务收入占比（%）"].value == 80
        assert cells["从业人数"].value == 120
        assert cells["评价得分"].value == 80
        assert cells["统一社会信用代码"].data_type == "s"

    def test_it_leaves_a_missing_figure_as_an_empty_cell(self):
        candidate("缺资产企业", total_assets=None)
        assert column(sheet_of(candidate_list(tier("innovative_sme"), on=ON)), "资产负债率（%）") == [None]

    def test_it_never_writes_a_formula(self):
        firm = candidate('=HYPERLINK("http://evil.example","点我")')
        firm.__class__.objects.filter(pk=firm.pk).update(main_products="+SUM(1,2)", contact_person="@cmd", contact_phone="-2+3", niche_market="\t=1")
        sheet = sheet_of(candidate_list(tier("innovative_sme"), on=ON))
        row = {cell.column_letter: cell for cell in sheet[2]}
        texts = {sheet.cell(row=1, column=cell.column).value: cell for cell in row.values() if isinstance(cell.value, str)}
        assert texts["企业名称"].value == "'=HYPERLINK(\"http://evil.example\",\"点我\")"
        assert texts["主导产品"].value == "'+SUM(1,2)"
        assert texts["联系人"].value == "'@cmd"
        assert texts["联系电话"].value == "'-2+3"
        assert texts["细分市场"].value == "'\t=1"
        assert all(cell.data_type == "s" for cell in texts.values())


@pytest.mark.django_db
class CandidateQueriesTests:
    def test_it_builds_the_list_in_the_same_queries_for_few_and_many_firms(self):
        def more_candidates():
            for index in range(12):
                firm = candidate(f"企业{index}", county=("330902", "330903", "330921")[index % 3])
                make_entry(firm, "srdi_sme", status="recognised", recognised_on=D(2025, 8, 8))

        candidate("甲公司")
        sheet = assert_queries_do_not_grow(lambda: sheet_of(candidate_list(tier("innovative_sme"), on=ON)), more_candidates)
        assert len(rows_of(sheet)) == 13
