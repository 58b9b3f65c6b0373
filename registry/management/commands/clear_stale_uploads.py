import datetime

from django.core.management.base import BaseCommand, CommandError

from registry.sheets.previews import clear_stale_previews

MOST_HOURS = 24 * 366 * 100  # beyond a century the cut-off date would fall before year 1


class Command(BaseCommand):
    help = "删除上传后超过指定时长仍未确认导入的预览文件（可每日运行）"

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="保留最近多少小时内上传的文件，默认 24")

    def handle(self, *args, **options):
        if options["hours"] < 1:
            raise CommandError("--hours 至少为 1：正在预览的文件不能删除")
        if options["hours"] > MOST_HOURS:
            raise CommandError(f"--hours 至多为 {MOST_HOURS}（一百年）")
        removed = clear_stale_previews(datetime.timedelta(hours=options["hours"]))
        self.stdout.write(f"已删除 {removed} 个超过 {options['hours']} 小时未确认的导入文件")
