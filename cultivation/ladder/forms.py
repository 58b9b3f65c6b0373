from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cultivation.models import Batch, PoolEntry
from cultivation.models.ladder import OPEN_STATUSES
from registry.fields import BusinessDateField

from .services import today


class ActionForm(forms.Form):
    """Base of the bulk-action forms: the business date every step needs."""

    title = ""
    on = BusinessDateField(label=_("日期"), widget=AdminDateWidget, initial=today)
    note = forms.CharField(label=_("说明"), required=False, max_length=300)

    def __init__(self, *args, tiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        if "batch" in self.fields:
            self.fields["batch"].queryset = Batch.objects.filter(tier__in=tiers).select_related("tier")


class ApplyForm(ActionForm):
    title = _("标记为已申报")
    batch = forms.ModelChoiceField(label=_("申报批次"), queryset=Batch.objects.none(), required=False)
    override_reason = forms.CharField(label=_("前置条件豁免理由"), required=False, max_length=200, help_text=_("仅在企业未持有有效前置层级认定、但确需申报时填写；将被记录"))


class RecogniseForm(ActionForm):
    title = _("标记为已认定")
    batch = forms.ModelChoiceField(label=_("认定批次"), queryset=Batch.objects.none(), required=False)
    document_number = forms.CharField(label=_("文号"), required=False, max_length=80)


class RejectForm(ActionForm):
    title = _("标记为未通过")


class ExitForm(ActionForm):
    title = _("退库")
    note = forms.CharField(label=_("退库原因"), max_length=200)


class PoolEntryAddForm(forms.ModelForm):
    """The add page only enters a firm as a candidate; later steps are bulk actions."""

    class Meta:
        model = PoolEntry
        fields = ("enterprise", "tier", "entered_on", "batch", "target_year", "officer", "notes")

    def clean(self):
        cleaned = super().clean()
        enterprise, tier, batch = cleaned.get("enterprise"), cleaned.get("tier"), cleaned.get("batch")
        if tier and not tier.active:
            self.add_error("tier", gettext("培育层级“%(tier)s”已停用") % {"tier": tier.name})
        if tier and batch and batch.tier_id != tier.pk:
            self.add_error("batch", gettext("批次“%(batch)s”不属于“%(tier)s”") % {"batch": batch.name, "tier": tier.name})
        if enterprise and tier and PoolEntry.objects.filter(enterprise=enterprise, tier=tier, status__in=OPEN_STATUSES).exists():
            raise forms.ValidationError(gettext("%(enterprise)s 在“%(tier)s”已有未结束的培育记录") % {"enterprise": enterprise.name, "tier": tier.name})
        return cleaned


class PoolEntryChangeForm(forms.ModelForm):
    class Meta:
        model = PoolEntry
        fields = ("batch", "valid_until", "valid_until_reason", "review_due_on", "target_year", "document_number", "officer", "notes")

    def clean(self):
        cleaned = super().clean()
        if "valid_until" in self.changed_data:
            if self.instance.status != PoolEntry.Status.RECOGNISED:
                self.add_error("valid_until", gettext("只有已认定的记录可以调整有效期"))
            elif not (cleaned.get("valid_until_reason") or "").strip() or "valid_until_reason" not in self.changed_data:
                self.add_error("valid_until_reason", gettext("调整有效期须填写新的调整理由"))
        batch = cleaned.get("batch")
        if batch and batch.tier_id != self.instance.tier_id:
            self.add_error("batch", gettext("批次“%(batch)s”不属于“%(tier)s”") % {"batch": batch.name, "tier": self.instance.tier.name})
        return cleaned
