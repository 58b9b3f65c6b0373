"""Monthly figures reported by each firm; year-to-date and year-on-year figures are derived by selectors."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy
from simple_history.models import HistoricalRecords

from registry.fields import EARLIEST_DATE, change_reason_field

from ..monitoring.figures import COUNTED_FIGURES, LATEST_FIGURES, SUMMED_FIGURES, stored
from ..monitoring.growth import growth_percent
from ..monitoring.periods import is_future

MONEY = {"max_digits": 18, "decimal_places": 4, "null": True, "blank": True}
NON_NEGATIVE = [MinValueValidator(0, _("不能为负数"))]

# The single-month figures, in the order a monthly file carries them; one place for the column set.
MONTHLY_FIGURES = (
    "output_value",
    "revenue",
    "main_business_revenue",
    "total_profit",
    "tax",
    "rd_expense",
    "export_delivery_value",
    "electricity",
    "employees",
)


class MonthlyReport(models.Model):
    # No index of its own: the unique (enterprise, period) index leads with it and serves every lookup by firm.
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="monthly_reports", db_index=False)
    period = models.DateField(_("统计期"), help_text=_("月份的第一天"))
    output_value = models.DecimalField(_("工业总产值（万元）"), validators=NON_NEGATIVE, **MONEY)
    revenue = models.DecimalField(_("营业收入（万元）"), validators=NON_NEGATIVE, **MONEY)
    main_business_revenue = models.DecimalField(_("主营业务收入（万元）"), validators=NON_NEGATIVE, **MONEY)
    total_profit = models.DecimalField(_("利润总额（万元）"), **MONEY)
    tax = models.DecimalField(_("税收（万元）"), **MONEY)
    rd_expense = models.DecimalField(_("研发费用（万元）"), validators=NON_NEGATIVE, **MONEY)
    export_delivery_value = models.DecimalField(_("出口交货值（万元）"), validators=NON_NEGATIVE, **MONEY)
    electricity = models.DecimalField(_("用电量（万千瓦时）"), validators=NON_NEGATIVE, **MONEY)
    employees = models.PositiveIntegerField(_("从业人员（人）"), null=True, blank=True)
    # No database constraint: an import's 120,000 rows would each check the one record at commit (0.4 s), which
    # the same transaction wrote and nothing deletes (import records are read-only); SET_NULL still holds in Django.
    source = models.ForeignKey(
        "registry.ImportRecord", verbose_name=_("来源导入"), null=True, blank=True, on_delete=models.SET_NULL, related_name="monthly_reports", help_text=_("空表示手工录入"), db_constraint=False
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # An import's re-import writes 120,000 history rows: no index no query reads (firm and source: the history is looked up by
    # report and by change reason), and no deferred check of the clerk's user on each row (users are deactivated, not deleted).
    history = HistoricalRecords(
        verbose_name=_("月度数据变更"),
        verbose_name_plural=pgettext_lazy("plural", "月度数据变更"),
        history_change_reason_field=change_reason_field(),
        no_db_index=["enterprise", "source"],
        user_db_constraint=False,
    )

    class Meta:
        verbose_name = _("月度数据")
        verbose_name_plural = _("月度监测数据")
        ordering = ["-period", "enterprise_id"]
        permissions = [("import_monthlyreport", "可导入月度数据"), ("export_monthlyreport", "可导出月度数据")]
        constraints = [models.UniqueConstraint(fields=["enterprise", "period"], name="one_monthly_report_per_firm_and_period", violation_error_message=_("该企业该统计期已有月度数据"))]
        indexes = [models.Index(fields=["period", "enterprise"])]

    def __str__(self):
        return gettext("%(enterprise)s %(year)s年%(month)02d月") % {"enterprise": self.enterprise, "year": self.period.year, "month": self.period.month}

    def clean(self):
        if not self.period:
            return
        if self.period.day != 1:
            raise ValidationError({"period": gettext("统计期应为某月第一天")})
        # The importer refuses the same: derived figures look a year back and the month is not over yet.
        if self.period < EARLIEST_DATE:
            raise ValidationError({"period": gettext("统计期不能早于1900年1月")})
        if is_future(self.period, timezone.localdate()):
            raise ValidationError({"period": gettext("统计期晚于当前月份，不能录入未来的统计期")})


class MonthlySummary(models.Model):
    """One firm's derived figures at one period, kept by monitoring/summary.py in the transaction of every write to monthly reports.

    A row exists when the firm has a report in some window of the period; its columns are the figures
    of monitoring/figures.py, one each, added below so that the list of figures stays in one place.
    """

    # Derived rows, written only for firms with reports (which PROTECT the firm): no index of its own (the unique
    # index leads with it) and no foreign-key constraint, whose deferred check cost an import 120,000 lookups at commit.
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="monthly_summaries", db_index=False, db_constraint=False)
    period = models.DateField(_("统计期"))

    class Meta:
        verbose_name = _("月度汇总")
        verbose_name_plural = pgettext_lazy("plural", "月度汇总")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["enterprise", "period"], name="one_monthly_summary_per_firm_and_period")]
        indexes = [
            models.Index(fields=["period", "enterprise"], name="monthly_summary_period"),
            # The dashboard's steepest decliners and the declining list read a period's firms in this order, not all of them.
            models.Index(F("period"), growth_percent(stored("ytd_output"), stored("ytd_output_last_year")), F("enterprise"), name="monthly_summary_ytd_growth"),
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.period:%Y-%m}"


class MonthlyAreaTotal(models.Model):
    """The monthly summary summed per period, county and functional zone, kept with it (summary.py): the dashboard's
    totals, areas and trend read a few hundred rows instead of every firm's.

    Each summed figure has its sum and the number of summary rows that held it (`filled_…`): a sum over no
    figure at all reads as empty, as SUM does, and both stay additive, so each write adds and takes away
    only the rows it changed.
    """

    period = models.DateField(_("统计期"))
    # Named as the firm's own columns, so that one area condition (registry.scope) filters firms and these rows alike.
    county_id = models.CharField(_("县（区）"), max_length=6)
    zone_id = models.PositiveIntegerField(_("功能区"), default=0)  # 0: the firms in no functional zone
    firms = models.IntegerField(_("企业数"), default=0)

    class Meta:
        verbose_name = _("月度分区汇总")
        verbose_name_plural = pgettext_lazy("plural", "月度分区汇总")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["period", "county_id", "zone_id"], name="one_monthly_area_total")]

    def __str__(self):
        return f"{self.period:%Y-%m} {self.county_id} {self.zone_id}"


def filled(name):
    """The area total's count of summary rows holding figure `name`."""
    return f"filled_{name}"


# Twelve months of the largest figure a report may hold (under 10^14 万元) need two more digits.
for _name in SUMMED_FIGURES:
    MonthlySummary.add_to_class(stored(_name), models.DecimalField(max_digits=22, decimal_places=4, null=True))
for _name in COUNTED_FIGURES:
    MonthlySummary.add_to_class(stored(_name), models.PositiveSmallIntegerField(default=0))
for _name in LATEST_FIGURES:
    MonthlySummary.add_to_class(stored(_name), models.DateField(null=True))
for _name in SUMMED_FIGURES:
    MonthlyAreaTotal.add_to_class(stored(_name), models.DecimalField(max_digits=24, decimal_places=4, default=0))
    MonthlyAreaTotal.add_to_class(filled(_name), models.IntegerField(default=0))
for _name in COUNTED_FIGURES:
    MonthlyAreaTotal.add_to_class(stored(_name), models.IntegerField(default=0))
del _name
