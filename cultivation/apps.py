from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cultivation"
    verbose_name = _("梯度培育")
    # Staff roles (registry/roles.py): what a county or zone officer may do here: their area's ladder and figures.
    officer_permissions = (
        "view_poolentry", "add_poolentry", "change_poolentry", "import_poolentry", "export_poolentry",
        "view_monthlyreport", "add_monthlyreport", "change_monthlyreport", "import_monthlyreport", "export_monthlyreport",
        "view_annualprofile", "add_annualprofile", "change_annualprofile", "import_annualprofile", "export_annualprofile",
        "view_provincialscore", "add_provincialscore", "change_provincialscore", "delete_provincialscore",
        "view_tier", "view_batch", "view_target", "view_poolevent", "view_provincialindicator", "view_exportlayout", "view_exportcolumn",
    )
    # seed_demo's steps on the demo firms (registry/demo.py), in this order: the ladder, then the figures that build on it.
    demo_steps = ("cultivation.ladder.demo.seed_ladder", "cultivation.eligibility.demo.seed_annual_profiles", "cultivation.monitoring.demo.seed_monthly_reports")
    import_kinds = (("pool", _("培育库名单")), ("monthly", _("月度数据")), ("annual", _("年度数据")))
    daily_tasks = ("cultivation.ladder.tasks.expire_designations_task",)
    # The monthly summary's totals per county and zone follow a firm that moves (registry/services.py).
    firm_area_moves = ("cultivation.monitoring.summary.move_firm_area",)
    # The models whose history rows an import's record lists (registry/audit.py); monthly reports': see monitoring/history.py.
    audited_models = ("cultivation.PoolEntry", "cultivation.AnnualProfile", "cultivation.MonthlyReport")

    def ready(self):
        from .resources import eligibility, ladder, monitoring  # noqa: F401  (each declares its columns to the header vocabulary)
