from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assistance"
    verbose_name = _("助企服务")
    # Staff roles (registry/roles.py): a county or zone officer records their area's services and works its problems.
    officer_permissions = (
        "view_servicerecord", "add_servicerecord", "change_servicerecord", "import_servicerecord", "export_servicerecord",
        "view_problem", "add_problem", "change_problem", "export_problem",
        "view_problemevent", "view_firmofficer", "add_firmofficer", "delete_firmofficer",
        "view_serviceway", "view_problemcategory", "view_assigneeunit", "view_visitinterval",
    )
    # seed_demo's step (registry/demo.py): co-officers, visits and problems in every status, after cultivation's ladder.
    demo_steps = ("assistance.demo.seed_assistance",)
    # The models whose history rows an import's record lists (registry/audit.py).
    audited_models = ("assistance.ServiceRecord",)
    # What an 导入记录 of the service sheet is called (registry/sheets/kinds.py).
    import_kinds = (("service_records", _("服务记录")),)

    def ready(self):
        from . import resources  # noqa: F401  (declares its columns to the header vocabulary)
