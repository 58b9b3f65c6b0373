from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.translation import gettext_lazy as _

from cultivation.models import Batch, PoolEntry
from registry.fields import BusinessDateField
from registry.models import Region, Zone

from registry.dates import today

from .services import LadderRefusal, check_entry, check_update


class ActionForm(forms.Form):
    """Base of the bulk-action forms: the business date every step needs."""

    title = ""
    on = BusinessDateField(label=_("日期"), widget=AdminDateWidget, initial=today)
    note = forms.CharField(label=_("说明"), required=False, max_length=300)

    def __init__(self, *args, tiers=(), batches=(), **kwargs):
        super().__init__(*args, **kwargs)
        if "batch" in self.fields:
            self.fields["batch"].queryset = Batch.objects.filter(tier__in=tiers).select_related("tier")
            if len(set(batches)) == 1 and None not in batches:  # every entry chosen is in one batch, e.g. the one chosen at 申报
                self.fields["batch"].initial = next(iter(batches))


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
        if cleaned.get("enterprise") and cleaned.get("tier"):
            try:
                check_entry(enterprise=cleaned["enterprise"], tier=cleaned["tier"], batch=cleaned.get("batch"))
            except LadderRefusal as refusal:
                self.add_error(None, refusal)
        return cleaned


class PoolEntryChangeForm(forms.ModelForm):
    class Meta:
        model = PoolEntry
        fields = ("batch", "valid_until", "valid_until_reason", "review_due_on", "target_year", "document_number", "officer", "notes")

    def changes(self):
        """What the user changed, as the update service takes it: a new validity always comes with the reason typed now."""
        changes = {name: self.cleaned_data[name] for name in self.changed_data if name in self.cleaned_data}
        if "valid_until" in changes and "valid_until_reason" not in self.changed_data:
            changes["valid_until_reason"] = ""  # the reason already stored is not a reason for this change
        return changes

    def clean(self):
        cleaned = super().clean()
        try:
            check_update(self.instance, self.changes())
        except LadderRefusal as refusal:
            self.add_error(None, refusal)
        return cleaned


class ProgressFilterForm(forms.Form):
    """The progress page's year and area; a clerk gets no area fields, their own area is the only one they see."""

    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100, widget=forms.NumberInput(attrs={"list": "progress-years", "style": "width:6em"}))
    county = forms.ModelChoiceField(label=_("县（区）"), queryset=Region.objects.filter(level=Region.Level.COUNTY), required=False, empty_label=_("全部"))
    zone = forms.ModelChoiceField(label=_("功能区"), queryset=Zone.objects.all(), required=False, empty_label=_("全部"))
    behind = forms.BooleanField(label=_("只看落后于时间进度的"), required=False)  # the home page's to-do opens the page with it

    def __init__(self, data, *, areas=True, **kwargs):
        super().__init__(data, **kwargs)
        if not areas:
            del self.fields["county"], self.fields["zone"]

    def chosen(self, name):
        return self.cleaned_data.get(name) if self.is_valid() else None
