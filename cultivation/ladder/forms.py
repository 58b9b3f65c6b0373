from django import forms
from django.contrib.admin.widgets import AdminDateWidget

from cultivation.models import Batch, PoolEntry
from cultivation.models.ladder import OPEN_STATUSES

from .services import today


class ActionForm(forms.Form):
    """Base of the bulk-action forms: the business date every step needs."""

    title = ""
    on = forms.DateField(label="日期", widget=AdminDateWidget, initial=today)
    note = forms.CharField(label="说明", required=False, max_length=300)

    def __init__(self, *args, tiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        if "batch" in self.fields:
            self.fields["batch"].queryset = Batch.objects.filter(tier__in=tiers).select_related("tier")


class ApplyForm(ActionForm):
    title = "标记为已申报"
    batch = forms.ModelChoiceField(label="申报批次", queryset=Batch.objects.none(), required=False)
    override_reason = forms.CharField(label="前置条件豁免理由", required=False, max_length=200, help_text="仅在企业未持有有效前置层级认定、但确需申报时填写；将被记录")


class RecogniseForm(ActionForm):
    title = "标记为已认定"
    batch = forms.ModelChoiceField(label="认定批次", queryset=Batch.objects.none(), required=False)
    document_number = forms.CharField(label="文号", required=False, max_length=80)


class RejectForm(ActionForm):
    title = "标记为未通过"


class ExitForm(ActionForm):
    title = "退库"
    note = forms.CharField(label="退库原因", max_length=200)


class PoolEntryAddForm(forms.ModelForm):
    """The add page only enters a firm as a candidate; later steps are bulk actions."""

    class Meta:
        model = PoolEntry
        fields = ("enterprise", "tier", "entered_on", "batch", "target_year", "officer", "notes")

    def clean(self):
        cleaned = super().clean()
        enterprise, tier, batch = cleaned.get("enterprise"), cleaned.get("tier"), cleaned.get("batch")
        if tier and not tier.active:
            self.add_error("tier", f"培育层级“{tier.name}”已停用")
        if tier and batch and batch.tier_id != tier.pk:
            self.add_error("batch", f"批次“{batch.name}”不属于“{tier.name}”")
        if enterprise and tier and PoolEntry.objects.filter(enterprise=enterprise, tier=tier, status__in=OPEN_STATUSES).exists():
            raise forms.ValidationError(f"{enterprise.name} 在“{tier.name}”已有未结束的培育记录")
        return cleaned


class PoolEntryChangeForm(forms.ModelForm):
    class Meta:
        model = PoolEntry
        fields = ("batch", "valid_until", "valid_until_reason", "review_due_on", "target_year", "document_number", "officer", "notes")

    def clean(self):
        cleaned = super().clean()
        if "valid_until" in self.changed_data:
            if self.instance.status != PoolEntry.Status.RECOGNISED:
                self.add_error("valid_until", "只有已认定的记录可以调整有效期")
            elif not (cleaned.get("valid_until_reason") or "").strip() or "valid_until_reason" not in self.changed_data:
                self.add_error("valid_until_reason", "调整有效期须填写新的调整理由")
        batch = cleaned.get("batch")
        if batch and batch.tier_id != self.instance.tier_id:
            self.add_error("batch", f"批次“{batch.name}”不属于“{self.instance.tier.name}”")
        return cleaned
