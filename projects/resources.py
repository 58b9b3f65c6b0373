"""Spreadsheet columns of the projects: the projects themselves (工业项目), and their monthly progress (项目月度进度,
imported by importer.py; the resource gives its template and export)."""

from django.core.exceptions import ValidationError

from cultivation.resources import FIRM_BY_USCC
from cultivation.resources.monitoring import PERIOD
from registry.models import Enterprise, Region, Zone
from registry.resources import CITY_PREFIXES
from registry.scope import visible_enterprises
from registry.sheets.columns import Column
from registry.sheets.resources import SheetResource
from registry.sheets.values import is_empty
from registry.sheets.widgets import ChoiceCell, DateCell, DecimalCell, IntegerCell, RefCell, TextCell, YearCell

from . import services
from .models import Indicator, IndicatorTarget, Project, ProjectKind, ProjectProgress, ProjectStatus, RenovationKind
from .selectors import projects_in_scope

# ImportRecord.kind of each sheet (the registry keeps the kinds of its own and cultivation's files; assistance's and ours are named here).
PROGRESS_IMPORT_KIND, PROJECTS_IMPORT_KIND, TARGETS_IMPORT_KIND = "project_progress", "projects", "indicator_targets"

PROJECT_BY_CODE = Column(
    "项目编号", "project", RefCell(Project, label="项目", code_field="code", name_field="code", render_field="code", hint="项目编号，项目须已在系统中登记"),
    required=True, meaning="按此编号找到项目", example="2025-330902-34-03-000001", aliases=("项目代码",),
)
PROJECT_NAME = Column("项目名称", "project__name", TextCell(), readonly=True, meaning="仅供核对，导入时不使用", example="年产10万吨水产品精深加工项目")
PROJECT_FIRM = Column("项目单位", "project__enterprise__name", TextCell(), readonly=True, meaning="仅供核对，导入时不使用", example="舟山海星水产有限公司", aliases=("建设单位",))
INVESTMENT = Column(
    "当月完成投资", "investment", DecimalCell(), required=True, unit="万元", example="350.5", aliases=("完成投资", "当月投资"),
    meaning="当月完成的投资额；勾选“1-N月累计”导入时，为1月至该月的累计完成投资",
)
NOTE = Column("进展情况", "note", TextCell(), meaning="当月形象进度、存在问题等", example="主体结构封顶", aliases=("进度说明", "形象进度"))
PROGRESS_COLUMNS = (PROJECT_BY_CODE, PROJECT_NAME, PROJECT_FIRM, PERIOD, INVESTMENT, NOTE)


class ProjectProgressResource(SheetResource):
    """Export and the import template; imports go through projects.importer (with 1–N月累计)."""

    import_kind = PROGRESS_IMPORT_KIND
    columns = PROGRESS_COLUMNS

    class Meta:
        model = ProjectProgress
        import_id_fields = ("project", "period")
        name = "项目月度进度"

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("project", "project__enterprise")


def money(header, attribute, meaning, **options):
    return Column(header, attribute, DecimalCell(), unit="万元", meaning=meaning, example="5000", **options)


def date(header, attribute):
    return Column(header, attribute, DateCell(), example="2026-03-01", aliases=(header.replace("日期", "时间"),))


# Columns a write hands to the services: every project field the file can fill.
PROJECT_FIELDS = (
    "code", "name", "enterprise", "kind", "renovation_kind", "total_investment", "equipment_investment", "plan_year", "plan_investment",
    "planned_start", "actual_start", "planned_completion", "actual_completion", "planned_production", "actual_production", "expected_output", "task_force", "notes",
)


STATUS_HEADER = "项目状态"


