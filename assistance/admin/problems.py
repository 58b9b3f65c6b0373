"""问题诉求: the list with its filters, the step actions (each a service call), the event trail, and the figures pages beside it."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy as _

from registry import dates
from registry.admin_actions import confirm_and_run
from registry.fields import BusinessDateField
from registry.filters import CheckedListFilter, CountyListFilter, ZoneListFilter
from registry.models import display_name
from registry.sheets.admin import SheetImportExportMixin

from .. import services
from ..forms import AssignForm, GiveUpForm, ProblemAddForm, ProblemChangeForm, ReopenForm, ResolveForm, StartForm, WithdrawForm
from ..models import OPEN_PROBLEM_STATUSES, Problem, ProblemEvent
from ..resources import ProblemResource
from ..views import figures_view, unvisited_view, workload_view
from .base import AssistanceScopedMixin, start_inline_log


class OverdueListFilter(CheckedListFilter):
    title = _("办理时限")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", gettext("已超期")), ("open", gettext("未办结"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status__in=OPEN_PROBLEM_STATUSES, due_on__lt=dates.today())
        if self.value() == "open":
            return queryset.filter(status__in=OPEN_PROBLEM_STATUSES)
        return queryset


class ProblemEventInline(admin.TabularInline):
    model = ProblemEvent
    extra = 0
    can_delete = False
    fields = ("recorded_at", "from_status", "to_status", "actor_name", "note")
    readonly_fields = fields
    verbose_name_plural = _("办理记录")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("操作人"))
    def actor_name(self, obj):
        return display_name(obj.actor)


def run_step(modeladmin, request, queryset, form_class, step):
    problems = queryset.select_related("enterprise", "category")
    describe = lambda problem: f"{problem.enterprise.name} · {problem.category.name} · {problem.description[:30]} · {problem.get_status_display()}"  # noqa: E731
    return confirm_and_run(modeladmin, request, problems, form_class, step, describe=describe, form_kwargs={"user": request.user})


@admin.register(Problem)
class ProblemAdmin(AssistanceScopedMixin, SheetImportExportMixin, admin.ModelAdmin):
    resource_classes = [ProblemResource]
    list_display = ("raised_on", "enterprise", "county", "category", "summary", "unit", "officer_name", "due_on_display", "status")
    list_display_links = ("raised_on", "enterprise")
    list_select_related = ("enterprise__county", "category", "unit", "officer")
    list_filter = ("status", OverdueListFilter, "category", "unit", CountyListFilter.on("enterprise"), ZoneListFilter.on("enterprise"))
    search_fields = ("enterprise__name", "enterprise__uscc", "description", "resolution")
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "raised_on"
    inlines = [ProblemEventInline]
    actions = ("assign", "start", "resolve", "give_up", "withdraw", "reopen")
    formfield_overrides = {models.DateField: {"form_class": BusinessDateField, "widget": AdminDateWidget}}
    import_export_change_list_template = "admin/assistance/problem/change_list.html"
    list_per_page = 50

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("figures/", view(lambda request: figures_view(request, model_admin=self)), name="assistance_problem_figures"),
            path("unvisited/", view(lambda request: unvisited_view(request, model_admin=self)), name="assistance_problem_unvisited"),
            path("workload/", view(lambda request: workload_view(request, model_admin=self)), name="assistance_problem_workload"),
            *super().get_urls(),
        ]

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def has_import_permission(self, request):
        return False  # problems come with a visit, on its page or in its sheet

    def has_delete_permission(self, request, obj=None):
        return False  # a problem ends by a step (撤回, 办结) and keeps its trail

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = ProblemChangeForm if obj else ProblemAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return (*ProblemAddForm._meta.fields, "confirm_past_due")
        return ("enterprise", "service_record", "raised_on", "way", "status", "next_steps", "unit", *services.EDITABLE_FIELDS, "confirm_past_due", "resolution", "resolved_on", "closing_reason")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("enterprise", "service_record", "raised_on", "way", "status", "next_steps", "unit", "resolution", "resolved_on", "closing_reason")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.problem_update(problem=obj, acting_user=request.user, confirm_past_due=data.get("confirm_past_due", False), **form.changes())
            return
        saved = services.problem_collect(
            enterprise=data["enterprise"], raised_on=data["raised_on"], way=data["way"], category=data["category"], description=data["description"],
            officer=data.get("officer"), due_on=data.get("due_on"), confirm_past_due=data.get("confirm_past_due", False), acting_user=request.user,
        )
        obj.pk, obj._state.adding = saved.pk, False

    def save_related(self, request, form, formsets, change):
        start_inline_log(formsets)  # the event trail is read-only and the service wrote the problem whole

    @admin.display(description=_("可办理的步骤"))
    def next_steps(self, obj):
        steps = [str(getattr(self, step).short_description) for step in services.allowed_steps(obj)]
        if not steps:
            return gettext("已办结，无后续步骤")
        return gettext("%(steps)s（在问题诉求列表中勾选本条，选择相应操作）") % {"steps": "、".join(steps)}

    @admin.display(description=_("县（区）"), ordering="enterprise__county")
    def county(self, obj):
        return obj.enterprise.county.name

    @admin.display(description=_("问题描述"))
    def summary(self, obj):
        return obj.description if len(obj.description) <= 30 else obj.description[:30] + "…"

    @admin.display(description=_("责任人"), ordering="officer__last_name")
    def officer_name(self, obj):
        return display_name(obj.officer)

    @admin.display(description=_("办结时限"), ordering="due_on")
    def due_on_display(self, obj):
        if obj.due_on is None:
            return "—"
        if obj.is_open and obj.due_on < dates.today():
            return format_html('<span class="assistance-overdue" style="color:#b91c1c;font-weight:bold" title="{}">{}</span>', gettext("已超期"), obj.due_on)
        return obj.due_on

    @admin.action(description=_("交办"), permissions=["change"])
    def assign(self, request, queryset):
        return run_step(self, request, queryset, AssignForm, lambda problem, data, user: services.problem_assign(
            problem=problem, unit=data["unit"], officer=data["officer"], due_on=data["due_on"], confirm_past_due=data["confirm_past_due"], note=data["note"], acting_user=user))

    @admin.action(description=_("开始办理"), permissions=["change"])
    def start(self, request, queryset):
        return run_step(self, request, queryset, StartForm, lambda problem, data, user: services.problem_start(problem=problem, note=data["note"], acting_user=user))

    @admin.action(description=_("办结（已化解）"), permissions=["change"])
    def resolve(self, request, queryset):
        return run_step(self, request, queryset, ResolveForm, lambda problem, data, user: services.problem_resolve(
            problem=problem, resolution=data["resolution"], resolved_on=data["resolved_on"], satisfaction=data["satisfaction"], acting_user=user))

    @admin.action(description=_("办结（无法化解）"), permissions=["change"])
    def give_up(self, request, queryset):
        return run_step(self, request, queryset, GiveUpForm, lambda problem, data, user: services.problem_give_up(
            problem=problem, reason=data["reason"], resolution=data["resolution"], resolved_on=data["resolved_on"], acting_user=user))

    @admin.action(description=_("企业撤回"), permissions=["change"])
    def withdraw(self, request, queryset):
        return run_step(self, request, queryset, WithdrawForm, lambda problem, data, user: services.problem_withdraw(problem=problem, reason=data["reason"], acting_user=user))

    @admin.action(description=_("重新办理（已化解的问题）"), permissions=["change"])
    def reopen(self, request, queryset):
        return run_step(self, request, queryset, ReopenForm, lambda problem, data, user: services.problem_reopen(problem=problem, reason=data["reason"], acting_user=user))
