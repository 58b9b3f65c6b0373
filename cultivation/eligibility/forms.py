from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.dates import today
from cultivation.models import Batch, ExportLayout, Tier
from cultivation.rules import RULES, split_rule_key
from registry.fields import BusinessDateField
from registry.models import Region

from .candidates import PROVINCIAL_LAYOUT
from .tiers import EligibilityError, check_override, evaluable_tiers, rule_tier_of

RULE_VERSIONS = sorted({split_rule_key(key)[1] for key in RULES})


def rule_version_choices():
    return [("", gettext("按测评日期自动选择")), *((version, gettext("%(version)s版") % {"version": version}) for version in RULE_VERSIONS)]


def evaluable_tier_codes():
    return [tier.code for tier in evaluable_tiers()]


class BatchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, batch):
        return f"{batch.tier.name} · {batch.name}"


class CandidateListForm(forms.Form):
    """The admin's candidate-list export: the same choices as the export_candidates command."""

    tier = forms.ModelChoiceField(label=_("培育层级"), queryset=Tier.objects.none())
    batch = BatchChoiceField(label=_("批次"), queryset=Batch.objects.select_related("tier"), required=False, help_text=_("留空则列出该层级全部在库企业"))
    county = forms.ModelChoiceField(label=_("县（区）"), queryset=Region.objects.filter(level=Region.Level.COUNTY), required=False, empty_label=_("全市"))
    on = BusinessDateField(label=_("测评日期"), widget=AdminDateWidget, initial=today, help_text=_("决定适用的标准版本和“上年”"))
    rule_version = forms.ChoiceField(label=_("测评标准版本"), required=False, choices=rule_version_choices)
    eligible_only = forms.BooleanField(label=_("只列符合条件的企业"), required=False)
    layout = forms.ModelChoiceField(label=_("导出版式"), queryset=ExportLayout.objects.all(), to_field_name="code", initial=PROVINCIAL_LAYOUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = Tier.objects.filter(code__in=evaluable_tier_codes())

    def clean(self):
        cleaned = super().clean()
        tier, batch = cleaned.get("tier"), cleaned.get("batch")
        if tier and batch and batch.tier_id != tier.pk:
            self.add_error("batch", gettext("批次“%(batch)s”不属于“%(tier)s”") % {"batch": batch.name, "tier": tier.name})
        if tier and cleaned.get("rule_version"):
            try:
                check_override(rule_tier_of(tier.code), cleaned["rule_version"])
            except EligibilityError as error:
                self.add_error("rule_version", str(error))
        return cleaned


class AddToBatchForm(forms.Form):
    """The enterprise-list action's form: which batch the passing firms join, and the date they are judged on."""

    title = _("将符合条件的企业加入批次")
    batch = BatchChoiceField(label=_("加入批次"), queryset=Batch.objects.none(), help_text=_("按该批次所属层级的条件测评，符合的企业以“培育中”入库"))
    on = BusinessDateField(label=_("测评与入库日期"), widget=AdminDateWidget, initial=today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = Batch.objects.filter(tier__code__in=evaluable_tier_codes()).select_related("tier").order_by("tier__rank", "-year", "name")
