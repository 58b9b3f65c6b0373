"""The monitoring pages beside the 月度监测数据 list (MonthlyReportAdmin.get_urls wires them): the dashboard and the
watch lists, for staff with view permission, every figure from the selectors; and the monthly importer the
admin's one import page runs (registry/sheets/admin.py)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.sheets.importers import SheetImporter
from registry.scope import enterprise_scope
from registry.workbench import dashboard_panels

from ..models import MonthlyReport
from ..resources.monitoring import MONTHLY_COLUMNS
from .dashboard import dashboard, ladder_progress
from .exports import money_text, table_rows, watch_list_file, with_money_texts
from .forms import ConfirmMonthlyImportForm, MonitoringFilter, MonthlyImportForm
from .importer import import_monthly, period_summary
from .periods import period_label
from .selectors import filter_options, firms_in_scope
from .watchlists import WATCH_LISTS, watch_list_rows

WATCH_LIST_PAGE = 50


class MonthlyImporter(SheetImporter):
    """The fast monthly path (importer.py) on the import page and in `import_monthly`: single months, or 1–N月累计."""

    upload_form_class = MonthlyImportForm
    confirm_form_class = ConfirmMonthlyImportForm
    title = _("导入月度监测数据")
    intro = _("每行一家企业一个月：统一社会信用代码、统计期（如 2024-03）和各项指标（金额单位万元，用电量万千瓦时）。同一企业同一统计期已有数据的，导入时更新。")
    columns = MONTHLY_COLUMNS

    def __init__(self, *, enterprises=None):
        self.enterprises = enterprises  # the firms a row may name: the importing officer's, or every firm

    def run(self, *, content, file_name, user=None, dry_run, preview=False, progress=None, log_user=None, cumulative=False):
        return import_monthly(content=content, file_name=file_name, user=user, cumulative=cumulative, dry_run=dry_run, preview=preview, enterprises=self.enterprises, progress=progress)

    def describe(self, outcome, **options):
        return f"统计期：{period_summary(outcome.periods)}"

    def preview_summary(self, outcome, *, cumulative=False):
        values = {"rows": outcome.rows, "summary": outcome.summary, "periods": period_summary(outcome.periods)}
        if cumulative:
            return gettext("共 %(rows)s 行，全部通过校验。确认后将%(summary)s；统计期：%(periods)s（按1-N月累计数换算为当月数）。") % values
        return gettext("共 %(rows)s 行，全部通过校验。确认后将%(summary)s；统计期：%(periods)s。") % values

    def preview_title(self, outcome, *, cumulative=False):
        if cumulative:
            return gettext("前 %(n)s 行（已换算为当月数）") % {"n": len(outcome.preview)}
        return gettext("前 %(n)s 行（按文件）") % {"n": len(outcome.preview)}

    def success_message(self, outcome):
        return gettext("导入完成：%(summary)s（统计期：%(periods)s），导入记录 #%(record)s。") % {"summary": outcome.summary, "periods": period_summary(outcome.periods), "record": outcome.record.pk}

    def changelist_query(self, outcome):
        return f"?source={outcome.record.pk}"


def monitoring_filters(request, *, lights=()):
    enterprises = firms_in_scope(request.user)
    options = filter_options(enterprises=enterprises)
    filters = MonitoringFilter(request.GET, options=options, lights=lights, enterprises=enterprises)
    period = filters.form.chosen("period") or (options["period"][0] if options["period"] else None)
    return filters.form, filters.firms(), period


def chosen_area(request, form):
    """The filtered firms as a condition on county_id and zone_id (the user's area and the chosen county and zone), which
    the firms and the monthly area totals both have; None when a chain narrows them or the filters are not valid."""
    if (form.is_bound and not form.is_valid()) or form.chosen("chain") is not None:
        return None
    area = enterprise_scope(request.user)
    for name in ("county", "zone"):
        if form.chosen(name) is not None:
            area &= Q(**{f"{name}_id": form.chosen(name).pk})
    return area


def filter_query(request):
    """The filters as a query string, for links between the pages and to the next page."""
    query = request.GET.copy()
    for name in ("p", "export"):
        query.pop(name, None)
    return query.urlencode()


def watch_list_view(request, slug=None, *, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    watch_list = WATCH_LISTS.get(slug or next(iter(WATCH_LISTS)))
    if watch_list is None:
        raise Http404(gettext("没有这个清单"))
    form, enterprises, period = monitoring_filters(request, lights=watch_list.offered_lights())
    rows = watch_list_rows(watch_list, period, enterprises=enterprises, light=form.chosen("light")) if period else MonthlyReport.objects.none()
    export = request.GET.get("export")
    if export in ("xlsx", "csv") and period:
        if not model_admin.has_export_permission(request):
            raise PermissionDenied
        content, content_type, file_name = watch_list_file(watch_list, rows, period, export, filters=form.chosen_filters())
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, file_name)
        return response
    page = Paginator(rows, WATCH_LIST_PAGE).get_page(request.GET.get("p"))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("%(title)s（%(period)s）") % {"title": watch_list.title, "period": period_label(period)} if period else watch_list.title,
        "opts": model_admin.opts,
        "watch_list": watch_list,
        "watch_lists": WATCH_LISTS.values(),
        "form": form,
        "period": period,
        "page": page,
        "columns": watch_list.all_columns(),
        "table": table_rows(page.object_list, watch_list.all_columns()),
        "query": filter_query(request),
        "can_export": model_admin.has_export_permission(request),
    }
    return TemplateResponse(request, "admin/cultivation/monitoring/watch_list.html", context)


def dashboard_view(request, *, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form, enterprises, period = monitoring_filters(request)
    board = dashboard(period, enterprises=enterprises, area=chosen_area(request, form)) if period else None
    tables = [(breakdown, [with_money_texts(row) for row in breakdown.rows]) for breakdown in board.breakdowns] if board else []
    decliners = [(firm, money_text(firm.ytd_output)) for firm in board.decliners] if board else []
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("月度监测看板（%(period)s）") % {"period": period_label(period)} if period else gettext("月度监测看板"),
        "opts": model_admin.opts,
        "form": form,
        "board": board,
        "totals": with_money_texts(board.totals) if board else {},
        "tables": tables,
        "decliners": decliners,
        "progress": ladder_progress(request.user, period.year, county=form.chosen("county"), zone=form.chosen("zone")) if period else [],
        "query": filter_query(request),
        "watch_lists": WATCH_LISTS.values(),
        "panels": panels_shown(request, period, enterprises) if board else [],
    }
    return TemplateResponse(request, "admin/cultivation/monitoring/dashboard.html", context)


def panels_shown(request, period, enterprises):
    """(title, html) of the blocks other apps add to the dashboard (registry/workbench.py), for the same period and firms."""
    return [
        (panel.title, render_to_string(panel.template, panel.context(request, period, enterprises), request=request))
        for panel in dashboard_panels(request)
    ]
