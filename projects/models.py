"""Industrial projects (工业项目), their status events and monthly progress, and the monthly indicator targets.

Cumulative investment, 亿元以上 and the lights are derived (selectors.py, lights.py), never stored.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy
from simple_history.models import HistoricalRecords

from registry import dates
from registry.dates import FIRST_YEAR, LAST_YEAR
from registry.fields import change_reason_field

MAJOR_PROJECT_INVESTMENT = Decimal(10000)  # 亿元以上: total investment of 10,000 万元 or more
IS_MAJOR = models.Q(total_investment__gte=MAJOR_PROJECT_INVESTMENT)
IS_RENOVATION = models.Q(kind__is_renovation=True)
MONEY = {"max_digits": 14, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(0, _("不能为负数"))]
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class ProjectKind(models.Model):
    """新建 / 扩建 / 技术改造: kept as data; a kind marked renovation counts as 技改."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    is_renovation = models.BooleanField(_("属于技术改造"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("项目类型")
        verbose_name_plural = pgettext_lazy("plural", "项目类型")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class RenovationKind(models.Model):
    """技术改造的细分类型（机器换人、节能降碳、数字化改造…）, kept as data."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("技改类型")
        verbose_name_plural = pgettext_lazy("plural", "技改类型")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class ProjectStatus(models.TextChoices):
    PLANNING = "planning", _("谋划")
    PREPARING = "preparing", _("前期")
    BUILDING = "building", _("在建")
    COMPLETED = "completed", _("竣工")
    PRODUCING = "producing", _("投产")
    SUSPENDED = "suspended", _("停缓建")


class Project(models.Model):
    code = models.CharField(_("项目编号"), max_length=40, unique=True, help_text=_("如投资项目在线审批监管平台的项目代码；导入月度进度时按此编号找到项目"))
    name = models.CharField(_("项目名称"), max_length=100)
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="projects")
    kind = models.ForeignKey(ProjectKind, verbose_name=_("项目类型"), on_delete=models.PROTECT, related_name="projects")
    renovation_kind = models.ForeignKey(RenovationKind, verbose_name=_("技改类型"), null=True, blank=True, on_delete=models.PROTECT, related_name="projects")
    total_investment = models.DecimalField(_("总投资（万元）"), validators=NON_NEGATIVE, **MONEY)
    equipment_investment = models.DecimalField(_("设备投资（万元）"), validators=NON_NEGATIVE, null=True, blank=True, **MONEY)
    plan_year = models.PositiveSmallIntegerField(_("计划年度"), validators=YEAR_VALIDATORS, null=True, blank=True)
    plan_investment = models.DecimalField(_("年度计划投资（万元）"), validators=NON_NEGATIVE, null=True, blank=True, **MONEY)
    planned_start = models.DateField(_("计划开工日期"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工日期"), null=True, blank=True)
    planned_completion = models.DateField(_("计划竣工日期"), null=True, blank=True)
    actual_completion = models.DateField(_("实际竣工日期"), null=True, blank=True)
    planned_production = models.DateField(_("计划投产日期"), null=True, blank=True)
    actual_production = models.DateField(_("实际投产日期"), null=True, blank=True)
    status = models.CharField(_("项目状态"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNING)
    expected_output = models.DecimalField(_("达产后新增年产值（万元）"), validators=NON_NEGATIVE, null=True, blank=True, **MONEY)
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("项目经理"), null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_projects")
    task_force = models.CharField(_("专班"), max_length=100, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("项目变更"), verbose_name_plural=pgettext_lazy("plural", "项目变更"), history_change_reason_field=change_reason_field())

    class Meta:
        verbose_name = _("工业项目")
        verbose_name_plural = pgettext_lazy("plural", "工业项目")
        ordering = ["enterprise_id", "code"]
        permissions = [("import_project", "可导入工业项目"), ("export_project", "可导出工业项目")]

    def __str__(self):
        return self.name

    @property
    def is_major(self):
        """亿元以上: derived from the total investment, never stored."""
        return self.total_investment is not None and self.total_investment >= MAJOR_PROJECT_INVESTMENT

    def clean(self):
        errors = {}
        for field, before in (("actual_completion", "actual_start"), ("actual_production", "actual_start"), ("planned_completion", "planned_start"), ("planned_production", "planned_start")):
            later, earlier = getattr(self, field), getattr(self, before)
            if later and earlier and later < earlier:
                errors[field] = gettext("%(later)s不能早于%(earlier)s") % {"later": self._meta.get_field(field).verbose_name, "earlier": self._meta.get_field(before).verbose_name}
        if self.equipment_investment is not None and self.total_investment is not None and self.equipment_investment > self.total_investment:
            errors["equipment_investment"] = gettext("设备投资不能大于总投资")
        if self.renovation_kind_id and self.kind_id and not self.kind.is_renovation:
            errors["renovation_kind"] = gettext("只有技术改造项目才填写技改类型")
        if (self.plan_year is None) != (self.plan_investment is None):
            errors["plan_investment" if self.plan_investment is None else "plan_year"] = gettext("计划年度与年度计划投资应同时填写")
        if errors:
            raise ValidationError(errors)


class ProjectEvent(models.Model):
    """One status change of a project: who, when, from, to and why (a step back must say why)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=12, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=ProjectStatus.choices)
    happened_on = models.DateField(_("日期"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目状态变更")
        verbose_name_plural = pgettext_lazy("plural", "项目状态变更")
        ordering = ["-happened_on", "-id"]

    def __str__(self):
        return f"{self.project} {self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class ProjectProgress(models.Model):
    """Investment completed in one month; the cumulative figure is a selector's sum, never typed."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="progress")
    period = models.DateField(_("统计期"), help_text=_("月份的第一天"))
    investment = models.DecimalField(_("当月完成投资（万元）"), validators=NON_NEGATIVE, **MONEY)
    note = models.CharField(_("进展情况"), max_length=500, blank=True)
    source = models.ForeignKey("registry.ImportRecord", verbose_name=_("来源导入"), null=True, blank=True, on_delete=models.SET_NULL, related_name="project_progress", help_text=_("空表示手工录入"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("项目进度变更"), verbose_name_plural=pgettext_lazy("plural", "项目进度变更"), history_change_reason_field=change_reason_field())

    class Meta:
        verbose_name = _("项目月度进度")
        verbose_name_plural = pgettext_lazy("plural", "项目月度进度")
        ordering = ["-period", "project_id"]
        permissions = [("import_projectprogress", "可导入项目月度进度"), ("export_projectprogress", "可导出项目月度进度")]
        constraints = [models.UniqueConstraint(fields=["project", "period"], name="one_progress_per_project_and_period", violation_error_message=_("该项目该统计期已有进度"))]

    def __str__(self):
        return gettext("%(project)s %(year)s年%(month)02d月") % {"project": self.project, "year": self.period.year, "month": self.period.month}

    def clean(self):
        if not self.period:
            return
        if self.period.day != 1:
            raise ValidationError({"period": gettext("统计期应为某月第一天")})
        if self.period > dates.today():  # the month is not over, as the import refuses it
            raise ValidationError({"period": gettext("统计期晚于当前月份，不能录入未来的统计期")})


class CompletionList(Project):
    """竣工投产清单: a screen over the projects (admin/lists.py), with its own permission."""

    class Meta:
        proxy = True
        verbose_name = _("竣工投产清单")
        verbose_name_plural = pgettext_lazy("plural", "竣工投产清单")


class RowsOf(models.Manager):
    """A list's manager: only the projects the list holds, so its pages never show another project."""

    def __init__(self, condition):
        super().__init__()
        self.condition = condition

    def get_queryset(self):
        return super().get_queryset().filter(self.condition)


class RenovationList(Project):
    objects = RowsOf(IS_RENOVATION)

    class Meta:
        proxy = True
        verbose_name = _("技术改造清单")
        verbose_name_plural = pgettext_lazy("plural", "技术改造清单")


class MajorProjectList(Project):
    objects = RowsOf(IS_MAJOR)

    class Meta:
        proxy = True
        verbose_name = _("亿元以上重点项目")
        verbose_name_plural = pgettext_lazy("plural", "亿元以上重点项目")


class Indicator(models.TextChoices):
    OUTPUT = "output", _("规上工业产值（万元）")
    OUTPUT_GROWTH = "output_growth", _("规上工业产值增速（%）")
    INVESTMENT = "investment", _("工业投资（万元）")
    RENOVATION = "renovation", _("技改投资（万元）")
    ABOVE_SCALE_FIRMS = "above_scale_firms", _("规上企业数（家）")


class IndicatorTarget(models.Model):
    """月度指标分解: a county's or zone's target for one indicator, as 1–N月累计 through the month."""

    county = models.ForeignKey("registry.Region", verbose_name=_("县（区）"), null=True, blank=True, on_delete=models.PROTECT, related_name="indicator_targets", limit_choices_to={"level": "county"})
    zone = models.ForeignKey("registry.Zone", verbose_name=_("功能区"), null=True, blank=True, on_delete=models.PROTECT, related_name="indicator_targets")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)], help_text=_("目标为1月至该月的累计数（增速为累计增速）"))
    indicator = models.CharField(_("指标"), max_length=20, choices=Indicator.choices)
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("月度指标目标")
        verbose_name_plural = pgettext_lazy("plural", "月度指标目标")
        ordering = ["year", "month", "county_id", "zone_id", "indicator"]
        permissions = [("import_indicatortarget", "可导入月度指标目标"), ("export_indicatortarget", "可导出月度指标目标")]
        constraints = [
            models.CheckConstraint(condition=models.Q(county__isnull=True) ^ models.Q(zone__isnull=True), name="indicator_target_county_or_zone", violation_error_message=_("目标属于一个县（区）或一个功能区，二者选一")),
            models.UniqueConstraint(fields=["county", "year", "month", "indicator"], name="one_county_target_per_month", violation_error_message=_("该县（区）该月已有此指标的目标")),
            models.UniqueConstraint(fields=["zone", "year", "month", "indicator"], name="one_zone_target_per_month", violation_error_message=_("该功能区该月已有此指标的目标")),
        ]

    def __str__(self):
        return f"{self.county or self.zone} {self.year}-{self.month:02d} {self.get_indicator_display()}"

    def clean(self):
        # The constraint says the same; an import validates rows without the database's constraints.
        if (self.county_id is None) == (self.zone_id is None):
            raise ValidationError(gettext("目标属于一个县（区）或一个功能区，二者选一"))
        if self.indicator != Indicator.OUTPUT_GROWTH and self.value is not None and self.value < 0:
            raise ValidationError({"value": gettext("不能为负数")})
