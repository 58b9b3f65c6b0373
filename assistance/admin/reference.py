"""The lists kept as data (ways, categories, units) and the visit intervals per tier."""

from django.contrib import admin

from ..models import AssigneeUnit, ProblemCategory, ServiceWay, VisitInterval


@admin.register(ServiceWay, ProblemCategory, AssigneeUnit)
class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order", "active")
    list_editable = ("sort_order", "active")
    search_fields = ("code", "name")

    def has_delete_permission(self, request, obj=None):
        return False  # rows name them; a list item is retired by 启用, never deleted


@admin.register(VisitInterval)
class VisitIntervalAdmin(admin.ModelAdmin):
    list_display = ("tier", "months")
    list_editable = ("months",)
    list_select_related = ("tier",)
