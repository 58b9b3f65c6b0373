"""SheetImportExportMixin: import-export's admin flow with our formats, limits, template download and Chinese errors.

Use it before the ModelAdmin base: `class EnterpriseAdmin(SheetImportExportMixin, SimpleHistoryAdmin)`.
Import and export are gated by `<app>.import_<model>` / `<app>.export_<model>` (settings
IMPORT_EXPORT_IMPORT_PERMISSION_CODE / IMPORT_EXPORT_EXPORT_PERMISSION_CODE).
"""

import logging

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm, SelectableFieldsExportForm

from ..admin_guards import is_database_id
from .formats import SHEET_FORMATS, XLSX_CONTENT_TYPE
from .forms import UploadLimitMixin
from .language import in_sheet_language
from .limits import SheetRefused
from .services import result_summary
from .template import build_template

logger = logging.getLogger(__name__)


class SheetImportForm(UploadLimitMixin, ImportForm):
    pass


class SheetExportForm(SelectableFieldsExportForm):
    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class SheetImportExportMixin(ImportExportMixin):
    import_formats = list(SHEET_FORMATS)
    export_formats = list(SHEET_FORMATS)
    import_form_class = SheetImportForm
    export_form_class = SheetExportForm
    import_template_name = "admin/sheets/import.html"
    import_export_change_list_template = "admin/sheets/change_list_import_export.html"
    import_error_display = ("message",)

    def get_urls(self):
        info = self.get_model_info()
        urls = [path("import-template/", self.admin_site.admin_view(self.import_template_view), name="%s_%s_import_template" % info)]
        return urls + super().get_urls()

    def import_template_view(self, request):
        """下载导入模板: the header row and a 说明 sheet, from the resource's column declaration."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource_class = self.get_import_resource_classes(request)[0]
        with in_sheet_language():
            name = str(self.model._meta.verbose_name)  # the file name and sheet title stay Chinese
        content = build_template(resource_class.columns, title=f"{name}导入")
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"{name}导入模板.xlsx")
        return response

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        upload = request.FILES.get("import_file")
        if getattr(upload, "sheet_tmp_storage", None) is not None and not context.get("confirm_form"):
            # Only a preview without errors is confirmed later; any other kept copy would be left behind.
            upload.sheet_tmp_storage.remove()
        return response

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            # The list's filters came with the URL and one of them cannot apply (a hand-edited link): back to the list.
            messages.error(request, gettext("筛选条件无效，请在列表中重新筛选后再导出。"))
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    def write_to_tmp_storage(self, import_file, input_format):
        # Our formats are binary; joining the chunks once avoids import-export's repeated concatenation.
        tmp_storage = self.get_tmp_storage_class()(encoding=None, read_mode=input_format.get_read_mode(), **self.get_tmp_storage_class_kwargs())
        tmp_storage.save(b"".join(import_file.chunks()))
        import_file.sheet_tmp_storage = tmp_storage
        return tmp_storage

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SheetRefused):
            form.add_error("import_file", e.message)
            return
        logger.exception("Unreadable import file", exc_info=e)
        form.add_error("import_file", gettext("无法读取该文件。请确认选择的格式与文件一致，或在 Excel 中“另存为” .xlsx 后再上传。"))

    def add_success_message(self, result, request):
        messages.success(request, gettext("导入完成：%(summary)s。") % {"summary": result_summary(result)})
        for warning in getattr(result, "warnings", []):
            messages.warning(request, warning)

    def process_import(self, request, **kwargs):
        chosen = request.POST.get("format", "")
        # import-export indexes its format list with this hidden field as given; a hand-made form must not reach that.
        if not (is_database_id(chosen) and int(chosen) < len(self.get_import_formats())):
            return self.upload_again(request)
        try:
            return super().process_import(request, **kwargs)
        except (SheetRefused, OSError):
            # The uploaded copy kept between preview and confirm is gone or no longer readable.
            logger.exception("Confirmed import file unreadable")
            return self.upload_again(request)

    def upload_again(self, request):
        messages.error(request, gettext("确认导入时无法读取已上传的文件，没有写入任何数据。请重新上传。"))
        return HttpResponseRedirect(reverse("admin:%s_%s_import" % self.get_model_info(), current_app=self.admin_site.name))

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The data changed between preview and confirm; the import was rolled back.
            messages.error(request, gettext("导入未完成，没有写入任何数据。请根据下面的错误修改文件后重新上传。"))
            context = self.get_import_context_data()
            context.update(self.admin_site.each_context(request))
            form = self.get_import_form_class(request)(self.get_import_formats(), self.get_import_resource_classes(request))
            resources = [resource_class() for resource_class in self.get_import_resource_classes(request)]
            context.update(
                {
                    "title": gettext("导入"),
                    "opts": self.model._meta,
                    "result": result,
                    "form": form,
                    "media": self.media + form.media,
                    "fields_list": [(resource.get_display_name(), [field.column_name for field in resource.get_user_visible_fields()]) for resource in resources],
                    "import_error_display": self.import_error_display,
                }
            )
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)
