"""The bureau's three project lists (竣工投产, 技术改造, 亿元以上重点项目) as admin screens over the projects, each with its
filters (area, chain, kind, light) and an xlsx export of exactly the rows the screen shows."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import label_for_field, lookup_field
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, gettext_lazy as _

from cultivation.monitoring.exports import LIGHT_LABELS
from registry import dates
from registry.scope import ScopedAdminMixin
from registry.sheets.formats import XLSX_CONTENT_TYPE, write_xlsx
from registry.sheets.language import in_sheet_language

from ..models import CompletionList, MajorProjectList, RenovationList
from ..selectors import project_lights, this_years_plan
from .filters import PlannedYearListFilter
from .project import AREA_AND_KIND_FILTERS, ProjectColumns

# What a file holds for a column the page shows as formatted text or HTML: the plain value.
FILE_VALUES = {
    "firm_link": lambda project: project.enterprise.name,
    "project_link": lambda project: project.name,
    "total_investment_text": lambda project: project.total_investment,
    "plan_text": this_years_plan,
    "ytd_text": lambda project: project.ytd_investment,
    "cumulative_text": lambda project: project.cumulative_investment,
    "light": lambda project: light_text(project_lights(project)[2]),
}


def light_text(lit):
    """"红灯：计划竣工日期 … 已过": the file keeps the light's Chinese name and its reasons."""
    return f"{LIGHT_LABELS[lit.light]}：{lit.text}" if lit.light else ""


class ProjectListAdmin(ProjectColumns, ScopedAdminMixin, admin.ModelAdmin):
    """A read-only list of projects; the project itself is changed on its own page (the name links there)."""

    list_display_links = None
    search_fields = ("code", "name", "enterprise__name")
    list_per_page = 100
    change_list_template = "admin/projects/project_list.html"
    file_title = ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request):
        return request.user.has_perm("projects.export_project")

    @admin.display(description=_("项目名称"), ordering="name")
    def project_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:projects_project_change", args=[obj.pk]), obj.name)

    def get_urls(self):
        info = (self.opts.app_label, self.opts.model_name)
        return [path("export/", self.admin_site.admin_view(self.export_view), name="%s_%s_export" % info), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        # The list's own name as its title, rather than Django's "select … to view".
        extra_context = {"title": self.opts.verbose_name_plural, **(extra_context or {}), "can_export": self.has_export_permission(request)}
        return super().changelist_view(request, extra_context)

    def export_view(self, request):
        """导出 xlsx: the rows the list shows with the same filters, search and order, every page."""
        if not self.has_view_permission(request) or not self.has_export_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(request, gettext("筛选条件无效，请在列表中重新筛选后再导出。"))
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        names = [name for name in self.get_list_display(request) if name != "action_checkbox"]
        with in_sheet_language():
            headers = [str(label_for_field(name, self.model, self)) for name in names]
            title = str(self.file_title or self.opts.verbose_name_plural)
            rows = [[self.file_value(name, project) for name in names] for project in changelist.get_queryset(request)]
        response = HttpResponse(write_xlsx(headers, rows, title=title), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"{title}_{dates.today():%Y%m%d}.xlsx")
        return response

    def file_value(self, name, project):
        if name in FILE_VALUES:
            return FILE_VALUES[name](project)
        field, _attr, value = lookup_field(name, project, self)
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return str(value) if isinstance(value, Model) else value


@admin.register(CompletionList)
class CompletionListAdmin(ProjectListAdmin):
    """竣工投产: this year's (or the chosen year's) planned completions and production starts, planned against actual."""

    list_display = ("code", "project_link", "firm_link", "county", "kind", "status", "planned_completion", "actual_completion", "planned_production", "actual_production", "light")
    list_filter = (PlannedYearListFilter, *AREA_AND_KIND_FILTERS)
    ordering = ("planned_completion", "code")


@admin.register(RenovationList)
class RenovationListAdmin(ProjectListAdmin):
    """技术改造: renovation projects (the proxy's manager holds only them), with this year's investment against this year's plan."""

    list_display = ("code", "project_link", "firm_link", "county", "renovation_kind", "status", "total_investment_text", "plan_text", "ytd_text", "light")
    list_filter = AREA_AND_KIND_FILTERS
    ordering = ("enterprise__county__name", "code")


@admin.register(MajorProjectList)
class MajorProjectListAdmin(ProjectListAdmin):
    """亿元以上重点项目: total investment of 1亿元 (10,000 万元) or more (the proxy's manager holds only them)."""

    list_display = ("code", "project_link", "firm_link", "county", "kind", "status", "total_investment_text", "cumulative_text", "plan_text", "ytd_text", "manager", "task_force", "light")
    list_filter = (*AREA_AND_KIND_FILTERS, "status")
    list_select_related = (*ProjectColumns.list_select_related, "manager")
    ordering = ("-total_investment", "code")
