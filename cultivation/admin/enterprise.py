"""The firm page and list with what cultivation adds: the highest recognised tier, the ladder and eligibility
panels, the "meets tier" filter and the action that enters passing firms into a batch."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cultivation.eligibility.admin_parts import MeetsTierListFilter, add_passing_firms_to_batch, eligibility_panel
from cultivation.ladder.selectors import firm_ladder, highest_recognised_tier_name
from registry.admin import EnterpriseAdmin as RegistryEnterpriseAdmin
from registry.models import Enterprise

CULTIVATION_FIELDSETS = (
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
        return (*super().get_readonly_fields(request, obj), "ladder", "eligibility")

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

    @admin.display(description=_("各层级条件测评"))
    def eligibility(self, obj):
        return eligibility_panel(obj)


admin.site.unregister(Enterprise)
admin.site.register(Enterprise, EnterpriseAdmin)
