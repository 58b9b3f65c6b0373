"""The data items (数据项) an export column may show: `ExportColumn.source` names one of SOURCES.

Each item reads one candidate row; numbers stay numbers (Decimal or int) so the sheet can sum them.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

from django.utils.translation import gettext_noop

from cultivation.models import AnnualProfile
from cultivation.models.eligibility import AwardLevel, MainProductField, RdInstitutionLevel
from cultivation.rules import measures
from cultivation.rules.wording import TIER_NAMES
from registry.sheets.language import in_sheet_language, sheet_labels

from .firm_facts import FIGURE_FIELDS

CENTS = Decimal("0.01")
MONEY, PERCENT, COUNT = "#,##0.00", "0.00", "0"
CHOICE_LABELS = {
    "rd_institution_level": sheet_labels(RdInstitutionLevel.choices),
    "award_level": sheet_labels(AwardLevel.choices),
    "main_product_field": sheet_labels(MainProductField.choices),
}
VERDICTS = (gettext_noop("符合"), gettext_noop("不符合"), gettext_noop("数据不全"))  # Chinese in files; the admin panel translates


@dataclass(frozen=True)
class Source:
    label: str
    read: Callable[[Any], Any]
    number_format: str | None = None


def rounded(value):
    """Two decimals, half up; None stays None (the cell is left empty)."""
    return None if value is None else value.quantize(CENTS, ROUND_HALF_UP)


def verdict(evaluation):
    if evaluation.eligible:
        return VERDICTS[0]
    return VERDICTS[1] if evaluation.unmet else VERDICTS[2]


def recommendation(evaluation):
    """推荐意见: the verdict and the one-line breakdown, so the layout's last column explains itself."""
    opening = {"符合": "建议推荐", "不符合": "暂不推荐", "数据不全": "数据不全，待补充后再定"}[verdict(evaluation)]
    return f"{opening}。{evaluation.summary()}"


def titles_text(row):
    return "；".join(f"{name}（有效期至{valid_until}）" if valid_until else name for name, valid_until in row.titles)


def _figure(slot, field):
    labels = CHOICE_LABELS.get(field)

    def read(row):
        figures = getattr(row.facts, slot)
        value = None if figures is None else getattr(figures, field)
        if labels is not None and value is not None:
            return labels.get(value, value)
        if isinstance(value, bool):
            return "是" if value else "否"
        return value

    return read


def _measure(function, *args):
    def read(row):
        return rounded(function(row.facts, *args)[0])

    return read


def _figure_sources():
    sources = {}
    for field in FIGURE_FIELDS[1:]:
        model_field = AnnualProfile._meta.get_field(field)
        kind = model_field.get_internal_type()
        number_format = MONEY if kind == "DecimalField" else COUNT if "Integer" in kind else None
        with in_sheet_language():
            label = str(model_field.verbose_name)
        sources[field] = Source(label, _figure("current", field), number_format)
    for field, label in (("revenue", "营业收入"), ("main_business_revenue", "主营业务收入"), ("rd_expense", "研发费用")):
        sources[f"prior_{field}"] = Source(f"前一年{label}（万元）", _figure("prior", field), MONEY)
        sources[f"prior2_{field}"] = Source(f"前两年{label}（万元）", _figure("prior2", field), MONEY)
    return sources


def _firm(attribute):
    return lambda row: getattr(row.enterprise, attribute) or None


SOURCES = {
    "seq": Source("序号", lambda row: row.seq, COUNT),
    "county_or_zone": Source("县(区)/功能区", lambda row: f"{row.enterprise.county.name}/{row.enterprise.zone.name}" if row.enterprise.zone else row.enterprise.county.name),
    "county": Source("县(区)", lambda row: row.enterprise.county.name),
    "zone": Source("功能区", lambda row: row.enterprise.zone.name if row.enterprise.zone else None),
    "name": Source("企业名称", _firm("name")),
    "short_name": Source("企业简称", _firm("short_name")),
    "uscc": Source("统一社会信用代码", _firm("uscc")),
    "industry_code": Source("行业代码", lambda row: row.enterprise.industry_id),
    "industry_name": Source("行业名称", lambda row: row.enterprise.industry.name),
    "main_products": Source("主导产品", _firm("main_products")),
    "niche_market": Source("细分市场", _firm("niche_market")),
    "niche_entry_year": Source("进入细分市场年份", _firm("niche_entry_year"), "0"),
    "years_in_niche": Source("从事细分市场年限", lambda row: measures.years_in_niche(row.facts)[0], COUNT),
    "legal_representative": Source("法定代表人", _firm("legal_representative")),
    "contact_person": Source("联系人", _firm("contact_person")),
    "contact_phone": Source("联系电话", _firm("contact_phone")),
    "address": Source("地址", _firm("address")),
    "application_type": Source("申报类别（新申报/复核）", lambda row: "复核" if row.is_review else "新申报"),
    "entry_status": Source("培育状态", lambda row: row.entry.get_status_display()),
    "batch": Source("批次", lambda row: row.entry.batch.name if row.entry.batch else None),
    "entered_on": Source("入库日期", lambda row: row.entry.entered_on),
    "data_year": Source("数据年度", lambda row: row.facts.base_year, "0"),
    **_figure_sources(),
    "main_business_share": Source("主营业务收入占比（%）", _measure(measures.main_business_share), PERCENT),
    "rd_share": Source("研发费用占营业收入比重（%）", _measure(measures.rd_share), PERCENT),
    "prior_rd_share": Source("前一年研发费用占比（%）", _measure(measures.rd_share, "prior"), PERCENT),
    "net_profit_margin": Source("净利润率（%）", _measure(measures.net_profit_margin), PERCENT),
    "debt_ratio": Source("资产负债率（%）", _measure(measures.debt_ratio), PERCENT),
    "rd_staff_share": Source("研发人员占比（%）", _measure(measures.rd_staff_share), PERCENT),
    "main_business_growth": Source("主营业务收入增长率（%）", _measure(measures.main_business_growth), PERCENT),
    "average_main_business_growth": Source("近2年主营业务收入平均增长率（%）", _measure(measures.average_main_business_growth), PERCENT),
    "revenue_cagr": Source("近2年营业收入年均复合增长率（%）", _measure(measures.revenue_cagr), PERCENT),
    "rd_expense_2y": Source("近2年研发费用合计（万元）", _measure(measures.two_year_total, "rd_expense"), MONEY),
    "provincial_points": Source("省特色化指标得分", lambda row: row.facts.provincial_points, PERCENT),
    "rule": Source("适用标准", lambda row: f"{TIER_NAMES[row.evaluation.tier]}（{row.evaluation.version}版）"),
    "score": Source("评价得分", lambda row: row.evaluation.score, PERCENT),
    "eligible": Source("是否符合条件", lambda row: "是" if row.evaluation.eligible else "否"),
    "verdict": Source("测评结论", lambda row: verdict(row.evaluation)),
    "summary": Source("测评摘要", lambda row: row.evaluation.summary()),
    "unmet": Source("未达标条件", lambda row: "；".join(row.evaluation.unmet) or None),
    "missing": Source("缺少的数据", lambda row: "；".join(row.evaluation.missing) or None),
    "direct": Source("直通条件", lambda row: "；".join(row.evaluation.direct) or None),
    "titles": Source("已获称号及有效期", titles_text),
    "recommendation": Source("推荐意见", lambda row: recommendation(row.evaluation)),
}


def source_choices():
    """(code, "label（code）") pairs for the layout editor's drop-down."""
    return [(code, f"{source.label}（{code}）") for code, source in SOURCES.items()]
