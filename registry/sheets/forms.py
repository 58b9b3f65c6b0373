"""Form pieces every spreadsheet upload shares."""

from django import forms

from .limits import SheetRefused, check_upload_size


class UploadLimitMixin:
    """Refuses an oversize `import_file` on the form, before anything reads it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_upload_size(upload.size)
        except SheetRefused as refusal:
            raise forms.ValidationError(refusal.message) from None
        return upload
