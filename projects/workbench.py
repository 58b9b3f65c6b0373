"""What projects add to the home page, the firm's profile and the monitoring dashboard (registry/workbench.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from registry.workbench import DashboardPanel, ProfileSection, Shortcut, Todo, register

from .selectors import dashboard_figures, projects_in_scope, projects_lit, projects_of_firm

register(ProfileSection(pgettext_lazy("plural", "工业项目"), "admin/projects/firm_projects.html", lambda request, enterprise: {"projects": projects_of_firm(enterprise)}, "projects.view_project", order=300))
register(Todo(
    _("亮红灯的项目"), pgettext_lazy("plural", "工业项目"), lambda request: projects_lit(projects_in_scope(request.user), "red").count(),
    lambda request: reverse("admin:projects_project_changelist") + "?light=red", "projects.view_project", order=300,
))
register(Shortcut(_("竣工投产清单"), pgettext_lazy("plural", "工业项目"), lambda request: reverse("admin:projects_completionlist_changelist"), "projects.view_completionlist", order=300))
register(Shortcut(_("技术改造清单"), pgettext_lazy("plural", "工业项目"), lambda request: reverse("admin:projects_renovationlist_changelist"), "projects.view_renovationlist", order=310))


def dashboard_context(request, period, enterprises):
    figures = dashboard_figures(period, enterprises)
    return {"rows": [(_("工业投资"), figures["investment"]), (_("技改投资"), figures["renovation"])], "lights": figures["lights"]}


register(DashboardPanel(_("工业投资与项目亮灯"), "admin/projects/dashboard_panel.html", dashboard_context, "projects.view_project", order=300))
