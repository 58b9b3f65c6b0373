from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cultivation"
    verbose_name = _("梯度培育")
