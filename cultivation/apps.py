from django.apps import AppConfig


class CultivationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cultivation"
    verbose_name = "梯度培育"
