from django import forms


class ArchiveForm(forms.Form):
    title = "归档企业"
    reason = forms.CharField(label="归档原因", max_length=200, help_text="例如：企业注销、迁出本市")
