"""The firm page with what 助企服务 adds: its co-officers beside the lead 助企专员, and its service log and problems."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_lazy as _

from registry.colleagues import colleagues
from registry.models import Enterprise, display_name

from .. import services
from ..forms import refused
from ..models import FirmOfficer
from ..selectors import firm_service_log

ASSISTANCE_FIELDSETS = ((_("助企服务"), {"fields": ("service_log",)}),)


class FirmOfficerFormSet(BaseInlineFormSet):
    acting_user = None

    def clean(self):
        super().clean()
        for form in self.forms:
            officer = form.cleaned_data.get("officer") if hasattr(form, "cleaned_data") else None
            if form.instance.pk or officer is None or self._should_delete_form(form):
                continue
            try:
                services.firm_officer_check(enterprise=self.instance, officer=officer, acting_user=self.acting_user)
            except services.AssistanceRefusal as refusal:
                refused(form, refusal)


class FirmOfficerInline(admin.TabularInline):
    model = FirmOfficer
    formset = FirmOfficerFormSet
    extra = 0
    fields = ("officer",)
    verbose_name = _("协助专员")
    verbose_name_plural = _("协助专员（牵头专员见“助企专员”）")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "officer":
            kwargs["queryset"] = colleagues(request.user).order_by("last_name", "first_name", "username")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "officer" and field is not None:
            field.label_from_instance = display_name
        return field

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"acting_user": request.user})

    def has_change_permission(self, request, obj=None):
        return False  # a co-officer is added or removed, not changed into another


def service_log_panel(enterprise):
    """HTML for the firm page: its service records and problems with their status."""
    if enterprise.pk is None:
        return gettext("保存后显示")
    return render_to_string("admin/assistance/firm_service_log.html", firm_service_log(enterprise))


# Built on whatever firm admin is registered (the registry's, as cultivation extended it), so each app adds its part.
BaseEnterpriseAdmin = type(admin.site.get_model_admin(Enterprise))


class EnterpriseAdmin(BaseEnterpriseAdmin):
    def get_inlines(self, request, obj):
        return (*super().get_inlines(request, obj), FirmOfficerInline)

    def get_fieldsets(self, request, obj=None):
        return (*super().get_fieldsets(request, obj), *ASSISTANCE_FIELDSETS)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "service_log")

    @admin.display(description=_("服务记录与问题诉求"))
    def service_log(self, obj):
        return service_log_panel(obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not FirmOfficer:
            return super().save_formset(request, form, formset, change)
        # Co-officers are added through the service (scope, not the lead twice); the formset already showed any refusal.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []  # what the admin's log message reads
        for officer_form in formset.forms:
            if officer_form in formset.deleted_forms and officer_form.instance.pk:
                services.firm_officer_remove(link=officer_form.instance, acting_user=request.user)
                formset.deleted_objects.append(officer_form.instance)
            elif not officer_form.instance.pk and officer_form.has_changed() and officer_form.cleaned_data.get("officer"):
                formset.new_objects.append(services.firm_officer_add(enterprise=form.instance, officer=officer_form.cleaned_data["officer"], acting_user=request.user))


admin.site.unregister(Enterprise)
admin.site.register(Enterprise, EnterpriseAdmin)
