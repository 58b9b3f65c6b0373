"""python manage.py import_monthly FILE [--cumulative] [--dry-run] [--user NAME]: the same importer as the admin import."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from cultivation.monitoring.views import MonthlyImporter
from registry.sheets.command import SheetImportCommand


class Command(SheetImportCommand):
    help = "导入月度监测数据（xlsx 或 CSV）：按企业和统计期新增或更新；任何一行有错误时不写入任何数据。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--cumulative", action="store_true", help="文件中的数字是1-N月累计数，换算为当月数后保存")
        parser.add_argument("--user", help="记为导入人的用户名（写入导入记录）")

    def get_importer(self, options):
        return MonthlyImporter()

    def import_options(self, options):
        return {"cumulative": options["cumulative"]}

    def get_user(self, options):
        if not options["user"]:
            return None
        try:
            return get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist:
            raise CommandError(f"找不到用户：{options['user']}") from None

    def progress(self):
        # Stage names only on a terminal: a log file gets the summary alone.
        if not self.stderr.isatty():
            return None
        return lambda stage: self.stderr.write(f"{stage}…")
