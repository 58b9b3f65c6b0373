"""The lists kept as data (ways, categories, units), the officers' levels and units, and the visit intervals per tier."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import display_name

from ..models import AssigneeUnit, OfficerProfile, ProblemCategory, ServiceWay, VisitInterval


@admin.register(ServiceWay, ProblemCategory, AssigneeUnit)
class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order", "active")
    list_editable = ("sort_order", "active")
    search_fields = ("code", "name")

    def has_delete_permission(self, request, obj=None):
        return False  # rows name them; a list item is retired by 启用, never deleted


@admin.register(OfficerProfile)
class OfficerProfileAdmin(admin.ModelAdmin):
    list_display = ("officer_name", "level", "unit")
    list_filter = ("level",)
    list_select_related = ("user",)
    search_fields = ("user__username", "user__last_name", "user__first_name", "unit")
    autocomplete_fields = ("user",)

    @admin.display(description=_("助企专员"), ordering="user__last_name")
    def officer_name(self, obj):
        return display_name(obj.user)


@admin.register(VisitInterval)
class VisitIntervalAdmin(admin.ModelAdmin):
    list_display = ("tier", "months")
    list_editable = ("months",)
    list_select_related = ("tier",)
