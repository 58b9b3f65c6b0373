"""月度监测数据 in the admin: the list, its filters and hand edits; its importer, dashboard and watch lists are in cultivation/monitoring/views.py."""

from functools import partial

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cultivation.models import MonthlyReport
from cultivation.monitoring.exports import money_text
from cultivation.monitoring.periods import period_label
from cultivation.monitoring.selectors import firms_in_scope
from cultivation.monitoring.services import monthly_report_save, monthly_reports_delete
from cultivation.monitoring.views import MonthlyImporter, dashboard_view, watch_list_view
from cultivation.monitoring.watchlists import WATCH_LISTS
from cultivation.resources.monitoring import MonthlyReportResource
from registry.filters import CountyListFilter, ZoneListFilter
from registry.firm_search import FirmSearchMixin
from registry.scope import ScopedAdminMixin
from registry.sheets.admin import SheetImportExportMixin

from .filters import ChainListFilter, PeriodListFilter, SourceListFilter


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ScopedAdminMixin, FirmSearchMixin, SheetImportExportMixin, SimpleHistoryAdmin):
    workbench_order = 30
    resource_classes = [MonthlyReportResource]
    list_display = ("enterprise_name", "period_display", "county", "output", "revenue_column", "main_business_revenue_column", "employees", "source_display")
    list_select_related = ("enterprise", "enterprise__county")
    list_filter = (PeriodListFilter, CountyListFilter.on("enterprise"), ZoneListFilter.on("enterprise"), ChainListFilter, SourceListFilter)
    search_fields = ("enterprise__name", "enterprise__uscc")
    autocomplete_fields = ("enterprise",)
    readonly_fields = ("source", "created_at", "updated_at")
    # Newest period first; both columns descending so PostgreSQL walks the (period, enterprise) index backwards.
    ordering = ("-period", "-enterprise_id")
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # a count per filter choice would scan the whole table
    list_per_page = 50
    import_export_change_list_template = "admin/cultivation/monitoring/change_list.html"
    fieldsets = (
        (None, {"fields": ("enterprise", "period")}),
        (_("指标"), {"fields": (("output_value", "revenue", "main_business_revenue"), ("total_profit", "tax", "rd_expense"), ("export_delivery_value", "electricity", "employees"))}),
        (_("来源"), {"fields": ("source", "created_at", "updated_at")}),
    )

    @admin.display(description=_("企业"), ordering="enterprise__name")
    def enterprise_name(self, obj):
        return obj.enterprise.name

    @admin.display(description=_("工业总产值（万元）"), ordering="output_value")
    def output(self, obj):
        return money_text(obj.output_value)

    @admin.display(description=_("营业收入（万元）"), ordering="revenue")
    def revenue_column(self, obj):
        return money_text(obj.revenue)

    @admin.display(description=_("主营业务收入（万元）"), ordering="main_business_revenue")
    def main_business_revenue_column(self, obj):
        return money_text(obj.main_business_revenue)

    @admin.display(description=_("统计期"), ordering="period")
    def period_display(self, obj):
        return period_label(obj.period)

    @admin.display(description=_("县（区）"))
    def county(self, obj):
        return obj.enterprise.county.name

    @admin.display(description=_("来源"))
    def source_display(self, obj):
        return gettext("导入 #%(source)s") % {"source": obj.source_id} if obj.source_id else gettext("手工录入")

    def save_model(self, request, obj, form, change):
        monthly_report_save(report=obj, acting_user=request.user)

    def delete_model(self, request, obj):
        monthly_reports_delete(reports=[obj], acting_user=request.user)

    def delete_queryset(self, request, queryset):
        monthly_reports_delete(reports=queryset, acting_user=request.user)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "watch_lists": WATCH_LISTS.values()}
        return super().changelist_view(request, extra_context)

    def get_importer(self, request):
        return MonthlyImporter(enterprises=firms_in_scope(request.user))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(partial(dashboard_view, model_admin=self)), name="cultivation_monthlyreport_dashboard"),
            path("watch-lists/", view(partial(watch_list_view, model_admin=self)), name="cultivation_monthlyreport_watchlists"),
            path("watch-lists/<slug:slug>/", view(partial(watch_list_view, model_admin=self)), name="cultivation_monthlyreport_watchlist"),
            *super().get_urls(),
        ]
