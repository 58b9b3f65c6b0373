"""The co-officers who serve a firm beside its lead (the firm's 助企专员); an officer's level and unit are on their staff profile."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.filters import CountyListFilter, ZoneListFilter
from registry.models import display_name

from .. import services
from ..forms import ActingUserForm, refused
from ..models import FirmOfficer
from .base import AssistanceScopedMixin


class FirmOfficerForm(ActingUserForm):
    class Meta:
        model = FirmOfficer
        fields = ("enterprise", "officer")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enterprise") and cleaned.get("officer"):
            try:
                services.firm_officer_check(enterprise=cleaned["enterprise"], officer=cleaned["officer"], acting_user=self.acting_user)
            except services.AssistanceRefusal as refusal:
                refused(self, refusal)
        return cleaned


@admin.register(FirmOfficer)
class FirmOfficerAdmin(AssistanceScopedMixin, admin.ModelAdmin):
    """Co-officers are added or removed, never changed into another; both through the services."""

    form = FirmOfficerForm
    list_display = ("enterprise", "county", "officer_name", "lead_name", "created_at")
    list_select_related = ("enterprise__county", "enterprise__service_officer", "officer")
    list_filter = (CountyListFilter.on("enterprise"), ZoneListFilter.on("enterprise"))
    search_fields = ("enterprise__name", "enterprise__uscc", "officer__username", "officer__last_name", "officer__first_name")
    autocomplete_fields = ("enterprise",)

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = services.firm_officer_add(enterprise=form.cleaned_data["enterprise"], officer=form.cleaned_data["officer"], acting_user=request.user)
        obj.pk, obj._state.adding = saved.pk, False

    def delete_model(self, request, obj):
        services.firm_officer_remove(link=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for link in queryset.select_related("enterprise"):
            services.firm_officer_remove(link=link, acting_user=request.user)

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "enterprise" or super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("县（区）"), ordering="enterprise__county")
    def county(self, obj):
        return obj.enterprise.county.name

    @admin.display(description=_("协助专员"), ordering="officer__last_name")
    def officer_name(self, obj):
        return display_name(obj.officer)

    @admin.display(description=_("助企专员（牵头）"))
    def lead_name(self, obj):
        return display_name(obj.enterprise.service_officer)
