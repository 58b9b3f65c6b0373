"""What the eligibility rules need, one row per firm and year, plus the province's editable parts."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from registry.fields import change_reason_field

MONEY = {"max_digits": 18, "decimal_places": 4, "null": True, "blank": True}
PERCENT = {"max_digits": 7, "decimal_places": 3, "null": True, "blank": True}
COUNT = {"null": True, "blank": True}


class RdInstitutionLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    OTHER = "other", "市级以下"
    NONE = "none", "无"


class AwardLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    NONE = "none", "无"


class MainProductField(models.TextChoices):
    KEY_GAP = "key_gap", "关键领域补短板"
    STRATEGIC = "strategic", "制造强国十大重点领域"
    OTHER = "other", "其他领域"


class AnnualProfile(models.Model):
    """A firm's figures for one year; field names match cultivation.rules.facts.YearFigures."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="annual_profiles")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    revenue = models.DecimalField("营业收入（万元）", **MONEY)
    main_business_revenue = models.DecimalField("主营业务收入（万元）", **MONEY)
    net_profit = models.DecimalField("净利润（万元）", **MONEY)
    total_assets = models.DecimalField("资产总额（万元）", **MONEY)
    total_liabilities = models.DecimalField("负债总额（万元）", **MONEY)
    rd_expense = models.DecimalField("研发费用（万元）", **MONEY)
    employees = models.PositiveIntegerField("从业人员（人）", **COUNT)
    rd_staff = models.PositiveIntegerField("研发人员（人）", **COUNT)
    ip_class1_count = models.PositiveIntegerField("Ⅰ类知识产权数", **COUNT)
    ip_class1_high_value_count = models.PositiveIntegerField("其中高价值Ⅰ类知识产权数", **COUNT)
    ip_class1_self_developed_count = models.PositiveIntegerField("其中自主研发Ⅰ类知识产权数", **COUNT)
    ip_class2_count = models.PositiveIntegerField("Ⅱ类知识产权数", **COUNT)
    rd_institution_level = models.CharField("研发机构级别", max_length=12, choices=RdInstitutionLevel.choices, blank=True, null=True)
    digitalisation_level = models.PositiveSmallIntegerField("数字化水平等级", validators=[MinValueValidator(1), MaxValueValidator(4)], **COUNT)
    quality_items = models.PositiveSmallIntegerField("质量管理体系认证项数", **COUNT)
    niche_market_share = models.DecimalField("细分市场全国占有率（%）", **PERCENT)
    niche_market_rank = models.PositiveIntegerField("细分市场全国排名", **COUNT)
    global_market_rank = models.PositiveIntegerField("全球市场占有率排名", **COUNT)
    equity_financing_2y = models.DecimalField("近2年新增股权融资（万元）", **MONEY)
    equity_financing_3y = models.DecimalField("近3年新增股权融资（万元）", **MONEY)
    award_level = models.CharField("近3年最高科技奖励级别", max_length=12, choices=AwardLevel.choices, blank=True, null=True)
    award_rank = models.PositiveSmallIntegerField("奖励等次（1为一等奖）", **COUNT)
    maker_china_top500 = models.BooleanField("创客中国全国500强", null=True, blank=True)
    high_tech_title = models.BooleanField("有效高新技术企业等称号", null=True, blank=True)
    strategic_emerging_product = models.BooleanField("主导产品属战略性新兴产业目录", null=True, blank=True)
    main_product_field = models.CharField("主导产品所属领域", max_length=12, choices=MainProductField.choices, blank=True, null=True)
    fills_key_gap = models.BooleanField("填补国内空白/补短板", null=True, blank=True)
    platform_score = models.DecimalField("平台测评得分", max_digits=6, decimal_places=2, null=True, blank=True)
    evaluation_score = models.DecimalField("国家评价得分", max_digits=6, decimal_places=2, null=True, blank=True)
    new_product = models.BooleanField("属新产品", null=True, blank=True)
    source = models.ForeignKey("registry.ImportRecord", verbose_name="来源导入", null=True, blank=True, on_delete=models.SET_NULL, related_name="annual_profiles")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(verbose_name="年度数据变更", history_change_reason_field=change_reason_field())

    class Meta:
        verbose_name = "年度数据"
        verbose_name_plural = "年度测评数据"
        ordering = ["-year", "enterprise_id"]
        permissions = [("import_annualprofile", "可导入年度数据"), ("export_annualprofile", "可导出年度数据")]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="one_annual_profile_per_firm_and_year", violation_error_message="该企业该年度已有年度数据")]

    def __str__(self):
        return f"{self.enterprise} {self.year}年"


class ProvincialIndicator(models.Model):
    """One of the province's own 特色化 indicators (15 points in SRDI 2022): data, not code."""

    rule = models.CharField("适用规则", max_length=40, default="srdi_sme@2022")
    code = models.SlugField("代码", max_length=40)
    name = models.CharField("指标名称", max_length=100)
    max_points = models.DecimalField("满分", max_digits=5, decimal_places=2)
    description = models.TextField("评分说明", blank=True)
    active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "省特色化指标"
        verbose_name_plural = "省特色化指标"
        ordering = ["rule", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["rule", "code"], name="provincial_indicator_code_unique")]

    def __str__(self):
        return f"{self.name}（{self.max_points}分）"


class ProvincialScore(models.Model):
    profile = models.ForeignKey(AnnualProfile, verbose_name="年度数据", on_delete=models.CASCADE, related_name="provincial_scores")
    indicator = models.ForeignKey(ProvincialIndicator, verbose_name="指标", on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField("得分", max_digits=5, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "特色化指标得分"
        verbose_name_plural = "特色化指标得分"
        constraints = [models.UniqueConstraint(fields=["profile", "indicator"], name="one_score_per_profile_indicator")]

    def __str__(self):
        return f"{self.indicator.name}：{self.points}"


class ExportLayout(models.Model):
    """A spreadsheet layout staff can edit, such as the provincial application list."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    sheet_title = models.CharField("工作表标题", max_length=100, blank=True)

    class Meta:
        verbose_name = "导出版式"
        verbose_name_plural = "导出版式"
        ordering = ["code"]

    def __str__(self):
        return self.name


class ExportColumn(models.Model):
    layout = models.ForeignKey(ExportLayout, verbose_name="版式", on_delete=models.CASCADE, related_name="columns")
    position = models.PositiveSmallIntegerField("顺序")
    header = models.CharField("列标题", max_length=60)
    source = models.CharField("数据项", max_length=60, help_text="取值来源的代码，见候选名单可用数据项")
    width = models.PositiveSmallIntegerField("列宽", default=14)

    class Meta:
        verbose_name = "导出列"
        verbose_name_plural = "导出列"
        ordering = ["layout", "position"]
        constraints = [models.UniqueConstraint(fields=["layout", "position"], name="export_column_position_unique")]

    def __str__(self):
        return self.header
