"""The two steps of every import page: the upload, and the confirm form that names the file kept meanwhile."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .limits import SheetRefused, check_upload_size
from .uploads import KEPT_NAME


class ImportOptionsMixin:
    """An importer's options are the fields a subclass adds (a 1–N月累计 box): the same on both steps."""

    STEP_FIELDS = ("import_file", "import_file_name", "original_file_name", "checksum")

    def options(self):
        return {name: value for name, value in self.cleaned_data.items() if name not in self.STEP_FIELDS}


class SheetUploadForm(ImportOptionsMixin, forms.Form):
    import_file = forms.FileField(label=_("要导入的文件"), help_text=_("xlsx 或 csv（UTF-8 或 GBK 编码）"))

    def clean_import_file(self):
        # An oversize file is refused here, before anything reads it.
        upload = self.cleaned_data["import_file"]
        try:
            check_upload_size(upload.size)
        except SheetRefused as refusal:
            raise forms.ValidationError(refusal.message) from None
        return upload


class SheetConfirmForm(ImportOptionsMixin, forms.Form):
    """What the preview hands to the confirm step (and to the full error list): the file itself waits in storage (uploads.py)."""

    import_file_name = forms.RegexField(regex=KEPT_NAME, widget=forms.HiddenInput)
    original_file_name = forms.CharField(max_length=255, widget=forms.HiddenInput)
    checksum = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
