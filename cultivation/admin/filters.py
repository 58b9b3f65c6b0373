"""List filters of the cultivation admin; county and zone come from registry/filters.py, the same on every list."""

import datetime

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cultivation.monitoring.periods import period_label
from cultivation.monitoring.selectors import firms_in_scope, period_choices
from registry.admin_guards import is_database_id
from registry.filters import CheckedListFilter
from registry.models import IndustryChain


class PeriodListFilter(CheckedListFilter):
    title = _("统计期")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [(period.isoformat(), period_label(period)) for period in period_choices(enterprises=firms_in_scope(request.user))[:36]]

    def accepts(self, value):
        try:  # any first day of a month: periods older than the 36 offered stay reachable
            return datetime.date.fromisoformat(value).day == 1
        except ValueError:
            return False

    def queryset(self, request, queryset):
        return queryset.filter(period=self.value()) if self.value() else queryset


class ChainListFilter(CheckedListFilter):
    """By industrial chain, through a subquery: a join on the chains would need DISTINCT over a million rows."""

    title = _("产业链")
    parameter_name = "chain"

    def lookups(self, request, model_admin):
        return IndustryChain.objects.values_list("pk", "name")

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(enterprise__in=IndustryChain.objects.filter(pk=self.value()).values("enterprises"))


class SourceListFilter(CheckedListFilter):
    title = _("来源")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [("manual", gettext("手工录入")), ("import", gettext("导入"))]

    def accepts(self, value):
        return super().accepts(value) or is_database_id(value)  # an import record's number, linked from its page

    def queryset(self, request, queryset):
        if self.value() == "manual":
            return queryset.filter(source__isnull=True)
        if self.value() == "import":
            return queryset.filter(source__isnull=False)
        if self.value() and is_database_id(self.value()):
            return queryset.filter(source_id=self.value())
        return queryset
