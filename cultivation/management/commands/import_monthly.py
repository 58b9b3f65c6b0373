"""python manage.py import_monthly FILE [--cumulative] [--dry-run]: the same service as the admin import."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cultivation.monitoring.importer import import_monthly
from registry.sheets.limits import SheetRefused, check_upload_size


class Command(BaseCommand):
    help = "导入月度监测数据（xlsx 或 CSV）：按企业和统计期新增或更新；任何一行有错误时不写入任何数据。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="xlsx 或 csv 文件（CSV 可为 UTF-8 或 GBK 编码）")
        parser.add_argument("--cumulative", action="store_true", help="文件中的数字是1-N月累计数，换算为当月数后保存")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")
        parser.add_argument("--user", help="记为导入人的用户名（写入导入记录）")

    def handle(self, *args, file, cumulative, dry_run, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            check_upload_size(path.stat().st_size)
        except SheetRefused as refusal:
            raise CommandError(refusal.message) from None
        acting_user = self.acting_user(user)
        outcome = import_monthly(content=path.read_bytes(), file_name=path.name, user=acting_user, cumulative=cumulative, dry_run=dry_run, progress=self.progress())
        for warning in outcome.warnings:
            self.stdout.write(self.style.WARNING(f"提示：{warning}"))
        for message in outcome.all_errors():
            self.stdout.write(message)
        if not outcome.ok:
            raise CommandError(f"共 {outcome.error_count} 处错误，没有写入任何数据。请修改文件后重新导入。")
        self.stdout.write(f"{outcome.summary}（统计期：{outcome.period_summary}）")
        if dry_run:
            self.stdout.write("试运行：检查通过，未写入数据库。")
        else:
            self.stdout.write(self.style.SUCCESS(f"已导入，导入记录编号 {outcome.record.pk}"))

    def acting_user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"找不到用户：{username}") from None

    def progress(self):
        # Stage names only on a terminal: a log file gets the summary alone.
        if not self.stderr.isatty():
            return None
        return lambda stage: self.stderr.write(f"{stage}…")
