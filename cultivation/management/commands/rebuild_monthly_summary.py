import time

from django.core.management.base import BaseCommand
from django.db import transaction

from cultivation.monitoring.summary import rebuild
from registry.sheets.import_lock import lock_imports


class Command(BaseCommand):
    help = "由月度数据重新生成月度汇总（各企业各统计期的累计、同比、近12个月数）及其按县区、功能区的合计；平时由每次导入和编辑随时更新，无需运行"

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            # No import may write reports while the summary is rebuilt from them.
            lock_imports()
            rows = rebuild()
        self.stdout.write(f"月度汇总已重新生成：{rows} 行，用时 {time.monotonic() - started:.1f} 秒")
