"""Forms of the project pages: the progress import's upload (with 1–N月累计), the status change, the breakdown's choices."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.fields import BusinessDateField
from registry.models import Region, Zone
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


class BreakdownForm(forms.Form):
    """The 月度指标分解 screen's choices; anything it cannot take shows this year for every area in scope."""

    year = forms.IntegerField(label=_("年度"), min_value=1900, max_value=2100, required=False)
    county = forms.ModelChoiceField(label=_("县（区）"), queryset=Region.objects.filter(level=Region.Level.COUNTY), required=False, empty_label=_("全部"))
    zone = forms.ModelChoiceField(label=_("功能区"), queryset=Zone.objects.all(), required=False, empty_label=_("全部"))

    def chosen(self, name):
        return self.cleaned_data.get(name) if self.is_valid() else None
