"""The registry's list filters; the county and zone filters serve every list whose rows belong to a firm."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.utils.translation import gettext, gettext_lazy as _

from .models import Industry, Region, Zone


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


class AreaListFilter(CheckedListFilter):
    """By county or zone, with one parameter (`county`, `zone`) on every list, whatever the path to the firm.

    Rows with an area of their own (firms, targets) use the class itself; rows that belong to a firm
    (its figures, its pool entries) use `CountyListFilter.on("enterprise")`.
    """

    area = ""  # the field that holds the county or zone
    firm_path = ""  # from the listed rows to the firm; "" when the rows hold the area themselves
    NONE = "none"  # rows without one: a choice where the field may be empty

    @classmethod
    def on(cls, firm_path):
        return type(cls.__name__, (cls,), {"firm_path": firm_path})

    def __init__(self, request, params, model, model_admin):
        self.field_path = f"{self.firm_path}__{self.area}" if self.firm_path else self.area
        self.field = get_fields_from_path(model, self.field_path)[-1]
        super().__init__(request, params, model, model_admin)

    def area_choices(self):
        raise NotImplementedError

    def lookups(self, request, model_admin):
        choices = [(str(code), name) for code, name in self.area_choices()]
        return choices + [(self.NONE, model_admin.get_empty_value_display())] if self.field.null else choices

    def queryset(self, request, queryset):
        if self.value() == self.NONE:
            return queryset.filter(**{f"{self.field_path}__isnull": True})
        if self.value():
            return queryset.filter(**{self.field_path: self.value()})
        return queryset


class CountyListFilter(AreaListFilter):
    title = _("县（区）")
    parameter_name = area = "county"

    def area_choices(self):
        return Region.objects.filter(level=Region.Level.COUNTY).values_list("code", "name")


class ZoneListFilter(AreaListFilter):
    title = _("功能区")
    parameter_name = area = "zone"

    def area_choices(self):
        return Zone.objects.values_list("pk", "name")
