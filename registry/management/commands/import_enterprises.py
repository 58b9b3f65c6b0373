"""python manage.py import_enterprises FILE [--dry-run]: the firm list from xlsx or CSV, all rows or none."""

from registry.resources import EnterpriseResource
from registry.sheets.command import SheetImportCommand


class Command(SheetImportCommand):
    help = "从 xlsx 或 CSV 文件导入企业名录：按统一社会信用代码新增或更新；任何一行有错误时不写入任何数据。"

    def get_resource(self, options):
        return EnterpriseResource()
