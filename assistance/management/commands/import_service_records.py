"""python manage.py import_service_records FILE [--dry-run]: the officers' service sheet, all rows or none (the admin's importer)."""

from registry.sheets.command import SheetImportCommand


class Command(SheetImportCommand):
    help = "从 xlsx 或 CSV 文件导入服务记录（每行一次服务，可带一个问题诉求）；任何一行有错误时不写入任何数据。"

    def get_resource(self, options):
        from assistance.resources import ServiceRecordResource

        return ServiceRecordResource()
