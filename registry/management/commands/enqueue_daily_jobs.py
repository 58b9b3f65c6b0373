from django.core.management.base import BaseCommand

from registry.tasks import enqueue_daily_jobs


class Command(BaseCommand):
    help = "把每日任务（到期认定、清理未确认的导入文件等）放入后台队列，由 db_worker 执行（供 cron 或 systemd 定时器每日调用）"

    def handle(self, *args, **options):
        for result in enqueue_daily_jobs():
            self.stdout.write(f"已排队：{result.task.name}（{result.id}）")
