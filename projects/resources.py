"""项目月度进度 columns: the one declaration behind the progress import (importer.py), its template and the export."""

from cultivation.resources.monitoring import PERIOD
from registry.models import ImportRecord
from registry.sheets.columns import Column
from registry.sheets.resources import SheetResource
from registry.sheets.widgets import DecimalCell, RefCell, TextCell

from .models import Project, ProjectProgress

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

    import_kind = ImportRecord.Kind.PROJECT_PROGRESS
    columns = PROGRESS_COLUMNS

    class Meta:
        model = ProjectProgress
        import_id_fields = ("project", "period")
        name = "项目月度进度"

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("project", "project__enterprise")
