"""The pages beside the problem list (ProblemAdmin.get_urls): the figures by group, the 未走访 list and the officers' workload,
each within the user's firms and each downloadable as xlsx; every number from the selectors."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, gettext_lazy as _, pgettext

from registry import dates
from registry.models import display_name
from registry.sheets.formats import XLSX_CONTENT_TYPE, write_xlsx
from registry.sheets.language import in_sheet_language

from .scope import served_firms
from .selectors import GROUPINGS, RATE_DEFINITION, grouping_title, officer_workload, problem_figures, problem_figures_by, unvisited_firms, visible_problems

FIGURE_HEADERS = (_("已收集"), _("企业撤回"), _("已化解"), _("无法化解"), _("化解率（%）"), _("平均办结天数"), _("未办结"), _("已超期"))


class ReportForm(forms.Form):
    """The query string of the report pages; anything else typed into the URL is ignored."""

    by = forms.ChoiceField(choices=[(name, title) for name, (_keys, _label, title) in GROUPINGS.items()], required=False)
    export = forms.ChoiceField(choices=[("xlsx", "xlsx")], required=False)

    def value(self, name, default=""):
        if not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default


def figure_cells(figures):
    return [figures.collected, figures.withdrawn, figures.resolved, figures.unresolvable, figures.rate, figures.average_days, figures.open, figures.overdue]


def xlsx_response(headers, rows, file_name):
    content = write_xlsx([str(header) for header in headers], rows, title=file_name)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{file_name}_{dates.today():%Y%m%d}.xlsx")
    return response


def listed(names):
    """Names in one cell: joined the way the language writes a list (files are written in Chinese)."""
    return pgettext("list separator", "、").join(names)


def render_report(request, model_admin, *, title, headers, rows, file_name, form, extra=None):
    """`rows`: a callable, so a file's rows are made in the files' language."""
    if form.value("export") == "xlsx":
        if not model_admin.has_export_permission(request):
            raise PermissionDenied
        with in_sheet_language():
            return xlsx_response(headers, rows(), file_name)
    rows = rows()
    changelist = reverse("admin:assistance_problem_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.opts,
        "headers": headers,
        "rows": rows,
        "can_export": model_admin.has_export_permission(request),
        "export_query": f"?by={form.value('by', 'county')}&export=xlsx" if "by" in (extra or {}) else "?export=xlsx",
        "pages": [
            (gettext("办理情况统计"), reverse("admin:assistance_problem_figures")),
            (gettext("超期问题"), f"{changelist}?overdue=yes"),
            (gettext("未走访企业"), reverse("admin:assistance_problem_unvisited")),
            (gettext("专员工作量"), reverse("admin:assistance_problem_workload")),
        ],
        **(extra or {}),
    }
    return TemplateResponse(request, "admin/assistance/report.html", context)


def figures_view(request, *, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = ReportForm(request.GET)
    by = form.value("by", "county")
    problems = visible_problems(request.user)

    def rows():
        return [[name, *figure_cells(figures)] for name, figures in problem_figures_by(problems, by)]

    headline = problem_figures(problems)
    extra = {"by": by, "groupings": [(name, title) for name, (_keys, _label, title) in GROUPINGS.items()], "headline": headline, "rate_definition": RATE_DEFINITION}
    return render_report(request, model_admin, title=gettext("问题诉求办理情况（按%(grouping)s）") % {"grouping": grouping_title(by)}, headers=(grouping_title(by), *FIGURE_HEADERS), rows=rows, file_name=f"问题办理情况_{by}", form=form, extra=extra)


def unvisited_view(request, *, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied

    def rows():
        return [
            [row.enterprise.name, row.enterprise.uscc, row.enterprise.county.name, row.enterprise.zone.name if row.enterprise.zone else "", listed(row.tiers), row.months, display_name(row.enterprise.service_officer), row.last_served_on]
            for row in unvisited_firms(served_firms(request.user))
        ]

    headers = (_("企业名称"), _("统一社会信用代码"), _("县（区）"), _("功能区"), _("培育层级"), _("走访间隔（月）"), _("助企专员"), _("最近服务日期"))
    intro = gettext("培育库在库企业（培育中、已申报、已认定）在其层级的走访间隔内没有服务记录。间隔按层级设置，默认6个月。")
    return render_report(request, model_admin, title=gettext("未走访企业"), headers=headers, rows=rows, file_name="未走访企业", form=ReportForm(request.GET), extra={"intro": intro})


def officer_level_and_unit(user):
    profile = getattr(user, "staff_profile", None)  # RelatedObjectDoesNotExist is an AttributeError
    return (profile.get_level_display(), profile.unit) if profile else ("", "")


def workload_view(request, *, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied

    def rows():
        return [[display_name(row.officer), *officer_level_and_unit(row.officer), row.lead_firms, row.service_records, row.open_problems, row.overdue_problems, row.resolved_problems] for row in officer_workload(request.user)]

    headers = (_("专员"), _("专员层级"), _("所在单位"), _("牵头服务企业"), _("近12个月服务记录"), _("未办结问题"), _("超期问题"), _("已化解问题"))
    return render_report(request, model_admin, title=gettext("助企专员工作量"), headers=headers, rows=rows, file_name="专员工作量", form=ReportForm(request.GET))
