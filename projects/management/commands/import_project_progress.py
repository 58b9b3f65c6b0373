"""python manage.py import_project_progress FILE [--cumulative] [--dry-run] [--user NAME]: the same importer as the admin import."""

from cultivation.management.commands.import_monthly import Command as MonthlyImportCommand
from projects.views import ProgressImporter


class Command(MonthlyImportCommand):
    """The monthly import's options (--cumulative, --user) on project progress."""

    help = "导入项目月度进度（xlsx 或 CSV）：按项目编号和统计期新增或更新；任何一行有错误时不写入任何数据。"

    def get_importer(self, options):
        return ProgressImporter()
