from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cultivation"
    verbose_name = _("梯度培育")

    def ready(self):
        from django.db.models.signals import pre_delete, pre_save

        from .models import MonthlyReport
        from .monitoring.history import keep_figures_before_edit

        pre_save.connect(keep_figures_before_edit, sender=MonthlyReport, dispatch_uid="monthly_history_before_edit")
        pre_delete.connect(keep_figures_before_edit, sender=MonthlyReport, dispatch_uid="monthly_history_before_delete")
