"""The firm page and list with what cultivation adds: the highest recognised tier, the ladder and eligibility
panels, the "meets tier" filter and the action that enters passing firms into a batch."""

from django.conf import settings
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cultivation.eligibility.forms import AddToBatchForm
from cultivation.eligibility.firm_verdicts import firm_verdicts
from cultivation.eligibility.selectors import passing_firm_ids
from cultivation.eligibility.tiers import evaluable_tiers, rule_tier_of
from cultivation.ladder import services
from cultivation.ladder.selectors import firm_ladder, highest_recognised_tier_name
from cultivation.ladder.tasks import enter_passing_firms_job
from cultivation.models import MonthlyReport
from cultivation.monitoring.exports import money_text
from cultivation.monitoring.periods import period_label
from cultivation.monitoring.selectors import latest_report
from registry import dates
from registry.admin import EnterpriseAdmin as RegistryEnterpriseAdmin
from registry.filters import CheckedListFilter
from registry.jobs import enqueue_job
from registry.models import Enterprise

REPORTED_BY_NAME = 20  # refusals listed one by one before the rest are counted


class MeetsTierListFilter(CheckedListFilter):
    """Firms that meet a tier's criteria today, judged by the rule set in force."""

    title = _("符合培育条件")
    parameter_name = "meets_tier"

    def lookups(self, request, model_admin):
        return [(tier.code, gettext("符合%(tier)s条件") % {"tier": tier.name}) for tier in evaluable_tiers()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        rule_tier = rule_tier_of(self.value())
        if rule_tier is None:
            return queryset.none()
        return queryset.filter(pk__in=passing_firm_ids(rule_tier, queryset, on=dates.today()))


def eligibility_panel(enterprise, *, on=None):
    """HTML for the enterprise page: the verdict for every tier, each with its full breakdown."""
    if enterprise.pk is None:
        return gettext("保存后显示")
    return render_to_string("admin/cultivation/eligibility/panel.html", firm_verdicts(enterprise, on=on))


@admin.action(description=_("将符合条件的企业加入批次（培育中）"), permissions=["change"])
def add_passing_firms_to_batch(modeladmin, request, queryset):
    """Evaluate the selected firms for the batch's tier; enter those that pass through the ladder service."""
    if not request.user.has_perm("cultivation.add_poolentry"):
        modeladmin.message_user(request, gettext("没有新增培育库记录的权限，未作任何修改"), messages.ERROR)
        return None
    form = AddToBatchForm(request.POST if "confirm" in request.POST else None)
    if form.is_bound and form.is_valid():
        enter_passing_firms(modeladmin, request, queryset, form.cleaned_data["batch"], form.cleaned_data["on"])
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": form.title,
        "form": form,
        "firms": queryset.order_by("name")[:200],
        "count": queryset.count(),
        "action": request.POST.get("action"),
        "select_across": request.POST.get("select_across", "0"),
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/cultivation/eligibility/add_to_batch.html", context)


def enter_passing_firms(modeladmin, request, queryset, batch, on):
    firms = list(queryset.order_by().values_list("pk", flat=True))
    if len(firms) >= settings.EVALUATIONS_BACKGROUND_FROM:
        # Many firms: a worker evaluates them; its job page reports what the messages would.
        job = enqueue_job(enter_passing_firms_job, label=gettext("测算并入库：%(batch)s（%(count)s 家企业）") % {"batch": f"{batch.tier.name} · {batch.name}", "count": len(firms)}, user=request.user, firms=firms, batch=batch.pk, on=on.isoformat())
        link = format_html('<a href="{}">{}</a>', reverse("admin:registry_job_change", args=[job.pk]), job.label)
        modeladmin.message_user(request, format_html(gettext("已交给后台测算，完成前不会修改培育库：{}"), link), messages.INFO)
        return
    outcome = services.pool_entries_enter_passing(enterprises=queryset, batch=batch, on=on, acting_user=request.user)
    report(modeladmin, request, f"{batch.tier.name} · {batch.name}", outcome)


def report(modeladmin, request, target, outcome):
    added, already, failing, refusals = outcome.added, outcome.already, outcome.failing, outcome.refusals
    modeladmin.message_user(request, gettext("已将 %(added)s 家符合条件的企业加入“%(target)s”（培育中）") % {"added": added, "target": target}, messages.SUCCESS if added else messages.INFO)
    if already:
        text = gettext("已在库中、未重复加入 %(count)s 家：%(names)s等") if len(already) > REPORTED_BY_NAME else gettext("已在库中、未重复加入 %(count)s 家：%(names)s")
        modeladmin.message_user(request, text % {"count": len(already), "names": "、".join(already[:REPORTED_BY_NAME])}, messages.WARNING)
    if failing:
        modeladmin.message_user(request, gettext("不符合条件、未加入 %(count)s 家") % {"count": len(failing)}, messages.WARNING)
        for line in failing[:REPORTED_BY_NAME]:
            modeladmin.message_user(request, gettext("未加入：%(line)s") % {"line": line}, messages.WARNING)
        if len(failing) > REPORTED_BY_NAME:
            modeladmin.message_user(request, gettext("另有 %(count)s 家不符合条件，可用“符合培育条件”筛选查看") % {"count": len(failing) - REPORTED_BY_NAME}, messages.WARNING)
    for message in refusals:
        modeladmin.message_user(request, gettext("未处理：%(message)s") % {"message": message}, messages.ERROR)


LATEST_AMOUNTS = ("output_value", "revenue", "main_business_revenue", "total_profit", "tax")  # in 万元; then 从业人员
CULTIVATION_FIELDSETS = (
    (_("最新月度数据"), {"fields": ("latest_figures",)}),
    (_("培育梯度"), {"fields": ("ladder",)}),
    (_("条件测评"), {"fields": ("eligibility",)}),
)


class EnterpriseAdmin(RegistryEnterpriseAdmin):
    actions = (*RegistryEnterpriseAdmin.actions, add_passing_firms_to_batch)

    def get_list_display(self, request):
        shown = list(super().get_list_display(request))
        shown.insert(shown.index("chain_names") + 1, "highest_tier")
        return shown

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), MeetsTierListFilter)

    def get_fieldsets(self, request, obj=None):
        return (*super().get_fieldsets(request, obj), *CULTIVATION_FIELDSETS)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "latest_figures", "ladder", "eligibility")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(highest_tier_name=highest_recognised_tier_name())

    @admin.display(description=_("最高认定层级"), ordering="highest_tier_name")
    def highest_tier(self, obj):
        return obj.highest_tier_name or "—"

    @admin.display(description=_("培育梯度与变更记录"))
    def ladder(self, obj):
        if obj.pk is None:
            return gettext("保存后显示")
        entries, events = firm_ladder(obj)
        return render_to_string("admin/cultivation/ladder/firm_ladder.html", {"entries": entries, "events": events})

    @admin.display(description=_("最近一期"))
    def latest_figures(self, obj):
        if obj.pk is None:
            return gettext("保存后显示")
        report = latest_report(obj)
        if report is None:
            return gettext("暂无月度数据")
        fields = MonthlyReport._meta
        figures = [(fields.get_field(name).verbose_name, money_text(getattr(report, name))) for name in LATEST_AMOUNTS]
        figures.append((fields.get_field("employees").verbose_name, "—" if report.employees is None else report.employees))
        return render_to_string("admin/cultivation/monitoring/latest_figures.html", {"report": report, "period": period_label(report.period), "figures": figures})

    @admin.display(description=_("各层级条件测评"))
    def eligibility(self, obj):
        return eligibility_panel(obj)


admin.site.unregister(Enterprise)
admin.site.register(Enterprise, EnterpriseAdmin)
