from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "从 dumpdata 备份文件恢复数据（恢复期间不生成新的变更记录，备份中已有的变更记录原样恢复）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="python manage.py dumpdata --format xml ... 生成的备份文件")

    def handle(self, *args, file, **options):
        # Restored rows re-fire change signals; history is restored from the backup instead.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            try:
                call_command("loaddata", file, stdout=self.stdout)
            except Exception as error:  # loaddata wraps every failure; say it plainly and change nothing
                raise CommandError(f"恢复失败，数据库未改动：{error}") from error
