"""The cultivation ladder as data: tiers, batches, each firm's pool entries and their events, targets."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy
from simple_history.models import HistoricalRecords

from registry.fields import change_reason_field


class Tier(models.Model):
    class Level(models.TextChoices):
        CITY = "city", _("市级")
        PROVINCE = "province", _("省级")
        NATIONAL = "national", _("国家级")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    rank = models.PositiveSmallIntegerField(_("梯度次序"), help_text=_("在培育梯度上的位置，数字越大越高"))
    validity_years = models.PositiveSmallIntegerField(_("有效期（年）"), null=True, blank=True, help_text=_("留空表示不设有效期"))
    prerequisite = models.ForeignKey("self", verbose_name=_("前置层级"), null=True, blank=True, on_delete=models.PROTECT, related_name="next_tiers", help_text=_("申报本层级须持有有效的前置层级认定"))
    counts_pool_for_progress = models.BooleanField(_("进度按在库企业计"), default=False, help_text=_("勾选后，目标进度统计在库（培育中、已申报、已认定）企业数，而不是已认定企业数"))
    active = models.BooleanField(_("启用"), default=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("培育层级")
        verbose_name_plural = pgettext_lazy("plural", "培育层级")
        ordering = ["rank", "code"]

    def __str__(self):
        return self.name


class Batch(models.Model):
    tier = models.ForeignKey(Tier, verbose_name=_("培育层级"), on_delete=models.PROTECT, related_name="batches")
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("批次名称"), max_length=60, help_text=_("例如：2024年第二批"))
    applications_open_on = models.DateField(_("申报开始"), null=True, blank=True)
    applications_close_on = models.DateField(_("申报截止"), null=True, blank=True)
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("批次")
        verbose_name_plural = pgettext_lazy("plural", "批次")
        ordering = ["-year", "tier__rank", "name"]
        constraints = [models.UniqueConstraint(fields=["tier", "name"], name="batch_name_unique_per_tier")]

    def __str__(self):
        return f"{self.tier.name} {self.name}"


class PoolStatus(models.TextChoices):
    CANDIDATE = "candidate", _("培育中")
    APPLIED = "applied", _("已申报")
    RECOGNISED = "recognised", _("已认定")
    REJECTED = "rejected", _("未通过")
    EXPIRED = "expired", _("已到期")
    REVOKED = "revoked", _("已撤销")
    EXITED = "exited", _("已退库")


OPEN_STATUSES = (PoolStatus.CANDIDATE, PoolStatus.APPLIED, PoolStatus.RECOGNISED)


class PoolEntry(models.Model):
    """One firm's place on one tier, from candidate to recognition and beyond."""

    Status = PoolStatus

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="pool_entries")
    tier = models.ForeignKey(Tier, verbose_name=_("培育层级"), on_delete=models.PROTECT, related_name="pool_entries")
    status = models.CharField(_("状态"), max_length=12, choices=PoolStatus.choices, default=PoolStatus.CANDIDATE)
    batch = models.ForeignKey(Batch, verbose_name=_("批次"), null=True, blank=True, on_delete=models.PROTECT, related_name="pool_entries")
    entered_on = models.DateField(_("入库日期"))
    applied_on = models.DateField(_("申报日期"), null=True, blank=True)
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    valid_until_reason = models.CharField(_("有效期调整理由"), max_length=200, blank=True)
    review_due_on = models.DateField(_("复核日期"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("计划入规年份"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=80, blank=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("责任人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="pool_entries")
    prerequisite_override_reason = models.CharField(_("前置条件豁免理由"), max_length=200, blank=True)
    exit_reason = models.CharField(_("退出原因"), max_length=200, blank=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("培育记录变更"), verbose_name_plural=pgettext_lazy("plural", "培育记录变更"), history_change_reason_field=change_reason_field())

    class Meta:
        verbose_name = _("培育库记录")
        verbose_name_plural = _("培育库")
        ordering = ["tier__rank", "enterprise__name"]
        permissions = [("import_poolentry", "可导入培育库"), ("export_poolentry", "可导出培育库")]
        constraints = [
            # A partial unique index: supported alike by SQLite and PostgreSQL.
            models.UniqueConstraint(fields=["enterprise", "tier"], condition=Q(status__in=OPEN_STATUSES), name="one_open_entry_per_firm_and_tier", violation_error_message=_("该企业在此层级已有未结束的培育记录")),
            models.CheckConstraint(condition=Q(recognised_on__isnull=True) | Q(applied_on__isnull=True) | Q(recognised_on__gte=models.F("applied_on")), name="recognised_not_before_applied", violation_error_message=_("认定日期不能早于申报日期")),
        ]
        indexes = [models.Index(fields=["status", "valid_until"]), models.Index(fields=["tier", "status"])]

    def __str__(self):
        return f"{self.enterprise} · {self.tier}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class PoolEvent(models.Model):
    """One step of a pool entry's lifecycle: written by the ladder services only."""

    # The trail outlives any attempt to delete its entry: an entry leaves the pool by 退库, never by deletion.
    entry = models.ForeignKey(PoolEntry, verbose_name=_("培育库记录"), on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=12, choices=PoolStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=PoolStatus.choices)
    happened_on = models.DateField(_("业务日期"))
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("培育记录事件")
        verbose_name_plural = pgettext_lazy("plural", "培育记录事件")
        ordering = ["recorded_at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class Target(models.Model):
    """A count to reach for one tier in one year, city-wide or for one county or zone."""

    year = models.PositiveSmallIntegerField(_("年度"))
    tier = models.ForeignKey(Tier, verbose_name=_("培育层级"), on_delete=models.PROTECT, related_name="targets")
    county = models.ForeignKey("registry.Region", verbose_name=_("县（区）"), null=True, blank=True, on_delete=models.PROTECT, related_name="targets", limit_choices_to={"level": "county"})
    zone = models.ForeignKey("registry.Zone", verbose_name=_("功能区"), null=True, blank=True, on_delete=models.PROTECT, related_name="targets")
    count = models.PositiveIntegerField(_("目标数"))

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标任务")
        ordering = ["-year", "tier__rank", "county_id", "zone_id"]
        constraints = [
            models.CheckConstraint(condition=Q(county__isnull=True) | Q(zone__isnull=True), name="target_county_or_zone_not_both", violation_error_message=_("目标只能属于一个县（区）或一个功能区")),
            models.UniqueConstraint(fields=["year", "tier"], condition=Q(county__isnull=True, zone__isnull=True), name="one_city_target_per_year_tier", violation_error_message=_("该年度该层级已有全市目标")),
            models.UniqueConstraint(fields=["year", "tier", "county"], condition=Q(county__isnull=False), name="one_county_target_per_year_tier", violation_error_message=_("该年度该层级该县（区）已有目标")),
            models.UniqueConstraint(fields=["year", "tier", "zone"], condition=Q(zone__isnull=False), name="one_zone_target_per_year_tier", violation_error_message=_("该年度该层级该功能区已有目标")),
        ]

    def __str__(self):
        return gettext("%(year)s %(tier)s %(scope)s：%(count)s") % {"year": self.year, "tier": self.tier, "scope": self.county or self.zone or gettext("全市"), "count": self.count}
