from functools import partial

from django.apps import apps
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import admin_jobs, admin_staff, services  # noqa: F401  (admin_jobs, admin_staff register the jobs', the users' and the roles' pages)
from .admin_actions import confirm_and_run
from .audit import import_changes
from .colleagues import ColleaguePickerMixin
from .filters import ArchivedListFilter, CountyListFilter, IndustryDivisionListFilter, ZoneListFilter
from .forms import ArchiveForm, EnterpriseForm
from .models import Cluster, Enterprise, ImportPreview, ImportRecord, Industry, IndustryChain, Region, Zone, display_name
from .profile import profile_view
from .resources import EnterpriseResource
from .scope import ScopedAdminMixin, allowed_areas, fixed_area_fields, user_is_scoped
from .sheets.admin import SheetImportExportMixin
from .sheets.previews import preview_drop, previews_waiting
from .uscc import normalise_uscc


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_select_related = ("parent",)
    search_fields = ("code", "name")


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "county", "sort_order")
    list_editable = ("sort_order",)
    list_select_related = ("county",)
    search_fields = ("code", "name")


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # Codes are prefixes: typing "373" should list 3731, 3732…, not every code containing 373.
        term = search_term.strip()
        if term.isdigit():
            return queryset.filter(code__startswith=term), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(IndustryChain, Cluster)
class IndustryGroupingAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order")
    list_editable = ("sort_order",)
    search_fields = ("code", "name")


