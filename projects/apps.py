from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects"
    verbose_name = pgettext_lazy("plural", "工业项目")
    # Staff roles (registry/roles.py): a county or zone officer keeps their area's projects and progress.
    officer_permissions = (
        "view_project", "add_project", "change_project", "import_project", "export_project",
        "view_projectprogress", "add_projectprogress", "change_projectprogress", "import_projectprogress", "export_projectprogress",
        "view_completionlist", "view_renovationlist", "view_majorprojectlist",
        "view_projectkind", "view_renovationkind", "view_projectevent", "view_indicatortarget",
    )
    # seed_demo's step on the demo firms (registry/demo.py): projects and progress that show every light.
    demo_steps = ("projects.demo.seed_projects",)
    # The models whose history rows an import's record lists (registry/audit.py).
    audited_models = ("projects.Project", "projects.ProjectProgress")
    # What an 导入记录 of each of its sheets is called (registry/sheets/kinds.py).
    import_kinds = (("projects", _("工业项目")), ("project_progress", _("项目月度进度")), ("indicator_targets", _("月度指标目标")))

    def ready(self):
        from . import resources  # noqa: F401  (declares its columns to the header vocabulary)
