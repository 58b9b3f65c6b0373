from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django_tasks_db.apps import TasksAppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    default = True  # this module also holds AxesConfig, so Django would not pick this one by itself
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = _("企业名录")
    # Staff roles (roles.py): what a county or zone officer may do here: their area's firms; reference data read-only.
    officer_permissions = (
        "view_enterprise", "add_enterprise", "change_enterprise", "import_enterprise", "export_enterprise",
        "view_region", "view_zone", "view_industry", "view_industrychain", "view_cluster", "view_importrecord", "view_importpreview", "view_job",
    )
    # The models whose history rows an import's record lists (audit.py), in this order.
    audited_models = ("registry.Enterprise",)
    # The files an 导入记录 records, by code (sheets/kinds.py).
    import_kinds = (("enterprises", _("企业名录")),)
    # Tasks `enqueue_daily_jobs` puts on the queue each day (tasks.py).
    daily_tasks = ("registry.tasks.clear_stale_uploads_task", "registry.tasks.fail_stuck_jobs_task")

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from . import resources  # noqa: F401  (declares the firm columns to the header vocabulary)
        from .audit import stamp_import
        from .sheets import checks  # noqa: F401  (registers the checks of the declared columns)

        pre_create_historical_record.connect(stamp_import, dispatch_uid="registry.audit.stamp_import")


class AxesConfig(AxesAppConfig):
    """django-axes with a Chinese name in the admin's sidebar."""

    default = False
    verbose_name = _("登录保护")


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db (the queue under the registry's jobs) with a Chinese name in the admin's sidebar."""

    default = False
    verbose_name = _("任务队列")


class RegistryAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the registry's site (names, URL guard) as the default `admin.site`."""

    default = False
    default_site = "registry.admin_site.RegistryAdminSite"
