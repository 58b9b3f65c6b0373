"""Forms of the project pages: the progress import's upload (with 1–N月累计), the status change, the breakdown's choices."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.fields import BusinessDateField
from registry.sheets.forms import SheetUploadForm

from .models import ProjectStatus


class ProgressImportForm(SheetUploadForm):
    import_file = forms.FileField(label=_("项目月度进度文件"), help_text=_("xlsx 或 csv（UTF-8 或 GBK 编码）"))
    cumulative = forms.BooleanField(label=_("文件中的投资是1-N月累计数（换算为当月数后保存）"), required=False)


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("新状态"), choices=ProjectStatus.choices)
    on = BusinessDateField(label=_("日期"))
    note = forms.CharField(label=_("原因或说明"), max_length=300, required=False, help_text=_("状态后退或停缓建时必填"))

    @property
    def title(self):
        return _("变更项目状态")
