"""List filters of the project screens; county, zone and chain are the ones every list shares (registry, cultivation)."""

from django.utils.translation import gettext_lazy as _

from cultivation.admin.filters import PeriodListFilter
from cultivation.monitoring.periods import period_label
from cultivation.monitoring.selectors import Light
from registry import dates
from registry.filters import CheckedListFilter

from ..models import IS_MAJOR, ProjectProgress
from ..selectors import completion_projects, projects_in_scope, projects_lit


class ProjectLightListFilter(CheckedListFilter):
    """By the project's overall light (schedule and investment), judged today."""

    title = _("亮灯")
    parameter_name = "light"

    def lookups(self, request, model_admin):
        return Light.choices

    def queryset(self, request, queryset):
        return projects_lit(queryset, self.value()) if self.value() else queryset


class MajorProjectListFilter(CheckedListFilter):
    title = _("亿元以上")
    parameter_name = "major"

    def lookups(self, request, model_admin):
        return [("yes", _("是")), ("no", _("否"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(IS_MAJOR)
        if self.value() == "no":
            return queryset.exclude(IS_MAJOR)
        return queryset


class ProgressPeriodListFilter(PeriodListFilter):
    """The months project progress is held for (the latest 36), rather than the firms' months."""

    def lookups(self, request, model_admin):
        progress = ProjectProgress.objects.filter(project__in=projects_in_scope(request.user).values("pk"))
        return [(period.isoformat(), period_label(period)) for period in progress.order_by("-period").values_list("period", flat=True).distinct()[:36]]


class PlannedYearListFilter(CheckedListFilter):
    """竣工投产: the year whose planned and actual completions and production starts are listed; this year unless chosen."""

    title = _("年度")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        this_year = dates.today().year
        return [(str(year), str(year)) for year in range(this_year + 1, this_year - 4, -1)]

    def accepts(self, value):
        return value.isascii() and value.isdigit() and 1900 <= int(value) <= 2100

    def choices(self, changelist):
        chosen = self.value() or str(dates.today().year)
        for lookup, title in self.lookup_choices:
            yield {"selected": chosen == lookup, "query_string": changelist.get_query_string({self.parameter_name: lookup}), "display": title}

    def queryset(self, request, queryset):
        return completion_projects(queryset, int(self.value()) if self.value() else dates.today().year)
