from django.apps import apps
from django.core.management.base import BaseCommand

from registry.roles import sync_roles


class Command(BaseCommand):
    help = "按代码中的定义重建三个角色（市级管理员、县区/功能区经办人、只读）的权限"

    def handle(self, *args, **options):
        sync_roles(apps)
        self.stdout.write("角色权限已同步")
