"""The target progress page beside the 目标任务 list (TargetAdmin.get_urls wires it), and its xlsx export."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

from cultivation.models import Target
from registry import dates
from registry.scope import area_name, user_is_scoped
from registry.sheets.formats import XLSX_CONTENT_TYPE, write_xlsx
from registry.sheets.language import in_sheet_language

from .forms import ProgressFilterForm
from .progress import target_progress, target_sum_mismatches


def progress_title(year, areas):
    """The page's and the file's title: the year and the areas shown, so a printout or a file says what it holds."""
    return gettext("“5428”梯度培育目标进度（%(year)s年，%(areas)s）") % {"year": year, "areas": gettext("、").join(areas)}


def progress_file(rows, title):
    """(content, file name) of the progress table, titled on its first line; call it in the sheet language."""
    headers = ["培育层级", "范围", "目标", "完成", "完成率（%）", "时间进度（%）", "进度落后"]
    data = [
        [row.tier.name, row.scope, row.target if row.target is not None else "本级未设目标", row.achieved, row.percent, round(row.year_share, 1), "是" if row.behind else ""]
        for row in rows
    ]
    return write_xlsx(headers, data, title="目标进度", caption=title), f"{title}.xlsx"


def progress_table(user, year, county, zone, behind=False):
    """(rows, title): the rows the user may see (only those behind the year, on request) and a title naming the year and the areas."""
    rows = target_progress(user, year, county=county, zone=zone)
    if behind:
        rows = [row for row in rows if row.behind]
    areas = [area_name(user)] if user_is_scoped(user) else [str(area) for area in (county, zone) if area] or [gettext("全市")]
    return rows, progress_title(year, areas)


def target_progress_view(request, *, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    this_year = dates.today().year
    years = sorted({*Target.objects.values_list("year", flat=True), this_year}, reverse=True)
    scoped = user_is_scoped(request.user)
    form = ProgressFilterForm(request.GET or None, areas=not scoped, initial={"year": this_year})
    year = form.chosen("year") or this_year
    county, zone, behind = form.chosen("county"), form.chosen("zone"), bool(form.chosen("behind"))
    if request.GET.get("export") == "xlsx":
        with in_sheet_language():  # files are in Chinese whatever the page language
            content, file_name = progress_file(*progress_table(request.user, year, county, zone, behind))
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, file_name)
        return response
    rows, title = progress_table(request.user, year, county, zone, behind)
    query = request.GET.copy()
    query["export"] = "xlsx"
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.opts,
        "form": form,
        "rows": rows,
        "year": year,
        "years": years,
        "mismatches": [] if scoped else target_sum_mismatches(year),
        "export_query": query.urlencode(),
    }
    return TemplateResponse(request, "admin/cultivation/ladder/progress.html", context)
