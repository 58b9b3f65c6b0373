from django import forms
from django.utils.translation import gettext, gettext_lazy as _

from .models import CHECK_DIGIT_PROBLEM, Enterprise


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = "__all__"

    def _post_clean(self):
        super()._post_clean()
        # Only this form has the override box, so only here does the check-digit message point to it.
        if any(message.startswith(CHECK_DIGIT_PROBLEM) for message in self.errors.get("uscc", ())):
            self.errors["uscc"].append(gettext("如确认代码无误，请勾选“校验位豁免”并填写理由"))


class ArchiveForm(forms.Form):
    title = _("归档企业")
    reason = forms.CharField(label=_("归档原因"), max_length=200, help_text=_("例如：企业注销、迁出本市"))
