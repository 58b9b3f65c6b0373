"""The stock django-import-export way, as the issue measured it: a plain ModelResource, no engine."""

from import_export import fields, resources, widgets

from cultivation.models import MonthlyReport
from registry.models import Enterprise


def figure(attribute, header):
    return fields.Field(attribute=attribute, column_name=header, widget=widgets.DecimalWidget())


class StockMonthlyReportResource(resources.ModelResource):
    enterprise = fields.Field(attribute="enterprise", column_name="统一社会信用代码", widget=widgets.ForeignKeyWidget(Enterprise, "uscc"))
    period = fields.Field(attribute="period", column_name="统计期", widget=widgets.DateWidget())
    output_value = figure("output_value", "工业总产值（万元）")
    revenue = figure("revenue", "营业收入（万元）")
    main_business_revenue = figure("main_business_revenue", "主营业务收入（万元）")
    total_profit = figure("total_profit", "利润总额（万元）")
    tax = figure("tax", "税收（万元）")
    rd_expense = figure("rd_expense", "研发费用（万元）")
    export_delivery_value = figure("export_delivery_value", "出口交货值（万元）")
    electricity = figure("electricity", "用电量（万千瓦时）")
    employees = fields.Field(attribute="employees", column_name="从业人员（人）", widget=widgets.IntegerWidget())

    class Meta:
        model = MonthlyReport
        import_id_fields = ("enterprise", "period")
        fields = ("enterprise", "period", "output_value", "revenue", "main_business_revenue", "total_profit", "tax", "rd_expense", "export_delivery_value", "electricity", "employees")
