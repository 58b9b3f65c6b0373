from django.contrib import admin

from .models import Industry


class IndustryDivisionListFilter(admin.SimpleListFilter):
    """Filters firms by GB/T 4754 division (大类): the first two digits of the class code."""

    title = "行业大类"
    parameter_name = "division"

    def lookups(self, request, model_admin):
        return [(code, f"{code} {name}") for code, name in Industry.objects.filter(level=Industry.Level.DIVISION).values_list("code", "name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.field_path}__startswith": self.value()})
        return queryset

    field_path = "industry__code"
