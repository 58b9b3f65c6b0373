"""年度测评数据 columns: one row per firm and year, imported, exported and templated through the sheet engine.

Units come from the model's verbose names, so a file headed "净利润（元）" is refused rather than misread.
The figures the monthly reports also have (营业收入, 研发费用, 从业人员…) read the aliases declared there.
"""

from django.core.exceptions import ValidationError

from registry.scope import enterprise_scope
from registry.sheets.columns import Column
from registry.sheets.headers import split_unit
from registry.sheets.language import in_sheet_language
from registry.sheets.resources import SheetResource
from registry.sheets.widgets import BoolCell, ChoiceCell, DecimalCell, IntegerCell, YearCell

from ..models import AnnualProfile
from ..models.eligibility import AwardLevel, MainProductField, RdInstitutionLevel
from . import FIRM_BY_USCC, FIRM_COUNTY, FIRM_NAME

LEVEL_ALIASES = {"国家": "national", "省": "provincial", "省部级": "provincial", "市": "city", "无研发机构": "none", "没有": "none"}
FIELD_ALIASES = {"补短板": "key_gap", "关键领域": "key_gap", "重点领域": "strategic", "其他": "other"}
# Other headers for the columns in staff's files.
HEADER_ALIASES = {
    "年度": ("年份", "数据年度", "统计年度"),
    "净利润": ("净利润额",),
    "资产总额": ("资产合计", "总资产"),
    "负债总额": ("负债合计", "总负债"),
    "研发人员": ("研发人员数", "研发人数"),
    "Ⅰ类知识产权数": ("一类知识产权数", "Ⅰ类知识产权"),
    "高价值Ⅰ类知识产权数": ("其中高价值Ⅰ类知识产权数",),
    "自主研发Ⅰ类知识产权数": ("其中自主研发Ⅰ类知识产权数",),
    "Ⅱ类知识产权数": ("二类知识产权数", "Ⅱ类知识产权"),
    "研发机构级别": ("研发机构",),
    "数字化水平等级": ("数字化水平",),
    "质量管理体系认证项数": ("质量管理认证项数",),
    "细分市场全国占有率": ("全国市场占有率",),
    "细分市场全国排名": ("全国排名",),
    "全球市场占有率排名": ("全球排名",),
    "近3年最高科技奖励级别": ("科技奖励级别",),
    "奖励等次": ("奖励排名", "获奖等次"),
    "高新技术企业等称号": ("高新技术企业",),
    "主导产品属战略性新兴产业": ("战略性新兴产业",),
    "补短板领域": ("填补国内空白",),
    "平台测评得分": ("平台评分",),
    "国家评价得分": ("评价得分",),
    "属新产品": ("新产品",),
}

