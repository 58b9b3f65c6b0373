from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy
from simple_history.models import HistoricalRecords

from .fields import USCCField, change_reason_field
from .sheets.kinds import import_kinds
from .uscc import uscc_problem


CHECK_DIGIT_PROBLEM = "统一社会信用代码校验位错误"  # the one USCC problem a recorded override may accept


def firm_name_problem(name):
    """Registered firm names never hold markup or start like a spreadsheet formula; such text is an attack or a paste error."""
    name = (name or "").strip()
    if any(char in name for char in "<>"):
        return gettext("企业名称不能包含“<”或“>”")
    if name[:1] in ("=", "+", "-", "@"):
        return gettext("企业名称不能以 = + - @ 开头")
    return None


def zone_county_problem(firm):
    """A zone lies in one county, or spans counties (no county of its own): a firm's zone must fit its county."""
    if not (firm.zone_id and firm.county_id) or firm.zone.county_id in (None, firm.county_id):
        return None
    return gettext("功能区“%(zone)s”属于%(zone_county)s，不属于%(county)s：请改选%(county)s的功能区，或将功能区清空") % {"zone": firm.zone.name, "zone_county": firm.zone.county.name, "county": firm.county.name}


class Region(models.Model):
    """A county-level division by its GB/T 2260 code; the city itself is the root."""

    class Level(models.TextChoices):
        CITY = "city", _("市")
        COUNTY = "county", _("县（区）")

    code = models.CharField(_("行政区划代码"), max_length=6, primary_key=True, validators=[RegexValidator(r"^\d{6}$", _("行政区划代码应为6位数字"))])
    name = models.CharField(_("名称"), max_length=40, unique=True)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices, default=Level.COUNTY)
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = pgettext_lazy("plural", "行政区划")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Zone(models.Model):
    """A functional zone: managed apart from the legal county and addressed as 各功能区."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    county = models.ForeignKey(Region, verbose_name=_("所在县（区）"), null=True, blank=True, on_delete=models.PROTECT, related_name="zones")
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("功能区")
        verbose_name_plural = pgettext_lazy("plural", "功能区")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class Industry(models.Model):
    """One row of GB/T 4754-2017: section (1), division (2), group (3) or class (4)."""

    class Level(models.IntegerChoices):
        SECTION = 1, _("门类")
        DIVISION = 2, _("大类")
        GROUP = 3, _("中类")
        CLASS = 4, _("小类")

    code = models.CharField(_("行业代码"), max_length=4, primary_key=True)
    name = models.CharField(_("行业名称"), max_length=100)
    level = models.PositiveSmallIntegerField(pgettext_lazy("industry classification", "层级"), choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业分类")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self):
        return f"{self.code} {self.name}"


class IndustryGrouping(models.Model):
    """A named group of firms across industries, listed in a set order: an industrial chain or a specialty cluster."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class IndustryChain(IndustryGrouping):
    class Meta(IndustryGrouping.Meta):
        verbose_name = _("产业链")
        verbose_name_plural = pgettext_lazy("plural", "产业链")


class Cluster(IndustryGrouping):
    class Meta(IndustryGrouping.Meta):
        verbose_name = _("特色产业集群")
        verbose_name_plural = pgettext_lazy("plural", "特色产业集群")


