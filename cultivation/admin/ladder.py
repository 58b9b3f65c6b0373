from functools import partial

from django.contrib import admin
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cultivation.ladder import services
from cultivation.ladder.forms import ApplyForm, ExitForm, PoolEntryAddForm, PoolEntryChangeForm, RecogniseForm, RejectForm
from cultivation.ladder.selectors import EXPIRY_WARNING_DAYS, expiring_entries, reviews_due
from cultivation.ladder.views import target_progress_view
from cultivation.models import Batch, PoolEntry, PoolEvent, Target, Tier
from cultivation.resources.ladder import PoolEntryResource
from registry import dates
from registry.admin_actions import confirm_and_run
from registry.colleagues import ColleaguePickerMixin
from registry.filters import CheckedListFilter, CountyListFilter, ZoneListFilter
from registry.firm_search import FirmSearchMixin
from registry.models import display_name
from registry.scope import ScopedAdminMixin
from registry.sheets.admin import SheetImportExportMixin



@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "rank", "validity_years", "prerequisite", "counts_pool_for_progress", "active")
    list_select_related = ("prerequisite",)
    list_filter = ("level", "active")
    search_fields = ("code", "name")


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ("name", "tier", "year", "applications_open_on", "applications_close_on", "recognised_on", "document_number")
    list_select_related = ("tier",)
    list_filter = ("tier", "year")
    search_fields = ("name", "document_number")


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("year", "tier", "county", "zone", "count")
    list_select_related = ("tier", "county", "zone")
    list_filter = ("year", "tier", CountyListFilter, ZoneListFilter)
    change_list_template = "admin/cultivation/ladder/target_change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(partial(target_progress_view, model_admin=self))
        return [path("progress/", view, name="cultivation_target_progress"), *super().get_urls()]


class ExpiryListFilter(CheckedListFilter):
    title = _("有效期")
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        days = {"days": EXPIRY_WARNING_DAYS}
        return [("soon", gettext("%(days)s天内到期") % days), ("review", gettext("%(days)s天内需复核") % days), ("overdue", gettext("已过有效期未处理"))]

    def queryset(self, request, queryset):
        on = dates.today()
        # The same selectors count the home page's to-dos, so each count matches the list its link opens.
        if self.value() == "soon":
            return expiring_entries(queryset, on=on)
        if self.value() == "review":
            return reviews_due(queryset, on=on)
        if self.value() == "overdue":
            return queryset.filter(status=PoolEntry.Status.RECOGNISED, valid_until__lt=on)
        return queryset


class PoolEventInline(admin.TabularInline):
    model = PoolEvent
    extra = 0
    can_delete = False
    fields = ("happened_on", "from_status", "to_status", "actor", "note", "recorded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def run_bulk_step(modeladmin, request, queryset, form_class, step):
    entries = queryset.select_related("enterprise", "tier")
    describe = lambda entry: f"{entry.enterprise.name} · {entry.tier.name} · {entry.get_status_display()}"  # noqa: E731
    return confirm_and_run(modeladmin, request, entries, form_class, step, describe=describe, form_kwargs={"tiers": {entry.tier_id for entry in entries}, "batches": {entry.batch_id for entry in entries}})


@admin.register(PoolEntry)
class PoolEntryAdmin(ColleaguePickerMixin, ScopedAdminMixin, FirmSearchMixin, SheetImportExportMixin, admin.ModelAdmin):
    workbench_order = 20  # the sidebar's daily lists (registry/admin_site.py)
    resource_classes = [PoolEntryResource]
    list_display = ("enterprise", "county", "tier", "status", "batch_name", "entered_on", "applied_on", "recognised_on", "valid_until_display", "officer_name")
    list_select_related = ("enterprise__county", "tier", "batch", "officer")
    list_filter = ("tier", "status", "batch", CountyListFilter.on("enterprise"), ZoneListFilter.on("enterprise"), "enterprise__chains", ExpiryListFilter)
    search_fields = ("enterprise__name", "enterprise__uscc", "document_number")
    autocomplete_fields = ("enterprise", "officer")
    date_hierarchy = "entered_on"
    inlines = [PoolEventInline]
    actions = ("mark_applied", "mark_recognised", "mark_rejected", "mark_exited")
    list_per_page = 50

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def has_delete_permission(self, request, obj=None):
        # An entry leaves the pool by 退库 and keeps its lifecycle trail; nobody deletes it.
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = PoolEntryChangeForm if obj else PoolEntryAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return PoolEntryAddForm._meta.fields
        return ("enterprise", "tier", "status", "entered_on", "applied_on", "recognised_on", "prerequisite_override_reason", *PoolEntryChangeForm._meta.fields, "exit_reason", "closed_on")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("enterprise", "tier", "status", "entered_on", "applied_on", "recognised_on", "prerequisite_override_reason", "exit_reason", "closed_on")

    def save_model(self, request, obj, form, change):
        if not change:
            entry = services.pool_entry_enter(
                enterprise=obj.enterprise, tier=obj.tier, acting_user=request.user, entered_on=obj.entered_on, batch=obj.batch, target_year=obj.target_year, officer=obj.officer, notes=obj.notes
            )
            obj.pk = entry.pk
            return
        services.pool_entry_update(entry=obj, acting_user=request.user, changes=form.changes())

    @admin.display(description=_("县（区）"), ordering="enterprise__county")
    def county(self, obj):
        return obj.enterprise.county.name

    @admin.display(description=_("责任人"), ordering="officer__last_name")
    def officer_name(self, obj):
        return display_name(obj.officer)

    @admin.display(description=_("批次"), ordering="batch__name")
    def batch_name(self, obj):
        return obj.batch.name if obj.batch else "—"

    @admin.display(description=_("有效期至"), ordering="valid_until")
    def valid_until_display(self, obj):
        if not obj.valid_until:
            return "—"
        remaining = (obj.valid_until - dates.today()).days
        if obj.status == PoolEntry.Status.RECOGNISED and 0 <= remaining <= EXPIRY_WARNING_DAYS:
            return format_html('<span style="color:#b45309;font-weight:bold" title="{}">{}</span>', gettext("%(days)s天后到期") % {"days": remaining}, obj.valid_until)
        return obj.valid_until

    @admin.action(description=_("标记为已申报"), permissions=["change"])
    def mark_applied(self, request, queryset):
        return run_bulk_step(self, request, queryset, ApplyForm, lambda entry, data, user: services.pool_entry_apply(
            entry=entry, acting_user=user, applied_on=data["on"], batch=data["batch"], override_reason=data["override_reason"], note=data["note"]))

    @admin.action(description=_("标记为已认定"), permissions=["change"])
    def mark_recognised(self, request, queryset):
        return run_bulk_step(self, request, queryset, RecogniseForm, lambda entry, data, user: services.pool_entry_recognise(
            entry=entry, acting_user=user, recognised_on=data["on"], batch=data["batch"], document_number=data["document_number"], note=data["note"]))

    @admin.action(description=_("标记为未通过"), permissions=["change"])
    def mark_rejected(self, request, queryset):
        return run_bulk_step(self, request, queryset, RejectForm, lambda entry, data, user: services.pool_entry_reject(entry=entry, acting_user=user, on=data["on"], note=data["note"]))

    @admin.action(description=_("退库（须填写原因）"), permissions=["change"])
    def mark_exited(self, request, queryset):
        return run_bulk_step(self, request, queryset, ExitForm, lambda entry, data, user: services.pool_entry_exit(entry=entry, acting_user=user, on=data["on"], reason=data["note"]))
