from django.apps import AppConfig
from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    default = True  # this module also holds AxesConfig, so Django would not pick this one by itself
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = _("企业名录")

    def ready(self):
        from django.contrib import admin
        from simple_history.signals import pre_create_historical_record

        from .admin_guards import guard_every_admin
        from .audit import stamp_import

        pre_create_historical_record.connect(stamp_import, dispatch_uid="registry.audit.stamp_import")
        guard_every_admin(admin.site)  # every admin module is loaded by now: django.contrib.admin is installed first


class AxesConfig(AxesAppConfig):
    """django-axes with a Chinese name in the admin's sidebar."""

    default = False
    verbose_name = _("登录保护")
