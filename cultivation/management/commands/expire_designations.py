import datetime

from django.core.management.base import BaseCommand, CommandError

from cultivation.ladder.services import expire_designations
from registry.dates import today


class Command(BaseCommand):
    help = "将有效期已过的认定记录标记为“已到期”（可每日运行，重复运行无副作用）"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按此日期判断（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        on = today()
        if options["today"]:
            try:
                on = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today 应为 YYYY-MM-DD 格式的日期，收到：{options['today']}") from None
        count = expire_designations(on=on)
        self.stdout.write(f"{on}：{count} 条认定记录已到期")
