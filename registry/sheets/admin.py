"""The admin's spreadsheets: one import page for every kind of file (SheetImportMixin), and import-export's export.

Put SheetImportExportMixin before the ModelAdmin base: `class EnterpriseAdmin(SheetImportExportMixin, SimpleHistoryAdmin)`.
An admin imports through `get_importer(request)` (importers.py; by default its resource's). The page
uploads, shows a dry run (the preview, or every error with its row and column), keeps the file
(uploads.py) for the confirm step, which runs it for real if the file is still the one previewed.
Import and export are gated by `<app>.import_<model>` / `<app>.export_<model>` (settings
IMPORT_EXPORT_IMPORT_PERMISSION_CODE / IMPORT_EXPORT_EXPORT_PERMISSION_CODE).
"""

import hashlib
import logging
import re
from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext
from import_export.admin import ExportMixin
from import_export.forms import SelectableFieldsExportForm

from .formats import SHEET_FORMATS, XLSX_CONTENT_TYPE, write_xlsx
from .importers import ResourceImporter
from .language import in_sheet_language
from .template import build_template
from .background import import_in_background, runs_in_background
from .previews import keep_for_confirm, preview_drop, preview_keep, previews_waiting
from .uploads import KEPT_NAME, kept_upload

logger = logging.getLogger(__name__)

ERRORS_SHOWN = 1000  # on the page; when there are more, the file is kept for the full list as a download


