"""月度监测数据 in the admin: the changelist, the fast import (preview, then confirm), the watch lists and the dashboard."""

import hashlib

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cultivation.models import MonthlyReport
from cultivation.monitoring.dashboard import dashboard
from cultivation.monitoring.exports import money_text, table_rows, watch_list_file, with_money_texts
from cultivation.monitoring.forms import ConfirmMonthlyImportForm, MonitoringFilter, MonthlyImportForm
from cultivation.monitoring.importer import import_monthly
from cultivation.monitoring.periods import period_label
from cultivation.monitoring.selectors import firms_in_scope, period_choices
from cultivation.monitoring.services import monthly_report_save, monthly_reports_delete
from cultivation.monitoring.watchlists import WATCH_LISTS, watch_list_rows
from cultivation.resources.monitoring import MonthlyReportResource
from registry.filters import CountyListFilter, ZoneListFilter
from registry.scope import ScopedAdminMixin, visible_enterprises
from registry.sheets.admin import SheetImportExportMixin
from registry.sheets.formats import XLSX_CONTENT_TYPE, write_xlsx

from .filters import ChainListFilter, PeriodListFilter, SourceListFilter

WATCH_LIST_PAGE = 50
ERRORS_SHOWN = 1000  # on the page; the full list is a download


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ScopedAdminMixin, SheetImportExportMixin, SimpleHistoryAdmin):
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

    # The import: the same service as `import_monthly`, previewed first, the upload kept in default storage.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(self.dashboard_view), name="cultivation_monthlyreport_dashboard"),
            path("watch-lists/", view(self.watch_list_view), name="cultivation_monthlyreport_watchlists"),
            path("watch-lists/<slug:slug>/", view(self.watch_list_view), name="cultivation_monthlyreport_watchlist"),
            path("import/<str:file_name>/errors/", view(self.import_errors_view), name="cultivation_monthlyreport_import_errors"),
            *super().get_urls(),
        ]

    def stored_upload(self, name):
        return self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs())

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = MonthlyImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            content = upload.read()
            cumulative = form.cleaned_data["cumulative"]
            outcome = import_monthly(content=content, file_name=upload.name, user=request.user, cumulative=cumulative, dry_run=True, enterprises=firms_in_scope(request.user))
            stored = self.stored_upload(None)
            if not outcome.file_errors:
                stored.save(content)  # kept for the confirm step, or for the full error list
            confirm = ConfirmMonthlyImportForm(initial={"import_file_name": stored.name, "original_file_name": upload.name, "checksum": outcome.checksum, "cumulative": cumulative})
            return self.render_import(request, form, outcome=outcome, confirm=confirm)
        return self.render_import(request, form)

    def confirmed_upload(self, request, data):
        """The stored file the preview showed, or None when the confirm data are not valid."""
        form = ConfirmMonthlyImportForm(data)
        if not form.is_valid():
            return None, None
        try:
            content = self.stored_upload(form.cleaned_data["import_file_name"]).read()
        except FileNotFoundError:
            return form, None
        # The file must be the one previewed: the checksum travels with the confirm form.
        if hashlib.sha256(content).hexdigest() != form.cleaned_data["checksum"]:
            return None, None
        return form, content

    def process_import(self, request, **kwargs):
        if request.method != "POST" or not self.has_import_permission(request):
            raise PermissionDenied
        form, content = self.confirmed_upload(request, request.POST)
        if content is None:
            messages.error(request, gettext("找不到预览时上传的文件（可能已经导入或确认信息无效），请重新上传。"))
            return HttpResponseRedirect(reverse("admin:cultivation_monthlyreport_import"))
        outcome = import_monthly(content=content, file_name=form.cleaned_data["original_file_name"], user=request.user, cumulative=form.cleaned_data["cumulative"], enterprises=firms_in_scope(request.user))
        if not outcome.ok:
            # The registry changed between preview and confirm: nothing was written; show why.
            return self.render_import(request, MonthlyImportForm(), outcome=outcome, confirm=form)
        self.stored_upload(form.cleaned_data["import_file_name"]).remove()
        messages.success(request, gettext("导入完成：%(summary)s（统计期：%(periods)s），导入记录 #%(record)s。") % {"summary": outcome.summary, "periods": outcome.period_summary, "record": outcome.record.pk})
        for warning in outcome.warnings:
            messages.warning(request, warning)
        return HttpResponseRedirect(reverse("admin:cultivation_monthlyreport_changelist") + f"?source={outcome.record.pk}")

    def import_errors_view(self, request, file_name):
        """Every error of a previewed file, as an xlsx (the page shows the first ERRORS_SHOWN)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form, content = self.confirmed_upload(request, {**request.GET.dict(), "import_file_name": file_name})
        if content is None:
            raise Http404(gettext("找不到该文件，请重新上传"))
        outcome = import_monthly(content=content, file_name=form.cleaned_data["original_file_name"], cumulative=form.cleaned_data["cumulative"], dry_run=True, enterprises=firms_in_scope(request.user))
        rows = [(None, "", message) for message in outcome.file_errors] + [(error.row, error.column, error.message) for error in outcome.errors]
        response = HttpResponse(write_xlsx(("行号", "列", "错误原因"), rows, title="错误清单"), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"错误清单_{form.cleaned_data['original_file_name']}.xlsx")
        return response

    def errors_url(self, confirm):
        stored = confirm.initial.get("import_file_name") if confirm is not None else None
        if not stored:
            return None
        query = urlencode({name: confirm.initial[name] for name in ("original_file_name", "checksum", "cumulative")})
        return reverse("admin:cultivation_monthlyreport_import_errors", args=[stored]) + "?" + query

    def render_import(self, request, form, *, outcome=None, confirm=None):
        firms = {}
        if outcome is not None and outcome.sample:
            firms = dict(visible_enterprises(request.user).filter(pk__in=[entry.firm_id for entry, _ in outcome.sample]).values_list("pk", "name"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("导入月度监测数据"),
            "opts": self.model._meta,
            "form": form,
            "outcome": outcome,
            "confirm": confirm,
            "sample": [(entry, updating, firms.get(entry.firm_id, "")) for entry, updating in (outcome.sample if outcome else [])],
            "figure_labels": [str(MonthlyReport._meta.get_field(name).verbose_name) for name in (outcome.fields if outcome else [])],
            "errors_shown": outcome.errors[:ERRORS_SHOWN] if outcome else [],
            "errors_hidden": max(len(outcome.errors) - ERRORS_SHOWN, 0) if outcome else 0,
            "errors_url": self.errors_url(confirm) if outcome and outcome.errors else None,
        }
        return TemplateResponse(request, "admin/cultivation/monitoring/import.html", context)

    # Watch lists and dashboard: staff with view permission, every figure from the selectors.

    def monitoring_filters(self, request, *, lights=False):
        enterprises = firms_in_scope(request.user)
        periods = period_choices(enterprises=enterprises)
        filters = MonitoringFilter(request.GET, periods=periods, lights=lights, enterprises=enterprises)
        period = filters.form.chosen("period") or (periods[0] if periods else None)
        return filters.form, filters.firms(), period

    def filter_query(self, request):
        """The filters as a query string, for links between the pages and to the next page."""
        query = request.GET.copy()
        for name in ("p", "export"):
            query.pop(name, None)
        return query.urlencode()

    def watch_list_view(self, request, slug=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        watch_list = WATCH_LISTS.get(slug or next(iter(WATCH_LISTS)))
        if watch_list is None:
            raise Http404(gettext("没有这个清单"))
        form, enterprises, period = self.monitoring_filters(request, lights=watch_list.lights)
        rows = watch_list_rows(watch_list, period, enterprises=enterprises, light=form.chosen("light")) if period else MonthlyReport.objects.none()
        export = request.GET.get("export")
        if export in ("xlsx", "csv") and period:
            if not self.has_export_permission(request):
                raise PermissionDenied
            content, content_type, file_name = watch_list_file(watch_list, rows, period, export)
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = content_disposition_header(True, file_name)
            return response
        page = Paginator(rows, WATCH_LIST_PAGE).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("%(title)s（%(period)s）") % {"title": watch_list.title, "period": period_label(period)} if period else watch_list.title,
            "opts": self.model._meta,
            "watch_list": watch_list,
            "watch_lists": WATCH_LISTS.values(),
            "form": form,
            "period": period,
            "page": page,
            "table": table_rows(page.object_list, watch_list.columns),
            "query": self.filter_query(request),
            "can_export": self.has_export_permission(request),
        }
        return TemplateResponse(request, "admin/cultivation/monitoring/watch_list.html", context)

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form, enterprises, period = self.monitoring_filters(request)
        board = dashboard(period, enterprises=enterprises) if period else None
        tables = [(breakdown, [with_money_texts(row) for row in breakdown.rows]) for breakdown in board.breakdowns] if board else []
        decliners = [(firm, money_text(firm.ytd_output)) for firm in board.decliners] if board else []
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("月度监测看板（%(period)s）") % {"period": period_label(period)} if period else gettext("月度监测看板"),
            "opts": self.model._meta,
            "form": form,
            "board": board,
            "totals": with_money_texts(board.totals) if board else {},
            "tables": tables,
            "decliners": decliners,
            "query": self.filter_query(request),
            "watch_lists": WATCH_LISTS.values(),
        }
        return TemplateResponse(request, "admin/cultivation/monitoring/dashboard.html", context)

