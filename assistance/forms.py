"""The admin's forms for service records and problems: each shows the service's own refusal rather than repeat its checks."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from registry.colleagues import colleagues
from registry.dates import today
from registry.fields import BusinessDateField
from registry.models import display_name

from . import services
from .models import AssigneeUnit, Problem, ServiceRecord

CONFIRM_PAST_DUE = _("确认时限已过")


class ConfirmPastDueField(forms.BooleanField):
    """The box that lets a due date already past be saved (补录); a tabular inline heads its column with short_description."""

    def __init__(self, **kwargs):
        super().__init__(label=CONFIRM_PAST_DUE, required=False, **kwargs)

    @property
    def short_description(self):
        return self.label


def refused(form, refusal):
    """Show a service's refusal on the form: by field where the form has it, else above the form."""
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class OfficersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class ActingUserForm(forms.ModelForm):
    """A model form that knows who fills it in (set by the admin's get_form), so its checks are the service's."""

    acting_user = None


class ServiceRecordForm(ActingUserForm):
    class Meta:
        model = ServiceRecord
        fields = ("enterprise", "served_on", "way", "officers", "discussed", "follow_up")
        field_classes = {"served_on": BusinessDateField, "officers": OfficersChoiceField}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enterprise") and cleaned.get("served_on"):
            try:
                services.service_record_check(enterprise=cleaned["enterprise"], served_on=cleaned["served_on"], officers=list(cleaned.get("officers") or ()), acting_user=self.acting_user)
            except services.AssistanceRefusal as refusal:
                refused(self, refusal)
        return cleaned


class RaisedProblemForm(forms.ModelForm):
    """A problem raised during a visit: a row of the service record's inline."""

    confirm_past_due = ConfirmPastDueField()

    class Meta:
        model = Problem
        fields = ("category", "description", "due_on")
        field_classes = {"due_on": BusinessDateField}
        widgets = {"description": forms.Textarea(attrs={"rows": 2, "cols": 40})}


class RaisedProblemFormSet(BaseInlineFormSet):
    acting_user = None

    def clean(self):
        super().clean()
        record = self.instance
        if record.served_on is None:
            return  # the record's own form reports its date
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form) or form.instance.pk or not hasattr(form, "cleaned_data"):
                continue
            data = form.cleaned_data
            try:
                services.problem_check(raised_on=record.served_on, description=data.get("description"), due_on=data.get("due_on"), confirm_past_due=data.get("confirm_past_due"), acting_user=self.acting_user)
            except services.AssistanceRefusal as refusal:
                refused(form, refusal)


class ProblemAddForm(ActingUserForm):
    """A problem raised outside a visit (a call, a letter, a meeting)."""

    confirm_past_due = ConfirmPastDueField()

    class Meta:
        model = Problem
        fields = ("enterprise", "raised_on", "way", "category", "description", "officer", "due_on")
        field_classes = {"raised_on": BusinessDateField, "due_on": BusinessDateField, "officer": OfficerChoiceField}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("raised_on"):
            try:
                if cleaned.get("enterprise"):
                    services.check_firm(cleaned["enterprise"], self.acting_user)
                services.problem_check(raised_on=cleaned["raised_on"], description=cleaned.get("description"), officer=cleaned.get("officer"), due_on=cleaned.get("due_on"), confirm_past_due=cleaned.get("confirm_past_due"), acting_user=self.acting_user)
            except services.AssistanceRefusal as refusal:
                refused(self, refusal)
        return cleaned


class ProblemChangeForm(ActingUserForm):
    """The problem's own facts; its status, unit and result change by the list's steps."""

    confirm_past_due = ConfirmPastDueField()

    class Meta:
        model = Problem
        fields = services.EDITABLE_FIELDS
        field_classes = {"due_on": BusinessDateField, "officer": OfficerChoiceField}

    def changes(self):
        return {name: self.cleaned_data[name] for name in self.changed_data if name in services.EDITABLE_FIELDS and name in self.cleaned_data}

    def clean(self):
        cleaned = super().clean()
        changes = self.changes()
        try:
            if "officer" in changes:
                services.check_officers([changes["officer"]], self.acting_user, "officer")
            if changes.get("due_on"):
                services.check_due_on(changes["due_on"], self.instance.raised_on, cleaned.get("confirm_past_due"))
        except services.AssistanceRefusal as refusal:
            refused(self, refusal)
        return cleaned


class StepForm(forms.Form):
    """Base of the step forms the problem list's actions ask for; `user` limits whom they may name."""

    title = ""

    class Media:
        js = ("admin/js/core.js", "admin/js/calendar.js", "admin/js/admin/DateTimeShortcuts.js")  # the action page is no change form: the date picker needs core.js

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "officer" in self.fields:
            self.fields["officer"].queryset = colleagues(user).order_by("last_name", "first_name", "username")


class AssignForm(StepForm):
    title = _("交办")
    unit = forms.ModelChoiceField(label=_("交办单位"), queryset=AssigneeUnit.objects.filter(active=True))
    officer = OfficerChoiceField(label=_("责任人"), queryset=None, required=False)
    due_on = BusinessDateField(label=_("办结时限"), widget=AdminDateWidget, required=False)
    confirm_past_due = ConfirmPastDueField()
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class StartForm(StepForm):
    title = _("开始办理")
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class ResolveForm(StepForm):
    title = _("办结（已化解）")
    resolution = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 3}))
    resolved_on = BusinessDateField(label=_("办结日期"), widget=AdminDateWidget, initial=today)
    satisfaction = forms.ChoiceField(label=_("企业满意度"), choices=[("", "—"), *Problem.Satisfaction.choices], required=False)


class GiveUpForm(StepForm):
    title = _("办结（无法化解）")
    reason = forms.CharField(label=_("无法化解原因"), max_length=300)
    resolution = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 3}))
    resolved_on = BusinessDateField(label=_("办结日期"), widget=AdminDateWidget, initial=today)


class WithdrawForm(StepForm):
    title = _("企业撤回")
    reason = forms.CharField(label=_("撤回原因"), max_length=300)


class ReopenForm(StepForm):
    title = _("重新办理")
    reason = forms.CharField(label=_("重新办理原因"), max_length=300)