class SheetImportMixin:
    import_template_name = "admin/sheets/import.html"

    def get_importer(self, request):
        return ResourceImporter(self.get_resource_classes(request)[0])

    def has_import_permission(self, request):
        codename = get_permission_codename(settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE, self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")

    def get_urls(self):
        view, info = self.admin_site.admin_view, (self.opts.app_label, self.opts.model_name)
        return [
            path("import/", view(self.import_action), name="%s_%s_import" % info),
            path("process_import/", view(self.process_import), name="%s_%s_process_import" % info),
            path("import/<str:file_name>/errors/", view(self.import_errors_view), name="%s_%s_import_errors" % info),
            path("import/<str:file_name>/preview/", view(self.import_resume_view), name="%s_%s_import_resume" % info),
            path("import-template/", view(self.import_template_view), name="%s_%s_import_template" % info),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_action(self, request):
        """Upload, then the dry run: the preview with its confirm form, or every error."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        importer = self.get_importer(request)
        form = importer.upload_form_class(request.POST or None, request.FILES or None)
        if request.method != "POST" or not form.is_valid():
            return self.render_import(request, importer, form)
        upload, options = form.cleaned_data["import_file"], form.options()
        content = b"".join(upload.chunks())
        outcome = importer.run(content=content, file_name=upload.name, user=request.user, dry_run=True, preview=True, **options)
        kept = None
        if outcome.ok:  # kept for the confirm step, and waiting on the user's home page until then
            kept = preview_keep(user=request.user, model=self.model, content=content, file_name=upload.name, options=options, rows=outcome.rows)
        elif len(outcome.row_errors) > ERRORS_SHOWN:  # kept for the full error list the page cannot show
            kept = keep_for_confirm(content=content, file_name=upload.name, options=options)
        return self.render_import(request, importer, form, outcome=outcome, kept=kept)

    def import_resume_view(self, request, file_name):
        """A preview waiting for its confirm step, shown again from the kept file (the link on the 待确认的导入 list)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        waiting = previews_waiting(request.user, self.model).filter(kept_name=file_name).first() if re.fullmatch(KEPT_NAME, file_name) else None
        if waiting is None:
            raise Http404(gettext("找不到该文件，请重新上传"))
        importer = self.get_importer(request)
        confirm, content = self.kept_file(importer, {**waiting.options, "import_file_name": waiting.kept_name, "original_file_name": waiting.file_name, "checksum": waiting.checksum})
        if content is None:
            preview_drop(kept_name=waiting.kept_name)
            messages.error(request, gettext("预览过的文件已不在（超过保留时间会被清理），请重新上传。"))
            return HttpResponseRedirect(reverse("admin:%s_%s_import" % (self.opts.app_label, self.opts.model_name), current_app=self.admin_site.name))
        outcome = importer.run(content=content, file_name=waiting.file_name, user=request.user, dry_run=True, preview=True, **confirm.options())
        if not outcome.ok:  # the registry changed since the preview: nothing to confirm any more
            preview_drop(kept_name=waiting.kept_name)
            return self.render_import(request, importer, importer.upload_form_class(), outcome=outcome)
        return self.render_import(request, importer, importer.upload_form_class(), outcome=outcome, kept=confirm.cleaned_data)

    def process_import(self, request):
        """The confirm step: the real run of the file the preview showed."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        importer = self.get_importer(request)
        confirm, content = self.kept_file(importer, request.POST)
        if content is None:
            messages.error(request, gettext("确认导入时无法读取已上传的文件，没有写入任何数据。请重新上传。"))
            return HttpResponseRedirect(reverse("admin:%s_%s_import" % (self.opts.app_label, self.opts.model_name), current_app=self.admin_site.name))
        kept, options = confirm.cleaned_data, confirm.options()
        if runs_in_background(kept["import_file_name"]):
            job = import_in_background(model=self.model, user=request.user, kept=kept, options=options)
            messages.info(request, gettext("文件已交给后台导入，完成前不会写入任何数据；本页显示进度。"))
            return HttpResponseRedirect(reverse("admin:registry_job_change", args=[job.pk], current_app=self.admin_site.name))
        outcome = importer.run(content=content, file_name=kept["original_file_name"], user=request.user, dry_run=False, log_user=request.user, **options)
        if not outcome.ok:
            # The registry changed between preview and confirm: nothing was written; show why.
            messages.error(request, gettext("导入未完成，没有写入任何数据。请根据下面的错误修改文件后重新上传。"))
            many_errors = len(outcome.row_errors) > ERRORS_SHOWN
            preview_drop(kept_name=kept["import_file_name"], keep_file=many_errors)
            kept = kept if many_errors else None
            return self.render_import(request, importer, importer.upload_form_class(), outcome=outcome, kept=kept)
        preview_drop(kept_name=kept["import_file_name"])
        messages.success(request, importer.success_message(outcome))
        for warning in outcome.warnings:
            messages.warning(request, warning)
        changelist = reverse("admin:%s_%s_changelist" % (self.opts.app_label, self.opts.model_name), current_app=self.admin_site.name)
        return HttpResponseRedirect(changelist + importer.changelist_query(outcome))

    def import_errors_view(self, request, file_name):
        """Every error of a kept file, as an xlsx (the page shows the first ERRORS_SHOWN)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        importer = self.get_importer(request)
        confirm, content = self.kept_file(importer, {**request.GET.dict(), "import_file_name": file_name})
        if content is None:
            raise Http404(gettext("找不到该文件，请重新上传"))
        original = confirm.cleaned_data["original_file_name"]
        outcome = importer.run(content=content, file_name=original, user=request.user, dry_run=True, **confirm.options())
        rows = [(error.row, error.column, error.message) for error in outcome.errors]
        response = HttpResponse(write_xlsx(("行号", "列", "错误原因"), rows, title="错误清单"), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"错误清单_{PurePath(original).stem}.xlsx")  # not 月报.xlsx.xlsx
        return response

    def import_template_view(self, request):
        """下载导入模板: the header row and a 说明 sheet, from the importer's column declaration."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        with in_sheet_language():
            name = str(self.model._meta.verbose_name)  # the file name and sheet title stay Chinese
        content = build_template(self.get_importer(request).columns, title=f"{name}导入")
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"{name}导入模板.xlsx")
        return response

    def kept_file(self, importer, data):
        """The confirm form and the file its preview kept; the content is None when the form names none, it is gone, or it is another file."""
        confirm = importer.confirm_form_class(data)
        if not confirm.is_valid():
            return confirm, None
        try:
            content = kept_upload(confirm.cleaned_data["import_file_name"])
        except OSError:
            logger.warning("Kept import file unreadable: %s", confirm.cleaned_data["import_file_name"])
            return confirm, None
        # The file must be the one previewed: the checksum travels with the confirm form.
        if hashlib.sha256(content).hexdigest() != confirm.cleaned_data["checksum"]:
            return confirm, None
        return confirm, content

    def render_import(self, request, importer, form, *, outcome=None, kept=None):
        row_errors = outcome.row_errors if outcome is not None else []
        confirm_form = importer.confirm_form_class(initial=kept) if outcome is not None and outcome.ok and kept else None
        options = {name: value for name, value in (kept or {}).items() if name not in importer.confirm_form_class.STEP_FIELDS}
        context = {
            **self.admin_site.each_context(request),
            "title": importer.title,
            "opts": self.opts,
            "importer": importer,
            "form": form,
            "columns": [column.header for column in importer.columns if not column.readonly],
            "outcome": outcome,
            "confirm_form": confirm_form,
            "preview_summary": importer.preview_summary(outcome, **options) if confirm_form else "",
            "preview_title": importer.preview_title(outcome, **options) if confirm_form else "",
            "error_rows": len({error.row for error in row_errors}),
            "errors_shown": row_errors[:ERRORS_SHOWN],
            "errors_hidden": max(len(row_errors) - ERRORS_SHOWN, 0),
            "errors_url": self.errors_url(kept) if kept and row_errors else None,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.import_template_name, context)

    def errors_url(self, kept):
        query = urlencode({name: value for name, value in kept.items() if name != "import_file_name"})
        return reverse("admin:%s_%s_import_errors" % (self.opts.app_label, self.opts.model_name), args=[kept["import_file_name"]], current_app=self.admin_site.name) + "?" + query


class SheetExportForm(SelectableFieldsExportForm):
    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class SheetImportExportMixin(SheetImportMixin, ExportMixin):
    export_formats = list(SHEET_FORMATS)
    export_form_class = SheetExportForm
    import_export_change_list_template = "admin/sheets/change_list_import_export.html"

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            # The list's filters came with the URL and one of them cannot apply (a hand-edited link): back to the list.
            messages.error(request, gettext("筛选条件无效，请在列表中重新筛选后再导出。"))
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
