from django.apps import AppConfig
from axes.apps import AppConfig as AxesAppConfig


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "企业名录"


class AxesConfig(AxesAppConfig):
    """django-axes with a Chinese name in the admin's sidebar."""

    verbose_name = "登录保护"