class ProjectResource(SheetResource):
    """工业项目: one row per project, matched by its 项目编号; a new project enters in the status given (谋划 when blank)."""

    import_kind = PROJECTS_IMPORT_KIND
    columns = (
        Column("项目编号", "code", TextCell(), required=True, meaning="已在系统中的项目按此编号更新", example="2026-330902-34-03-000001", aliases=("项目代码",)),
        Column("项目名称", "name", TextCell(), required=True, example="年产10万吨水产品精深加工项目"),
        FIRM_BY_USCC,
        Column("项目类型", "kind", RefCell(ProjectKind, label="项目类型"), required=True, meaning="新建、扩建或技术改造", example="技术改造"),
        Column("技改类型", "renovation_kind", RefCell(RenovationKind, label="技改类型"), meaning="技术改造项目填写，如机器换人、节能降碳、数字化改造", example="数字化改造"),
        money("总投资", "total_investment", "项目总投资；1亿元（10000万元）及以上为亿元以上项目", required=True),
        money("设备投资", "equipment_investment", "其中设备投资"),
        Column("计划年度", "plan_year", YearCell(), meaning="年度计划投资所属的年份", example="2026"),
        money("年度计划投资", "plan_investment", "该年度计划完成的投资", aliases=("本年计划投资",)),
        date("计划开工日期", "planned_start"),
        date("实际开工日期", "actual_start"),
        date("计划竣工日期", "planned_completion"),
        date("实际竣工日期", "actual_completion"),
        date("计划投产日期", "planned_production"),
        date("实际投产日期", "actual_production"),
        Column(STATUS_HEADER, "status", ChoiceCell(ProjectStatus.choices), meaning="新项目的状态，留空按“谋划”；已有项目的状态请用“变更项目状态”修改", example="在建"),
        money("达产后新增年产值", "expected_output", "项目达产后预计新增的年产值", aliases=("新增产值",)),
        Column("专班", "task_force", TextCell(), example="海工装备项目专班", aliases=("项目专班",)),
        Column("备注", "notes", TextCell()),
    )

    class Meta:
        model = Project
        import_id_fields = ("code",)
        name = "工业项目"

    @property
    def _required_attributes(self):
        return super()._required_attributes - {"status"}  # blank: 谋划 for a new project, unchanged for one held

    def get_queryset(self):
        # An officer's file finds, and so updates, only the projects of their own area.
        queryset = super().get_queryset()
        return queryset if self.user is None else projects_in_scope(self.user, queryset)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if self.user is not None and instance.enterprise_id and "enterprise" not in errors:
            if not visible_enterprises(self.user, Enterprise.objects.filter(pk=instance.enterprise_id)).exists():
                errors["enterprise"] = ValidationError("该企业不在您负责的县（区）或功能区，不能为其登记项目")
        if instance.pk is None and "code" not in errors and Project.objects.filter(code=instance.code).exists():
            errors["code"] = ValidationError("该项目编号已在系统中登记，但项目不在您负责的县（区）或功能区，不能通过导入修改")
        if self.stored_instance is not None and instance.status != self.stored_instance.status:
            errors["status"] = ValidationError("已有项目的状态请用“变更项目状态”修改，以便记录原因；导入时请保持原状态或留空该列")
        super().validate_instance(instance, errors, validate_unique)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if self.stored_instance is not None and is_empty(row.get(STATUS_HEADER)):
            instance.status = self.stored_instance.status  # a blank or missing status cell keeps the project's status

    def save_instance(self, instance, is_create, row, **kwargs):
        """Through the project services, like every other write to a project; a refusal is this row's error."""
        self.before_save_instance(instance, row, **kwargs)
        values = {name: getattr(instance, name) for name in PROJECT_FIELDS}
        try:
            if is_create:
                instance.pk = services.project_create(acting_user=self.user, status=instance.status, **values).pk
            else:
                services.project_update(project=self.stored_instance, acting_user=self.user, **values)
        except services.ProjectRefusal as refusal:
            raise ValidationError(refusal.message_dict if hasattr(refusal, "error_dict") else {"code": refusal.messages}) from None
        self.after_save_instance(instance, row, **kwargs)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("enterprise", "kind", "renovation_kind")


class IndicatorTargetResource(SheetResource):
    """月度指标分解: one row per area, year, month and indicator; a target already held is updated."""

    import_kind = TARGETS_IMPORT_KIND
    columns = (
        Column("县(区)", "county", RefCell(Region, label="县(区)", prefixes=CITY_PREFIXES, suffixes=("区", "县"), filters={"level": "county"}), meaning="县（区）的目标填县（区），功能区的目标留空", example="定海区"),
        Column("功能区", "zone", RefCell(Zone, label="功能区", prefixes=CITY_PREFIXES), meaning="功能区的目标填功能区，县（区）的目标留空", example=""),
        Column("年度", "year", YearCell(), required=True, example="2026"),
        Column("截至月份", "month", IntegerCell(), required=True, meaning="1-12；目标为1月至该月的累计数", example="3", aliases=("截止月份",)),
        Column("指标", "indicator", ChoiceCell(Indicator.choices), required=True, example="工业投资（万元）"),
        Column("目标值", "value", DecimalCell(), required=True, meaning="金额单位万元，增速单位%，企业数单位家", example="12000"),
    )

    class Meta:
        model = IndicatorTarget
        import_id_fields = ("county", "zone", "year", "month", "indicator")
        name = "月度指标目标"
