"""项目月度进度 in the admin: the list with 1–N月累计 beside each month, hand edits through the services, the import and export."""

from django.contrib import admin
from django.utils.translation import gettext, gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cultivation.admin.filters import SourceListFilter
from cultivation.monitoring.exports import money_text
from cultivation.monitoring.periods import period_label
from registry.filters import CountyListFilter, ZoneListFilter
from registry.scope import ScopedAdminMixin
from registry.sheets.admin import SheetImportExportMixin

from .. import services
from ..models import ProjectProgress
from ..resources import ProjectProgressResource
from ..selectors import progress_with_year_to_date, projects_in_scope
from ..views import ProgressImporter
from .filters import ProgressPeriodListFilter

FIRM = "project__enterprise"


@admin.register(ProjectProgress)
class ProjectProgressAdmin(ScopedAdminMixin, SheetImportExportMixin, SimpleHistoryAdmin):
    scope_prefix = f"{FIRM}__"
    resource_classes = [ProjectProgressResource]
    list_display = ("project_name", "firm_name", "period_display", "investment_text", "year_to_date_text", "note", "source_display")
    list_select_related = ("project", FIRM)
    list_filter = (ProgressPeriodListFilter, CountyListFilter.on(FIRM), ZoneListFilter.on(FIRM), SourceListFilter)
    search_fields = ("project__code", "project__name", f"{FIRM}__name")
    autocomplete_fields = ("project",)
    readonly_fields = ("source", "created_at", "updated_at")
    ordering = ("-period", "project_id")
    list_per_page = 50
    fields = ("project", "period", "investment", "note", "source", "created_at", "updated_at")

    def get_queryset(self, request):
        return progress_with_year_to_date(super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "project" and field is not None:
            field.queryset = projects_in_scope(request.user, field.queryset)
        return field

    @admin.display(description=_("项目"), ordering="project__name")
    def project_name(self, obj):
        return obj.project.name

    @admin.display(description=_("企业"), ordering=f"{FIRM}__name")
    def firm_name(self, obj):
        return obj.project.enterprise.name

    @admin.display(description=_("统计期"), ordering="period")
    def period_display(self, obj):
        return period_label(obj.period)

    @admin.display(description=_("当月完成投资（万元）"), ordering="investment")
    def investment_text(self, obj):
        return money_text(obj.investment)

    @admin.display(description=_("1-N月累计（万元）"))
    def year_to_date_text(self, obj):
        return money_text(obj.year_to_date)

    @admin.display(description=_("来源"))
    def source_display(self, obj):
        return gettext("导入 #%(source)s") % {"source": obj.source_id} if obj.source_id else gettext("手工录入")

    def save_model(self, request, obj, form, change):
        services.progress_save(progress=obj, acting_user=request.user)

    def delete_model(self, request, obj):
        services.progress_delete(progress=[obj], acting_user=request.user)

    def delete_queryset(self, request, queryset):
        services.progress_delete(progress=queryset, acting_user=request.user)

    def get_importer(self, request):
        return ProgressImporter(projects=projects_in_scope(request.user))
