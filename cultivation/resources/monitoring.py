"""月度监测数据 columns: the one declaration behind the monthly import, its template and the export."""

from registry.sheets.columns import Column
from registry.sheets.headers import split_unit
from registry.sheets.language import in_sheet_language
from registry.sheets.resources import SheetResource
from registry.sheets.widgets import DecimalCell, IntegerCell, PeriodCell

from ..models import MonthlyReport
from ..models.monitoring import MONTHLY_FIGURES
from . import FIRM_BY_USCC, FIRM_COUNTY, FIRM_NAME

MEANINGS = {
    "output_value": "当月工业总产值（当年价）",
    "revenue": "当月营业收入",
    "main_business_revenue": "当月主营业务收入，用于判断规上（近12个月合计2000万元）",
    "total_profit": "当月利润总额，亏损填负数",
    "tax": "当月税收（或利税）",
    "rd_expense": "当月研发费用",
    "export_delivery_value": "当月出口交货值",
    "electricity": "当月工业用电量",
    "employees": "月末从业人员数",
}
EXAMPLES = {"employees": "120", "total_profit": "-12.5"}
# Other headers for the figures in staff's files; the annual figures of the same name read them too.
ALIASES = {
    "output_value": ("产值", "工业产值", "总产值"),
    "revenue": ("营收",),
    "main_business_revenue": ("主营收入",),
    "total_profit": ("利润",),
    "tax": ("利税", "税金"),
    "rd_expense": ("研发投入", "研发经费"),
    "export_delivery_value": ("出口",),
    "electricity": ("工业用电量", "用电"),
    "employees": ("从业人数", "从业人员数", "职工人数", "员工人数"),
}


def figure_column(name):
    with in_sheet_language():
        header, unit = split_unit(str(MonthlyReport._meta.get_field(name).verbose_name))
    widget = IntegerCell() if name == "employees" else DecimalCell()
    return Column(header, name, widget, unit=unit, meaning=MEANINGS[name], example=EXAMPLES.get(name, "1234.56"), aliases=ALIASES[name])


PERIOD = Column(
    "统计期", "period", PeriodCell(), required=True, meaning="数据所属年月；勾选“1-N月累计”导入时，数字为1月至该月的累计数", example="2024-03",
    aliases=("年月", "期间", "所属期", "统计期间", "统计月份", "报告期", "月份"),
)
FIGURES = tuple(figure_column(name) for name in MONTHLY_FIGURES)
MONTHLY_COLUMNS = (FIRM_BY_USCC, FIRM_NAME, FIRM_COUNTY, PERIOD) + FIGURES


class MonthlyReportResource(SheetResource):
    """Export and the import template; imports go through cultivation.monitoring.importer (the fast path)."""

    import_kind = "monthly"
    columns = MONTHLY_COLUMNS

    class Meta:
        model = MonthlyReport
        import_id_fields = ("enterprise", "period")
        name = "月度监测数据"

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("enterprise", "enterprise__county")
