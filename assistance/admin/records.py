"""服务记录: a contact with a firm and the problems raised in it, entered on one page or imported from the officers' sheet."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registry.fields import BusinessDateField
from registry.filters import CountyListFilter, ZoneListFilter
from registry.models import display_name
from registry.sheets.admin import SheetImportExportMixin

from .. import services
from ..forms import RaisedProblemForm, RaisedProblemFormSet, ServiceRecordForm
from ..models import Problem, ServiceRecord
from ..resources import ServiceRecordResource
from .base import AssistanceScopedMixin, start_inline_log


class RaisedProblemInline(admin.TabularInline):
    """The problems raised during the visit: new rows are collected through the service; saved ones change on their own page."""

    model = Problem
    fk_name = "service_record"
    form = RaisedProblemForm
    formset = RaisedProblemFormSet
    extra = 2
    can_delete = False
    verbose_name = _("本次提出的问题")
    verbose_name_plural = _("本次提出的问题")
    formfield_overrides = {models.DateField: {"form_class": BusinessDateField, "widget": AdminDateWidget}}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"acting_user": request.user})

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category")

    def has_change_permission(self, request, obj=None):
        return False  # a saved problem is worked on its own page (status steps, events)

    def get_readonly_fields(self, request, obj=None):
        return ()


@admin.register(ServiceRecord)
class ServiceRecordAdmin(AssistanceScopedMixin, SheetImportExportMixin, admin.ModelAdmin):
    form = ServiceRecordForm
    resource_classes = [ServiceRecordResource]
    inlines = [RaisedProblemInline]
    list_display = ("served_on", "enterprise", "county", "way", "officer_names", "problem_count")
    list_display_links = ("served_on", "enterprise")
    list_select_related = ("enterprise__county", "way")
    list_filter = (CountyListFilter.on("enterprise"), ZoneListFilter.on("enterprise"), "way")
    search_fields = ("enterprise__name", "enterprise__uscc", "discussed")
    autocomplete_fields = ("enterprise",)
    filter_horizontal = ("officers",)
    date_hierarchy = "served_on"
    fields = ("enterprise", "served_on", "way", "officers", "discussed", "follow_up")
    formfield_overrides = {models.DateField: {"widget": AdminDateWidget}}
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(problems_raised=Count("problems", distinct=True)).prefetch_related("officers")

    def has_delete_permission(self, request, obj=None):
        # A record that raised problems stays: their trail starts here.
        if obj is not None and obj.problems.exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            fields = {name: data[name] for name in form.changed_data if name in ("served_on", "way", "discussed", "follow_up")}
            services.service_record_update(record=obj, acting_user=request.user, officers=list(data["officers"]), **fields)
            return
        saved = services.service_record_create(enterprise=data["enterprise"], served_on=data["served_on"], way=data["way"], officers=list(data["officers"]), discussed=data["discussed"], follow_up=data["follow_up"], acting_user=request.user)
        obj.pk, obj._state.adding = saved.pk, False

    def save_related(self, request, form, formsets, change):
        # The service set the officers; the inline's new rows are problems collected through the service.
        record = form.instance
        start_inline_log(formsets)
        for formset in formsets:
            for problem_form in formset.forms:
                if problem_form.instance.pk or not problem_form.has_changed():
                    continue
                data = problem_form.cleaned_data
                formset.new_objects.append(services.problem_collect(
                    enterprise=record.enterprise, raised_on=record.served_on, way=record.way, service_record=record, category=data["category"],
                    description=data["description"], due_on=data.get("due_on"), confirm_past_due=data.get("confirm_past_due", False), acting_user=request.user,
                ))

    @admin.display(description=_("县（区）"), ordering="enterprise__county")
    def county(self, obj):
        return obj.enterprise.county.name

    @admin.display(description=_("服务人员"))
    def officer_names(self, obj):
        return "、".join(display_name(officer) for officer in obj.officers.all())

    @admin.display(description=_("提出问题"), ordering="problems_raised")
    def problem_count(self, obj):
        if not obj.problems_raised:
            return 0
        url = reverse("admin:assistance_problem_changelist") + f"?service_record__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.problems_raised)