class Enterprise(models.Model):
    class SizeClass(models.TextChoices):
        LARGE = "large", _("大型")
        MEDIUM = "medium", _("中型")
        SMALL = "small", _("小型")
        MICRO = "micro", _("微型")

    class Status(models.TextChoices):
        OPERATING = "operating", _("在营")
        DEREGISTERED = "deregistered", _("注销")
        MOVED_OUT = "moved_out", _("迁出")

    uscc = USCCField(_("统一社会信用代码"), unique=True, help_text=_("18位，自动去除空格、转换全角与大小写"))
    uscc_override = models.BooleanField(_("校验位豁免"), default=False, help_text=_("确认代码真实有效但不符合GB 32100校验规则时勾选，并填写理由"))
    uscc_override_reason = models.CharField(_("豁免理由"), max_length=200, blank=True)
    name = models.CharField(_("企业名称"), max_length=100)
    short_name = models.CharField(_("企业简称"), max_length=40, blank=True)
    county = models.ForeignKey(Region, verbose_name=_("县（区）"), on_delete=models.PROTECT, related_name="enterprises", limit_choices_to={"level": Region.Level.COUNTY})
    zone = models.ForeignKey(Zone, verbose_name=_("功能区"), null=True, blank=True, on_delete=models.PROTECT, related_name="enterprises")
    industry = models.ForeignKey(Industry, verbose_name=_("国民经济行业"), on_delete=models.PROTECT, related_name="enterprises", limit_choices_to={"level": Industry.Level.CLASS}, help_text=_("GB/T 4754-2017 小类（4位）"))
    chains = models.ManyToManyField(IndustryChain, verbose_name=_("产业链"), blank=True, related_name="enterprises")
    clusters = models.ManyToManyField(Cluster, verbose_name=_("特色产业集群"), blank=True, related_name="enterprises")
    main_products = models.CharField(_("主导产品"), max_length=200, blank=True)
    niche_market = models.CharField(_("细分市场"), max_length=200, blank=True)
    niche_entry_year = models.PositiveSmallIntegerField(_("进入细分市场年份"), null=True, blank=True, validators=[MinValueValidator(1949), MaxValueValidator(2100)])
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=40, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_above_scale = models.BooleanField(_("规上企业"), default=False)
    above_scale_since = models.DateField(_("入规日期"), null=True, blank=True)
    size_class = models.CharField(_("企业规模"), max_length=10, choices=SizeClass.choices, blank=True)
    service_officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("助企专员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="served_enterprises")
    status = models.CharField(_("经营状态"), max_length=15, choices=Status.choices, default=Status.OPERATING)
    notes = models.TextField(_("备注"), blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True, help_text=_("已归档的企业保留全部记录，不再出现在日常名单中"))
    archive_reason = models.CharField(_("归档原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("企业变更记录"), verbose_name_plural=pgettext_lazy("plural", "企业变更记录"), history_change_reason_field=change_reason_field(), m2m_fields=[chains])

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = pgettext_lazy("plural", "企业")
        ordering = ["county_id", "name"]
        permissions = [("import_enterprise", "可导入企业"), ("export_enterprise", "可导出企业")]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        problem = uscc_problem(self.uscc or "")
        if problem:
            # Only a wrong check character is overridable: real registered codes with one exist.
            if problem.startswith(CHECK_DIGIT_PROBLEM) and self.uscc_override:
                if not self.uscc_override_reason.strip():
                    errors["uscc_override_reason"] = gettext("勾选校验位豁免时必须填写理由")
            else:
                errors["uscc"] = problem
        elif self.uscc_override:
            self.uscc_override = False
            self.uscc_override_reason = ""
        name_problem = firm_name_problem(self.name)
        if name_problem:
            errors["name"] = name_problem
        zone_problem = zone_county_problem(self)
        if zone_problem:
            errors["zone"] = zone_problem
        if self.above_scale_since and not self.is_above_scale:
            errors["above_scale_since"] = gettext("填写入规日期时应勾选“规上企业”")
        if errors:
            raise ValidationError(errors)


class ImportRecord(models.Model):
    """One committed spreadsheet import: the file, who loaded it, and what it did."""

    CHANGE_REASON_PREFIX = "导入记录#"

    kind = models.CharField(_("类型"), max_length=20, choices=import_kinds)
    file_name = models.CharField(_("文件名"), max_length=255)
    checksum = models.CharField("SHA-256", max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="import_records")
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    rows_added = models.PositiveIntegerField(_("新增行数"), default=0)
    rows_updated = models.PositiveIntegerField(_("更新行数"), default=0)
    rows_skipped = models.PositiveIntegerField(_("跳过行数"), default=0)
    notes = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = pgettext_lazy("plural", "导入记录")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"  # the time the page shows, not UTC

    @property
    def change_reason(self):
        """The tag on every history row this import wrote."""
        return f"{self.CHANGE_REASON_PREFIX}{self.pk}"


class KeptUpload(models.Model):
    """A file kept between an import's preview and its confirm (or for its full error list): in the database, so any app server can read it."""

    name = models.CharField(max_length=32, primary_key=True)  # what the confirm form carries (sheets/uploads.py KEPT_NAME)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("暂存的导入文件")
        verbose_name_plural = pgettext_lazy("plural", "暂存的导入文件")


class ImportPreview(models.Model):
    """An import previewed without errors and kept for its confirm step: waiting work until it is confirmed, given up or cleared."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.CASCADE, related_name="import_previews")
    model = models.CharField(_("导入的数据"), max_length=100)  # "app_label.model_name" of the admin whose import page kept it
    file_name = models.CharField(_("文件名"), max_length=255)
    kept_name = models.CharField(max_length=32, unique=True)  # the name uploads.keep_upload gave the file
    checksum = models.CharField("SHA-256", max_length=64)
    options = models.JSONField(default=dict)  # the upload form's options (1–N月累计), handed to the confirm form again
    rows = models.PositiveIntegerField(_("行数"), default=0)  # the confirm step runs a file this long in the background
    created_at = models.DateTimeField(_("预览时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("待确认的导入")
        verbose_name_plural = pgettext_lazy("plural", "待确认的导入")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name


class Job(models.Model):
    """A piece of background work a user started (an import, a candidate list, an evaluation) and how far it got.

    The queue itself is django-tasks-db's; this row is what staff see: its progress, kept fresh by a heartbeat from
    the worker, its outcome, and enough to run it again (the task and the job's own arguments).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    label = models.CharField(_("任务"), max_length=300)
    task_path = models.CharField(_("任务函数"), max_length=200)
    arguments = models.JSONField(_("参数"), default=dict, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    task_id = models.CharField(_("队列编号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    beat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    rows_total = models.PositiveIntegerField(_("总行数"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("已读行数"), default=0)
    rows_written = models.PositiveIntegerField(_("已写行数"), default=0)
    attempts = models.PositiveSmallIntegerField(_("运行次数"), default=0)
    message = models.TextField(_("结果"), blank=True)
    import_record = models.ForeignKey(ImportRecord, verbose_name=_("导入记录"), null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
    result_name = models.CharField(_("结果文件名"), max_length=255, blank=True)
    result_file = models.BinaryField(_("结果文件"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = pgettext_lazy("plural", "后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return self.label


def display_name(user):
    """A staff member as colleagues write them: family name first, no space; the username if unnamed."""
    if user is None:
        return "—"
    return f"{user.last_name}{user.first_name}".strip() or user.username


class StaffProfile(models.Model):
    """Links a staff user to the county or zone whose firms they may see and change, and says at which level and unit they serve."""

    class Level(models.TextChoices):
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")
        TOWNSHIP = "township", _("乡镇（街道）级")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="staff_profile")
    county = models.ForeignKey(Region, verbose_name=_("县（区）"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff_profiles", limit_choices_to={"level": Region.Level.COUNTY})
    zone = models.ForeignKey(Zone, verbose_name=_("功能区"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff_profiles")
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    level = models.CharField(_("人员层级"), max_length=10, choices=Level.choices, blank=True, help_text=_("助企专员按市级、县级、乡镇（街道）级统计"))
    unit = models.CharField(_("所在单位"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("人员属地")
        verbose_name_plural = pgettext_lazy("plural", "人员属地")
        constraints = [models.CheckConstraint(condition=models.Q(county__isnull=True) | models.Q(zone__isnull=True), name="staff_profile_county_or_zone_not_both", violation_error_message=_("人员只能属于一个县（区）或一个功能区"))]

    def __str__(self):
        return f"{self.user} · {self.county or self.zone or gettext('全市')}"
