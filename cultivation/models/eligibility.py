"""What the eligibility rules need, one row per firm and year, plus the province's editable parts."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy
from simple_history.models import HistoricalRecords

from registry.fields import change_reason_field

MONEY = {"max_digits": 18, "decimal_places": 4, "null": True, "blank": True}
PERCENT = {"max_digits": 7, "decimal_places": 3, "null": True, "blank": True}
COUNT = {"null": True, "blank": True}


class RdInstitutionLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    OTHER = "other", _("市级以下")
    NONE = "none", _("无")


class AwardLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    NONE = "none", _("无")


class MainProductField(models.TextChoices):
    KEY_GAP = "key_gap", _("关键领域补短板")
    STRATEGIC = "strategic", _("制造强国十大重点领域")
    OTHER = "other", _("其他领域")


class AnnualProfile(models.Model):
    """A firm's figures for one year; field names match cultivation.rules.facts.YearFigures."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="annual_profiles")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    revenue = models.DecimalField(_("营业收入（万元）"), **MONEY)
    main_business_revenue = models.DecimalField(_("主营业务收入（万元）"), **MONEY)
    net_profit = models.DecimalField(_("净利润（万元）"), **MONEY)
    total_assets = models.DecimalField(_("资产总额（万元）"), **MONEY)
    total_liabilities = models.DecimalField(_("负债总额（万元）"), **MONEY)
    rd_expense = models.DecimalField(_("研发费用（万元）"), **MONEY)
    employees = models.PositiveIntegerField(_("从业人员（人）"), **COUNT)
    rd_staff = models.PositiveIntegerField(_("研发人员（人）"), **COUNT)
    ip_class1_count = models.PositiveIntegerField(_("Ⅰ类知识产权数"), **COUNT)
    ip_class1_high_value_count = models.PositiveIntegerField(_("其中高价值Ⅰ类知识产权数"), **COUNT)
    ip_class1_self_developed_count = models.PositiveIntegerField(_("其中自主研发Ⅰ类知识产权数"), **COUNT)
    ip_class2_count = models.PositiveIntegerField(_("Ⅱ类知识产权数"), **COUNT)
    rd_institution_level = models.CharField(_("研发机构级别"), max_length=12, choices=RdInstitutionLevel.choices, blank=True, null=True)
    digitalisation_level = models.PositiveSmallIntegerField(_("数字化水平等级"), validators=[MinValueValidator(1), MaxValueValidator(4)], **COUNT)
    quality_items = models.PositiveSmallIntegerField(_("质量管理体系认证项数"), **COUNT)
    niche_market_share = models.DecimalField(_("细分市场全国占有率（%）"), **PERCENT)
    niche_market_rank = models.PositiveIntegerField(_("细分市场全国排名"), **COUNT)
    global_market_rank = models.PositiveIntegerField(_("全球市场占有率排名"), **COUNT)
    equity_financing_2y = models.DecimalField(_("近2年新增股权融资（万元）"), **MONEY)
    equity_financing_3y = models.DecimalField(_("近3年新增股权融资（万元）"), **MONEY)
    award_level = models.CharField(_("近3年最高科技奖励级别"), max_length=12, choices=AwardLevel.choices, blank=True, null=True)
    award_rank = models.PositiveSmallIntegerField(_("奖励等次（1为一等奖）"), **COUNT)
    maker_china_top500 = models.BooleanField(_("创客中国全国500强"), null=True, blank=True)
    high_tech_title = models.BooleanField(_("有效高新技术企业等称号"), null=True, blank=True)
    strategic_emerging_product = models.BooleanField(_("主导产品属战略性新兴产业目录"), null=True, blank=True)
    main_product_field = models.CharField(_("主导产品所属领域"), max_length=12, choices=MainProductField.choices, blank=True, null=True)
    fills_key_gap = models.BooleanField(_("填补国内空白/补短板"), null=True, blank=True)
    platform_score = models.DecimalField(_("平台测评得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    evaluation_score = models.DecimalField(_("国家评价得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    new_product = models.BooleanField(_("属新产品"), null=True, blank=True)
    source = models.ForeignKey("registry.ImportRecord", verbose_name=_("来源导入"), null=True, blank=True, on_delete=models.SET_NULL, related_name="annual_profiles")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("年度数据变更"), verbose_name_plural=pgettext_lazy("plural", "年度数据变更"), history_change_reason_field=change_reason_field())

    class Meta:
        verbose_name = _("年度数据")
        verbose_name_plural = _("年度测评数据")
        ordering = ["-year", "enterprise_id"]
        permissions = [("import_annualprofile", "可导入年度数据"), ("export_annualprofile", "可导出年度数据")]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="one_annual_profile_per_firm_and_year", violation_error_message=_("该企业该年度已有年度数据"))]

    def __str__(self):
        return gettext("%(enterprise)s %(year)s年") % {"enterprise": self.enterprise, "year": self.year}


class ProvincialIndicator(models.Model):
    """One of the province's own 特色化 indicators (15 points in SRDI 2022): data, not code."""

    rule = models.CharField(_("适用规则"), max_length=40, default="srdi_sme@2022")
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("指标名称"), max_length=100)
    max_points = models.DecimalField(_("满分"), max_digits=5, decimal_places=2)
    description = models.TextField(_("评分说明"), blank=True)
    active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("省特色化指标")
        verbose_name_plural = pgettext_lazy("plural", "省特色化指标")
        ordering = ["rule", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["rule", "code"], name="provincial_indicator_code_unique")]

    def __str__(self):
        return gettext("%(name)s（%(points)s分）") % {"name": self.name, "points": self.max_points}


class ProvincialScore(models.Model):
    profile = models.ForeignKey(AnnualProfile, verbose_name=_("年度数据"), on_delete=models.CASCADE, related_name="provincial_scores")
    indicator = models.ForeignKey(ProvincialIndicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(_("得分"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("特色化指标得分")
        verbose_name_plural = pgettext_lazy("plural", "特色化指标得分")
        constraints = [models.UniqueConstraint(fields=["profile", "indicator"], name="one_score_per_profile_indicator")]

    def __str__(self):
        return f"{self.indicator.name}：{self.points}"


class ExportLayout(models.Model):
    """A spreadsheet layout staff can edit, such as the provincial application list."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    sheet_title = models.CharField(_("工作表标题"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("导出版式")
        verbose_name_plural = pgettext_lazy("plural", "导出版式")
        ordering = ["code"]

    def __str__(self):
        return self.name


class ExportColumn(models.Model):
    layout = models.ForeignKey(ExportLayout, verbose_name=_("版式"), on_delete=models.CASCADE, related_name="columns")
    position = models.PositiveSmallIntegerField(_("顺序"))
    header = models.CharField(_("列标题"), max_length=60)
    source = models.CharField(_("数据项"), max_length=60, help_text=_("取值来源的代码，见候选名单可用数据项"))
    width = models.PositiveSmallIntegerField(_("列宽"), default=14)

    class Meta:
        verbose_name = _("导出列")
        verbose_name_plural = pgettext_lazy("plural", "导出列")
        ordering = ["layout", "position"]
        constraints = [models.UniqueConstraint(fields=["layout", "position"], name="export_column_position_unique")]

    def __str__(self):
        return self.header
