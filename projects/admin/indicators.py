"""月度指标分解 in the admin: the targets kept as data, and the screen of target against actual with lights."""

from functools import partial

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext

from registry import dates
from registry.filters import CountyListFilter, ZoneListFilter
from registry.sheets.admin import SheetImportExportMixin

from ..breakdown import breakdown_rows, targets_in_scope
from ..forms import BreakdownForm
from ..models import IndicatorTarget
from ..resources import IndicatorTargetResource


def breakdown_view(request, *, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = BreakdownForm(request.GET or None)
    year = form.chosen("year") or dates.today().year
    targets = targets_in_scope(request.user).filter(year=year)
    if form.chosen("county"):
        targets = targets.filter(county=form.chosen("county"))
    if form.chosen("zone"):
        targets = targets.filter(zone=form.chosen("zone"))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("月度指标分解（%(year)s年）") % {"year": year},
        "opts": model_admin.opts,
        "form": form,
        "rows": breakdown_rows(targets.order_by("county_id", "zone_id", "month", "indicator"), request.user),
    }
    return TemplateResponse(request, "admin/projects/breakdown.html", context)


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(SheetImportExportMixin, admin.ModelAdmin):
    resource_classes = [IndicatorTargetResource]
    list_display = ("year", "month", "county", "zone", "indicator", "value")
    list_filter = (CountyListFilter, ZoneListFilter, "year", "indicator")
    list_select_related = ("county", "zone")
    ordering = ("-year", "month", "county_id", "zone_id", "indicator")
    change_list_template = "admin/projects/indicatortarget_change_list.html"
    list_per_page = 100

    def get_queryset(self, request):
        return targets_in_scope(request.user, super().get_queryset(request))

    def get_urls(self):
        view = self.admin_site.admin_view(partial(breakdown_view, model_admin=self))
        return [path("breakdown/", view, name="projects_indicatortarget_breakdown"), *super().get_urls()]
