"""工业项目 in the admin: the list with its lights, the form, the status-change action and the kinds kept as data."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cultivation.admin.filters import ChainListFilter
from cultivation.monitoring.exports import money_text
from registry.admin_actions import confirm_and_run
from registry.colleagues import ColleaguePickerMixin
from registry.filters import CountyListFilter, ZoneListFilter
from registry.scope import ScopedAdminMixin
from registry.sheets.admin import SheetImportExportMixin

from .. import services
from ..forms import StatusChangeForm
from ..models import Project, ProjectKind, RenovationKind
from ..resources import ProjectResource
from ..selectors import project_lights, this_years_plan, with_investment
from .filters import MajorProjectListFilter, ProjectLightListFilter

AREA_AND_KIND_FILTERS = (CountyListFilter.on("enterprise"), ZoneListFilter.on("enterprise"), ChainListFilter, "kind", "renovation_kind", ProjectLightListFilter)


def light_html(lit):
    return render_to_string("admin/projects/_light.html", {"lit": lit})


class ProjectColumns:
    """The columns every project screen shows, from the annotations with_investment adds; no query per row."""

    list_select_related = ("enterprise", "enterprise__county", "kind", "renovation_kind")

    def get_queryset(self, request):
        # Summing the progress drops the model's ordering: the autocomplete pages need one.
        return with_investment(super().get_queryset(request)).order_by(*Project._meta.ordering)

    @admin.display(description=_("企业"), ordering="enterprise__name")
    def firm_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:registry_enterprise_change", args=[obj.enterprise_id]), obj.enterprise.name)

    @admin.display(description=_("县（区）"), ordering="enterprise__county__name")
    def county(self, obj):
        return obj.enterprise.county.name

    @admin.display(description=_("总投资（万元）"), ordering="total_investment")
    def total_investment_text(self, obj):
        return money_text(obj.total_investment)

    @admin.display(description=_("本年计划投资（万元）"))
    def plan_text(self, obj):
        return money_text(this_years_plan(obj))

    @admin.display(description=_("本年完成投资（万元）"), ordering="ytd_investment")
    def ytd_text(self, obj):
        return money_text(obj.ytd_investment)

    @admin.display(description=_("累计完成投资（万元）"), ordering="cumulative_investment")
    def cumulative_text(self, obj):
        return money_text(obj.cumulative_investment)

    @admin.display(description=_("亿元以上"), boolean=True, ordering="total_investment")
    def major(self, obj):
        return obj.is_major_project

    @admin.display(description=_("亮灯"))
    def light(self, obj):
        return light_html(project_lights(obj)[2])


@admin.action(description=_("变更项目状态"), permissions=["change"])
def change_status(modeladmin, request, queryset):
    return confirm_and_run(
        modeladmin, request, queryset, StatusChangeForm,
        lambda project, data, user: services.project_change_status(project=project, to_status=data["to_status"], acting_user=user, on=data["on"], note=data["note"]),
    )


@admin.register(Project)
class ProjectAdmin(ProjectColumns, ColleaguePickerMixin, ScopedAdminMixin, SheetImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [ProjectResource]
    list_display = ("code", "name", "firm_link", "county", "kind", "status", "total_investment_text", "major", "ytd_text", "light")
    list_display_links = ("code", "name")
    list_filter = (*AREA_AND_KIND_FILTERS, "status", MajorProjectListFilter)
    search_fields = ("code", "name", "enterprise__name", "enterprise__uscc")
    autocomplete_fields = ("enterprise", "manager")
    actions = (change_status,)
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("code", "name", "enterprise", ("kind", "renovation_kind"), "status")}),
        (_("投资"), {"fields": (("total_investment", "equipment_investment"), ("plan_year", "plan_investment"), "expected_output")}),
        (_("计划与实际日期"), {"fields": (("planned_start", "actual_start"), ("planned_completion", "actual_completion"), ("planned_production", "actual_production"))}),
        (_("责任"), {"fields": (("manager", "task_force"), "notes")}),
        (_("亮灯与状态变更"), {"fields": ("lights", "events")}),
    )

    def get_readonly_fields(self, request, obj=None):
        # The status moves through the 变更项目状态 action, which records why.
        return ("lights", "events", "status") if obj is not None else ("lights", "events")

    @admin.display(description=_("进度亮灯与投资亮灯"))
    def lights(self, obj):
        if obj.pk is None:
            return gettext("保存后显示")
        schedule, investment, _overall = project_lights(obj)  # obj comes through get_queryset, with its figures
        return format_html("{}<br>{}", light_html(schedule), light_html(investment))

    @admin.display(description=_("状态变更记录"))
    def events(self, obj):
        if obj.pk is None:
            return gettext("保存后显示")
        return render_to_string("admin/projects/events.html", {"events": obj.events.select_related("actor")})

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in form.cleaned_data if name != "status"}
        if change:
            services.project_update(project=obj, acting_user=request.user, **values)
        else:
            saved = services.project_create(acting_user=request.user, status=form.cleaned_data.get("status") or Project._meta.get_field("status").default, **values)
            obj.pk = saved.pk


@admin.register(ProjectKind)
class ProjectKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_renovation", "sort_order")
    list_editable = ("sort_order",)
    search_fields = ("code", "name")


@admin.register(RenovationKind)
class RenovationKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order")
    list_editable = ("sort_order",)
    search_fields = ("code", "name")
