"""Admin for eligibility data: annual profiles (with the province's scores), provincial indicators,
export layouts, and the candidate-list export."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cultivation.eligibility.firm_facts import PROVINCIAL_RULE
from cultivation.eligibility.forms import CandidateListForm
from cultivation.eligibility.data_items import source_choices
from cultivation.eligibility.tiers import EligibilityError
from cultivation.eligibility.tasks import candidates_chosen, export_candidate_list
from cultivation.eligibility.workbook import candidate_preview
from cultivation.models import AnnualProfile, ExportColumn, ExportLayout, ProvincialIndicator, ProvincialScore
from cultivation.resources.eligibility import AnnualProfileResource
from cultivation.rules import RULES
from cultivation.rules.wording import plain_number
from registry.filters import CountyListFilter, ZoneListFilter
from registry.firm_search import FirmSearchMixin
from registry.jobs import enqueue_job
from registry.scope import ScopedAdminMixin
from registry.sheets.admin import SheetImportExportMixin

PROVINCIAL_POINTS_TOTAL = 15  # 特色化 points in the 2022 SRDI scoring


class ProvincialScoreForm(forms.ModelForm):
    class Meta:
        model = ProvincialScore
        fields = ("indicator", "points")

    def clean(self):
        cleaned = super().clean()
        indicator, points = cleaned.get("indicator"), cleaned.get("points")
        if indicator and points is not None and points > indicator.max_points:
            self.add_error("points", gettext("得分不能超过该指标满分 %(max_points)s 分") % {"max_points": indicator.max_points})
        return cleaned


class ProvincialScoreInline(admin.TabularInline):
    model = ProvincialScore
    form = ProvincialScoreForm
    extra = 1
    verbose_name_plural = _("省特色化指标得分（专精特新2022版，合计不超过15分）")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "indicator":
            kwargs["queryset"] = ProvincialIndicator.objects.filter(active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AnnualProfile)
class AnnualProfileAdmin(ScopedAdminMixin, FirmSearchMixin, SheetImportExportMixin, SimpleHistoryAdmin):
    workbench_order = 40
    list_display = ("enterprise", "county", "year", "revenue", "main_business_revenue", "rd_expense", "employees", "ip_class1_count", "provincial_points", "updated_at")
    list_select_related = ("enterprise__county",)
    list_filter = ("year", CountyListFilter.on("enterprise"), ZoneListFilter.on("enterprise"))
    search_fields = ("enterprise__name", "enterprise__uscc")
    autocomplete_fields = ("enterprise",)
    readonly_fields = ("source",)
    inlines = (ProvincialScoreInline,)
    resource_classes = [AnnualProfileResource]
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("enterprise", "year", "source")}),
        (_("经营与财务（万元）"), {"fields": (("revenue", "main_business_revenue"), ("net_profit", "rd_expense"), ("total_assets", "total_liabilities"))}),
        (_("人员"), {"fields": (("employees", "rd_staff"),)}),
        (_("知识产权与研发"), {"fields": (("ip_class1_count", "ip_class1_high_value_count", "ip_class1_self_developed_count"), "ip_class2_count", "rd_institution_level")}),
        (_("管理与市场"), {"fields": (("digitalisation_level", "quality_items"), ("niche_market_share", "niche_market_rank", "global_market_rank"), ("main_product_field", "strategic_emerging_product"), ("fills_key_gap", "new_product"))}),
        (_("融资、奖励与称号"), {"fields": (("equity_financing_2y", "equity_financing_3y"), ("award_level", "award_rank"), ("maker_china_top500", "high_tech_title"))}),
        (_("测评得分"), {"fields": (("platform_score", "evaluation_score"),)}),
    )

    def get_queryset(self, request):
        active = Q(provincial_scores__indicator__active=True, provincial_scores__indicator__rule=PROVINCIAL_RULE)
        return super().get_queryset(request).annotate(provincial_total=Sum("provincial_scores__points", filter=active))

    @admin.display(description=_("县（区）"), ordering="enterprise__county")
    def county(self, obj):
        return obj.enterprise.county.name

    @admin.display(description=_("特色化得分"), ordering="provincial_total")
    def provincial_points(self, obj):
        return "—" if obj.provincial_total is None else plain_number(obj.provincial_total)


class ProvincialIndicatorForm(forms.ModelForm):
    rule = forms.ChoiceField(label=_("适用规则"), choices=[(key, key) for key in RULES], initial=PROVINCIAL_RULE, help_text=_("目前只有专精特新2022版（srdi_sme@2022）计入特色化指标得分"))

    class Meta:
        model = ProvincialIndicator
        fields = "__all__"


@admin.register(ProvincialIndicator)
class ProvincialIndicatorAdmin(admin.ModelAdmin):
    form = ProvincialIndicatorForm
    list_display = ("name", "code", "rule", "max_points", "active", "sort_order")
    list_editable = ("active", "sort_order")
    list_filter = ("rule", "active")
    search_fields = ("code", "name")

    def changelist_view(self, request, extra_context=None):
        total = ProvincialIndicator.objects.filter(active=True, rule=PROVINCIAL_RULE).aggregate(total=Sum("max_points"))["total"] or 0
        if total != PROVINCIAL_POINTS_TOTAL and request.method == "GET":
            messages.warning(request, gettext("启用的专精特新（2022版）特色化指标满分合计为 %(total)s 分，应为 %(expected)s 分；测评时超出部分按 %(expected)s 分封顶") % {"total": plain_number(Decimal(total)), "expected": PROVINCIAL_POINTS_TOTAL})
        return super().changelist_view(request, extra_context)


class ExportColumnForm(forms.ModelForm):
    source = forms.ChoiceField(label=_("数据项"), choices=source_choices())

    class Meta:
        model = ExportColumn
        fields = ("position", "header", "source", "width")


class ExportColumnInline(admin.TabularInline):
    model = ExportColumn
    form = ExportColumnForm
    extra = 1
    ordering = ("position",)


@admin.register(ExportLayout)
class ExportLayoutAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sheet_title")
    search_fields = ("code", "name")
    inlines = (ExportColumnInline,)
    change_list_template = "admin/cultivation/eligibility/exportlayout_change_list.html"

    def get_urls(self):
        return [path("candidates/", self.admin_site.admin_view(self.candidate_list_view), name="cultivation_candidate_list"), *super().get_urls()]

    def candidate_list_view(self, request):
        """导出候选名单: the form on GET; on a valid POST the list on the page (预览) or a job that makes the xlsx (the export_candidates command's twin)."""
        if not request.user.has_perm("cultivation.export_poolentry"):
            raise PermissionDenied
        form = CandidateListForm(request.POST or None)
        error, preview = "", None
        if form.is_bound and form.is_valid() and "preview" not in request.POST:
            # The file is made by a worker; its job page offers the download when it is ready.
            chosen = {name: request.POST.get(name) for name in form.fields if name in request.POST}
            label = gettext("导出候选名单：%(tier)s") % {"tier": form.cleaned_data["tier"].name}
            job = enqueue_job(export_candidate_list, label=label, user=request.user, form=chosen)
            return HttpResponseRedirect(reverse("admin:registry_job_change", args=[job.pk], current_app=self.admin_site.name))
        if form.is_bound and form.is_valid():
            try:
                preview = candidate_preview(candidates_chosen(form.cleaned_data, request.user))  # shown on the page first
            except EligibilityError as refusal:
                error = str(refusal)
        context = {**self.admin_site.each_context(request), "title": gettext("导出候选名单"), "form": form, "error": error, "preview": preview, "opts": self.model._meta}
        return TemplateResponse(request, "admin/cultivation/eligibility/candidates.html", context)