@admin.register(Enterprise)
class EnterpriseAdmin(ColleaguePickerMixin, ScopedAdminMixin, SheetImportExportMixin, SimpleHistoryAdmin):
    """The firm page and list; apps built on the registry extend them through the get_* hooks (cultivation/admin/enterprise.py)."""

    scope_prefix = ""
    workbench_order = 10  # the sidebar's daily lists (admin_site.py), in the order of the daily work
    form = EnterpriseForm
    resource_classes = [EnterpriseResource]
    list_display = ("name", "uscc", "county", "zone", "industry_display", "chain_names", "is_above_scale", "size_class", "officer_name", "status", "profile_link")
    list_display_links = ("name", "uscc")
    list_select_related = ("county", "zone", "industry", "service_officer")
    list_filter = (CountyListFilter, ZoneListFilter, IndustryDivisionListFilter, "chains", "is_above_scale", "size_class", "status", "service_officer", ArchivedListFilter)
    actions = ("archive",)
    search_fields = ("name", "short_name", "uscc")
    autocomplete_fields = ("industry", "service_officer")
    filter_horizontal = ("chains", "clusters")
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("name", "short_name", "uscc", ("uscc_override", "uscc_override_reason"))}),
        (_("属地与行业"), {"fields": (("county", "zone"), "industry", "chains", "clusters")}),
        (_("产品与市场"), {"fields": ("main_products", ("niche_market", "niche_entry_year"))}),
        (_("基本情况"), {"fields": (("established_on", "legal_representative"), ("size_class", "status"), ("is_above_scale", "above_scale_since"), "address")}),
        (_("联系与服务"), {"fields": (("contact_person", "contact_phone"), "service_officer", "notes")}),
    )
    readonly_fields = ("archived_at", "archive_reason")
    change_form_template = "admin/registry/enterprise/change_form.html"

    def get_urls(self):
        profile = self.admin_site.admin_view(partial(profile_view, model_admin=self))
        return [path("<path:object_id>/profile/", profile, name="registry_enterprise_profile"), *super().get_urls()]

    @admin.display(description=_("一企一档"))
    def profile_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse(f"{self.admin_site.name}:registry_enterprise_profile", args=[obj.pk]), gettext("查看"))

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.archived_at:
            return ((gettext("已归档"), {"fields": ("archived_at", "archive_reason")}), *self.fieldsets)
        return self.fieldsets

    def save_model(self, request, obj, form, change):
        links = {name: form.cleaned_data[name] for name in services.LINKS if name in form.cleaned_data}
        if change:
            fields = {name: getattr(obj, name) for name in form.changed_data if name not in services.LINKS}
            saved = services.enterprise_update(enterprise=obj, acting_user=request.user, **links, **fields)
        else:
            saved = services.enterprise_create(acting_user=request.user, **links, **services.field_values(obj))
        obj.pk, obj._state.adding = saved.pk, False  # the admin's message, log entry and redirect name the saved firm

    def save_related(self, request, form, formsets, change):
        # The service set the chains and clusters with the firm; only inlines would remain, and this admin has none.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user  # a class made for this request: the duplicate-code message links only where the user may go
        return form

    def get_readonly_fields(self, request, obj=None):
        # A county or zone the user could not choose is shown, not offered: saving keeps it.
        return (*super().get_readonly_fields(request, obj), *fixed_area_fields(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        # A firm with a ladder or figures is archived, never deleted with its records.
        if obj is not None and services.enterprise_has_records(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("归档所选企业（保留全部记录）"), permissions=["change"])
    def archive(self, request, queryset):
        return confirm_and_run(self, request, queryset, ArchiveForm, lambda firm, data, user: services.enterprise_archive(enterprise=firm, acting_user=user, reason=data["reason"]))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("chains")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        allowed = allowed_areas(request.user).get(db_field.name)
        if allowed is not None and field is not None:
            # An officer can only place a firm in their own county or zone.
            field.queryset = field.queryset.filter(pk__in=allowed)
        return field

    @admin.display(description=_("助企专员"), ordering="service_officer__last_name")
    def officer_name(self, obj):
        return display_name(obj.service_officer)

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        code = normalise_uscc(search_term)
        # A USCC typed in lower case, full width or with spaces still finds the firm.
        if code and code != search_term.strip():
            matched = matched | queryset.filter(uscc__startswith=code)
        return matched, may_have_duplicates

    @admin.display(description=_("行业"), ordering="industry_id")
    def industry_display(self, obj):
        return f"{obj.industry_id} {obj.industry.name}"

    @admin.display(description=_("产业链"))
    def chain_names(self, obj):
        return "、".join(chain.name for chain in obj.chains.all())


class WrittenByTheRegistryAdmin(admin.ModelAdmin):
    """A list whose rows only the registry's own steps write (an import, its preview): nobody adds, edits or deletes one here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportRecord)
class ImportRecordAdmin(WrittenByTheRegistryAdmin):
    """Every committed import, read-only, with the row changes it made."""

    workbench_order = 60
    list_display = ("created_at", "kind", "file_name", "importer", "rows_added", "rows_updated", "rows_skipped")
    list_filter = ("kind", "created_at")
    list_select_related = ("user",)
    search_fields = ("file_name", "checksum")
    fields = ("kind", "file_name", "checksum", "user", "created_at", ("rows_added", "rows_updated", "rows_skipped"), "notes", "changes")
    readonly_fields = ("kind", "file_name", "checksum", "user", "created_at", "rows_added", "rows_updated", "rows_skipped", "notes", "changes")
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # An officer sees the imports they made; the city sees all of them.
        return queryset.filter(user=request.user) if user_is_scoped(request.user) else queryset

    @admin.display(description=_("导入人"), ordering="user__last_name")
    def importer(self, obj):
        return display_name(obj.user)

    @admin.display(description=_("本次导入的变更"))
    def changes(self, obj):
        return render_to_string("admin/registry/import_changes.html", {"record": obj, "changes": import_changes(obj), "sourced": sourced_rows(self.admin_site, obj)})


@admin.register(ImportPreview)
class ImportPreviewAdmin(WrittenByTheRegistryAdmin):
    """The user's own imports previewed and not yet confirmed: open one again to confirm it, or give it up."""

    workbench_order = 55
    list_display = ("created_at", "data_name", "file_name", "resume_link")
    list_display_links = None
    actions = ("give_up",)

    def get_queryset(self, request):
        # Only whoever previewed a file can confirm it: everyone sees their own, the city admin too.
        return previews_waiting(request.user)

    @admin.display(description=_("导入的数据"))
    def data_name(self, obj):
        return apps.get_model(obj.model)._meta.verbose_name

    @admin.display(description=_("操作"))
    def resume_link(self, obj):
        app_label, model_name = obj.model.split(".")
        return format_html('<a href="{}">{}</a>', reverse(f"admin:{app_label}_{model_name}_import_resume", args=[obj.kept_name]), gettext("查看预览并确认导入"))

    @admin.action(description=_("放弃所选导入（删除上传的文件）"), permissions=["view"])
    def give_up(self, request, queryset):
        for preview in queryset:
            preview_drop(kept_name=preview.kept_name)
        self.message_user(request, gettext("已放弃 %(count)s 个待确认的导入。") % {"count": len(queryset)})


def sourced_rows(site, record):
    """The rows of other apps' models that name `record` as their source (monthly figures, say), each with a link to its list."""
    found = []
    for relation in ImportRecord._meta.related_objects:
        model, name = relation.related_model, relation.field.name
        if not relation.one_to_many or not site.is_registered(model):
            continue
        count = model._default_manager.filter(**{name: record}).count()
        if count:
            url = reverse(f"{site.name}:{model._meta.app_label}_{model._meta.model_name}_changelist")
            found.append({"name": model._meta.verbose_name, "count": count, "url": f"{url}?{name}={record.pk}"})
    return found
