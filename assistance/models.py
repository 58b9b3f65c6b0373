"""助企服务: officers' levels and co-officers, service records (服务记录), firms' problems (问题诉求) and their steps."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from simple_history.models import HistoricalRecords

from registry.fields import change_reason_field


class ReferenceItem(models.Model):
    """A short list kept as data (ways of contact, problem categories, units): a code, a name and an order."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class ServiceWay(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("服务方式")
        verbose_name_plural = pgettext_lazy("plural", "服务方式")


class ProblemCategory(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("问题类别")
        verbose_name_plural = pgettext_lazy("plural", "问题类别")


class AssigneeUnit(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("交办单位")
        verbose_name_plural = pgettext_lazy("plural", "交办单位")


class FirmOfficer(models.Model):
    """A co-officer of a firm, beside its lead officer (Enterprise.service_officer)."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="co_officers")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("协助专员"), on_delete=models.CASCADE, related_name="co_served_firms")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("协助专员")
        verbose_name_plural = pgettext_lazy("plural", "协助专员")
        constraints = [models.UniqueConstraint(fields=["enterprise", "officer"], name="one_co_officer_row_per_firm")]

    def __str__(self):
        return f"{self.enterprise} · {self.officer}"


class VisitInterval(models.Model):
    """How often a pool firm of a tier must be served (跟踪服务): no service record in N months puts it on the 未走访 list."""

    DEFAULT_MONTHS = 6  # for a tier without a row

    tier = models.OneToOneField("cultivation.Tier", verbose_name=_("培育层级"), on_delete=models.CASCADE, related_name="visit_interval")
    months = models.PositiveSmallIntegerField(_("走访间隔（月）"), default=DEFAULT_MONTHS)

    class Meta:
        verbose_name = _("走访间隔")
        verbose_name_plural = pgettext_lazy("plural", "走访间隔")
        ordering = ["tier__rank"]
        constraints = [models.CheckConstraint(condition=Q(months__gte=1), name="visit_interval_at_least_a_month", violation_error_message=_("走访间隔至少为1个月"))]

    def __str__(self):
        return f"{self.tier} · {self.months}"


class ServiceRecord(models.Model):
    """One contact with a firm: who served it, when, how, what was discussed and what follows."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="service_records")
    served_on = models.DateField(_("服务日期"))
    way = models.ForeignKey(ServiceWay, verbose_name=_("服务方式"), on_delete=models.PROTECT, related_name="service_records")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("服务人员"), related_name="service_records")
    discussed = models.TextField(_("交流内容"))
    follow_up = models.TextField(_("后续措施"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("服务记录变更"), verbose_name_plural=pgettext_lazy("plural", "服务记录变更"), history_change_reason_field=change_reason_field(), m2m_fields=[officers])

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = pgettext_lazy("plural", "服务记录")
        ordering = ["-served_on", "-id"]
        permissions = [("import_servicerecord", "可导入服务记录"), ("export_servicerecord", "可导出服务记录")]
        indexes = [models.Index(fields=["enterprise", "served_on"])]

    def __str__(self):
        return f"{self.enterprise} · {self.served_on} · {self.way}"


class ProblemStatus(models.TextChoices):
    COLLECTED = "collected", _("已收集")
    ASSIGNED = "assigned", _("已交办")
    IN_PROGRESS = "in_progress", _("办理中")
    RESOLVED = "resolved", _("已化解")
    UNRESOLVABLE = "unresolvable", _("无法化解")
    WITHDRAWN = "withdrawn", _("企业撤回")


OPEN_PROBLEM_STATUSES = (ProblemStatus.COLLECTED, ProblemStatus.ASSIGNED, ProblemStatus.IN_PROGRESS)


class Problem(models.Model):
    """A firm's problem or request (问题诉求), from collection to resolution; its status changes only through the services."""

    Status = ProblemStatus

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        MOSTLY = "mostly", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="problems")
    service_record = models.ForeignKey(ServiceRecord, verbose_name=_("来源服务记录"), null=True, blank=True, on_delete=models.PROTECT, related_name="problems")
    raised_on = models.DateField(_("提出日期"))
    way = models.ForeignKey(ServiceWay, verbose_name=_("提出方式"), on_delete=models.PROTECT, related_name="problems")
    category = models.ForeignKey(ProblemCategory, verbose_name=_("问题类别"), on_delete=models.PROTECT, related_name="problems")
    description = models.TextField(_("问题描述"))
    unit = models.ForeignKey(AssigneeUnit, verbose_name=_("交办单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="problems")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="problems")
    due_on = models.DateField(_("办结时限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.COLLECTED)
    resolution = models.TextField(_("办理结果"), blank=True)
    resolved_on = models.DateField(_("办结日期"), null=True, blank=True)
    closing_reason = models.CharField(_("无法化解或撤回原因"), max_length=300, blank=True)
    satisfaction = models.CharField(_("企业满意度"), max_length=12, choices=Satisfaction.choices, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("问题诉求")
        verbose_name_plural = pgettext_lazy("plural", "问题诉求")
        ordering = ["-raised_on", "-id"]
        permissions = [("export_problem", "可导出问题诉求")]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [models.CheckConstraint(condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("raised_on")), name="problem_resolved_not_before_raised", violation_error_message=_("办结日期不能早于提出日期"))]

    def __str__(self):
        return f"{self.enterprise} · {self.category} · {self.description[:20]}"

    @property
    def is_open(self):
        return self.status in OPEN_PROBLEM_STATUSES


class ProblemEvent(models.Model):
    """One step of a problem: written by the services only, in the step's transaction."""

    problem = models.ForeignKey(Problem, verbose_name=_("问题诉求"), on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=12, choices=ProblemStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=ProblemStatus.choices)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("问题办理记录")
        verbose_name_plural = pgettext_lazy("plural", "问题办理记录")
        ordering = ["recorded_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"
