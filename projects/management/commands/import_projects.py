"""python manage.py import_projects FILE [--dry-run]: the same importer as the admin's 工业项目 import."""

from projects.resources import ProjectResource
from registry.sheets.command import SheetImportCommand


class Command(SheetImportCommand):
    help = "导入工业项目（xlsx 或 CSV）：按项目编号新增或更新；任何一行有错误时不写入任何数据。"

    def get_resource(self, options):
        return ProjectResource()
