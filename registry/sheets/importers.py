"""Importers: what the one import page (admin.SheetImportMixin) and the import commands plug in for each kind of file.

An importer says how to run a file for a user with its options (a dry run for the preview, the real
run on confirm), which columns it reads (the template and the page's list), which forms carry its
options, and what the preview and the success message say beyond the counts.
"""

from django.utils.translation import gettext, gettext_lazy as _

from .forms import SheetConfirmForm, SheetUploadForm
from .services import run_import


class SheetImporter:
    upload_form_class = SheetUploadForm
    confirm_form_class = SheetConfirmForm  # carries the upload form's options as hidden fields
    title = _("导入")
    intro = _("支持 .xlsx 与 .csv（UTF-8 或 GBK 编码）。表头按导入模板填写，常见别名和全角括号、单位后缀都能识别。")
    columns = ()

    def run(self, *, content, file_name, user=None, dry_run, preview=False, progress=None, log_user=None, **options):
        """An ImportOutcome; with `dry_run` nothing is written, and with `preview` too the outcome holds the first rows.

        `user` is who imports (their area limits the rows); `log_user`, when the admin runs it, whose log shows the rows written.
        """
        raise NotImplementedError

    def describe(self, outcome, **options):
        """What the summary line adds to the counts for this kind of file, or ""."""
        return ""

    def preview_summary(self, outcome, **options):
        return gettext("共 %(rows)s 行，全部通过校验。确认后将%(summary)s。") % {"rows": outcome.rows, "summary": outcome.summary}

    def preview_title(self, outcome, **options):
        return gettext("前 %(n)s 行（按文件）") % {"n": len(outcome.preview)}

    def success_message(self, outcome):
        return gettext("导入完成：%(summary)s。") % {"summary": outcome.summary}

    def changelist_query(self, outcome):
        """Where the list opens after the import: "" for the whole list."""
        return ""


class ResourceImporter(SheetImporter):
    """A SheetResource's import: every row through import-export, all rows or none."""

    def __init__(self, resource):
        self.resource = resource  # a class, made anew for each run, or an instance for one run (a command's)
        self.columns = resource.columns

    def run(self, *, content, file_name, user=None, dry_run, preview=False, progress=None, log_user=None, **options):
        return run_import(self.resource, content, file_name, dry_run=dry_run, user=user, progress=progress, preview=preview and dry_run, log_user=log_user)
