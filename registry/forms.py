from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy as _

from .models import CHECK_DIGIT_PROBLEM, Enterprise
from .scope import visible_enterprises


def duplicate_uscc_message(existing, user):
    """Where the firm holding the code already is: a link when the user may open it, else whom to ask."""
    if user is not None and visible_enterprises(user).filter(pk=existing.pk).exists():
        url = reverse("admin:registry_enterprise_change", args=[existing.pk])
        return format_html(gettext("该统一社会信用代码已登记为“<a href=\"{url}\">{name}</a>”，请打开该企业修改，不要重复新增"), url=url, name=existing.name)
    return gettext("该统一社会信用代码已由其他县（区）或功能区登记，请联系市级管理员")


class EnterpriseForm(forms.ModelForm):
    user = None  # the admin sets the requesting user, so the duplicate-code message links only to a firm they may open

    class Meta:
        model = Enterprise
        fields = "__all__"

    def _post_clean(self):
        super()._post_clean()
        # Only this form has the override box, so only here does the check-digit message point to it.
        if any(message.startswith(CHECK_DIGIT_PROBLEM) for message in self.errors.get("uscc", ())):
            self.errors["uscc"].append(gettext("如确认代码无误，请勾选“校验位豁免”并填写理由"))
        if any(error.code == "unique" for error in self.errors.as_data().get("uscc", ())):
            existing = Enterprise.objects.exclude(pk=self.instance.pk).filter(uscc=self.instance.uscc).first()
            if existing is not None:
                self.errors["uscc"] = self.error_class([duplicate_uscc_message(existing, self.user)], renderer=self.renderer)


class ArchiveForm(forms.Form):
    title = _("归档企业")
    reason = forms.CharField(label=_("归档原因"), max_length=200, help_text=_("例如：企业注销、迁出本市"))