# (attribute, header, widget, meaning, example); the unit is read from the model field's verbose name.
FIGURES = (
    ("revenue", "营业收入", DecimalCell, "全年营业收入", "3200.5"),
    ("main_business_revenue", "主营业务收入", DecimalCell, "全年主营业务收入", "2900"),
    ("net_profit", "净利润", DecimalCell, "全年净利润，亏损填负数", "210.3"),
    ("total_assets", "资产总额", DecimalCell, "年末资产总额", "5600"),
    ("total_liabilities", "负债总额", DecimalCell, "年末负债总额", "2800"),
    ("rd_expense", "研发费用", DecimalCell, "全年研发费用", "160"),
    ("employees", "从业人员", IntegerCell, "年末从业人员数", "120"),
    ("rd_staff", "研发人员", IntegerCell, "年末研发人员数", "18"),
    ("ip_class1_count", "Ⅰ类知识产权数", IntegerCell, "与主导产品相关的有效Ⅰ类知识产权（发明专利、植物新品种、集成电路布图设计等）", "3"),
    ("ip_class1_high_value_count", "高价值Ⅰ类知识产权数", IntegerCell, "其中高价值的项数", "1"),
    ("ip_class1_self_developed_count", "自主研发Ⅰ类知识产权数", IntegerCell, "其中自主研发的项数", "2"),
    ("ip_class2_count", "Ⅱ类知识产权数", IntegerCell, "实用新型、外观设计、软件著作权等", "6"),
    ("digitalisation_level", "数字化水平等级", IntegerCell, "中小企业数字化水平评测等级（1-4级）", "3"),
    ("quality_items", "质量管理体系认证项数", IntegerCell, "获得的质量管理体系认证等项数", "2"),
    ("niche_market_share", "细分市场全国占有率", DecimalCell, "主导产品在全国细分市场的占有率，填百分数", "12.5"),
    ("niche_market_rank", "细分市场全国排名", IntegerCell, "主导产品全国细分市场排名", "3"),
    ("global_market_rank", "全球市场占有率排名", IntegerCell, "单项冠军用：全球市场占有率排名", "2"),
    ("equity_financing_2y", "近2年新增股权融资", DecimalCell, "近2年新增股权融资总额", "0"),
    ("equity_financing_3y", "近3年新增股权融资", DecimalCell, "近3年新增股权融资总额", "0"),
    ("award_rank", "奖励等次", IntegerCell, "最高科技奖励的等次或排名，1为一等奖或第一名", "2"),
    ("maker_china_top500", "创客中国全国500强", BoolCell, "是否获得“创客中国”大赛全国500强", "否"),
    ("high_tech_title", "高新技术企业等称号", BoolCell, "是否持有有效的高新技术企业等称号", "是"),
    ("strategic_emerging_product", "主导产品属战略性新兴产业", BoolCell, "主导产品是否属于《战略性新兴产业分类》", "是"),
    ("fills_key_gap", "补短板领域", BoolCell, "主导产品是否填补国内空白或属关键领域补短板", "否"),
    ("platform_score", "平台测评得分", DecimalCell, "优质中小企业梯度培育平台测评得分（2026版专精特新用）", "62"),
    ("evaluation_score", "国家评价得分", DecimalCell, "“小巨人”评价得分（2026版用）", "70"),
    ("new_product", "属新产品", BoolCell, "单项冠军用：主导产品是否为新产品", "否"),
)
CHOICES = (
    ("rd_institution_level", "研发机构级别", ChoiceCell(RdInstitutionLevel.choices, aliases=LEVEL_ALIASES), "企业自建或共建研发机构的最高级别", "省级"),
    ("award_level", "近3年最高科技奖励级别", ChoiceCell(AwardLevel.choices, aliases=LEVEL_ALIASES), "近3年获得的最高科技奖励", "无"),
    ("main_product_field", "主导产品所属领域", ChoiceCell(MainProductField.choices, aliases=FIELD_ALIASES), "专精特新评分用", "其他领域"),
)


def figure_column(attribute, header, widget, meaning, example):
    with in_sheet_language():
        unit = split_unit(str(AnnualProfile._meta.get_field(attribute).verbose_name))[1]
    return Column(header, attribute, widget if not isinstance(widget, type) else widget(), unit=unit, meaning=meaning, example=example, aliases=HEADER_ALIASES.get(header, ()))


ANNUAL_COLUMNS = (
    FIRM_BY_USCC,
    FIRM_NAME,
    FIRM_COUNTY,
    Column("年度", "year", YearCell(), required=True, meaning="数据所属年度；同一企业同一年度再次导入时更新", example="2025", aliases=HEADER_ALIASES["年度"]),
    *(figure_column(*figure) for figure in FIGURES),
    *(figure_column(*choice) for choice in CHOICES),
)


class AnnualProfileResource(SheetResource):
    """年度测评数据: matched by credit code and year; an officer's file only reaches firms of their area."""

    import_kind = "annual"
    columns = ANNUAL_COLUMNS

    class Meta:
        model = AnnualProfile
        import_id_fields = ("enterprise", "year")
        name = "年度测评数据"

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # an unknown firm: import_instance reports it against its cell with the other row errors

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.year is None:
            raise ValidationError({"year": "请填写数据所属年度（四位数字，如 2025）"})

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if self.user is not None:
            self.fields["enterprise"].widget.restrict_to(enterprise_scope(self.user))

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("enterprise", "enterprise__county")
