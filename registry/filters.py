from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext, gettext_lazy as _

from .models import Industry


class CheckedListFilter(admin.SimpleListFilter):
    """A list filter that refuses a value it cannot take, so a hand-typed URL shows the plain list (Django's ?e=1), never a server error."""

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        if self.value() is not None and not self.accepts(self.value()):
            raise IncorrectLookupParameters(f"{self.parameter_name}={self.value()!r}")

    def accepts(self, value):
        return value in {str(code) for code, _ in self.lookup_choices}


class IndustryDivisionListFilter(CheckedListFilter):
    """Filters firms by GB/T 4754 division (大类): the first two digits of the class code."""

    title = _("行业大类")
    parameter_name = "division"

    def lookups(self, request, model_admin):
        # Only the divisions the user's firms are in: most of the 97 are farming, mining or services.
        held = model_admin.get_queryset(request).order_by().values_list(self.field_path, flat=True).distinct()
        divisions = Industry.objects.filter(level=Industry.Level.DIVISION, code__in={code[:2] for code in held if code})
        return [(code, f"{code} {name}") for code, name in divisions.values_list("code", "name")]

    def accepts(self, value):
        return len(value) == 2 and value.isdigit()  # a division with no firm today still filters (to nothing)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.field_path}__startswith": self.value()})
        return queryset

    field_path = "industry__code"


class ArchivedListFilter(CheckedListFilter):
    """Archived firms keep their records but leave the daily list unless asked for."""

    title = _("归档")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("yes", gettext("已归档")), ("all", gettext("全部（含已归档）"))]

    def choices(self, changelist):
        yield {"selected": self.value() is None, "query_string": changelist.get_query_string(remove=[self.parameter_name]), "display": gettext("在用")}
        for lookup, title in self.lookup_choices:
            yield {"selected": self.value() == lookup, "query_string": changelist.get_query_string({self.parameter_name: lookup}), "display": title}

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        if self.value() == "all":
            return queryset
        return queryset.filter(archived_at__isnull=True)
