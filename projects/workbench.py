"""What projects add to the home page, the firm's profile and the monitoring dashboard (registry/workbench.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry.workbench import ProfileSection, Shortcut, register

from .selectors import projects_of_firm

register(ProfileSection(_("工业项目"), "admin/projects/firm_projects.html", lambda request, enterprise: {"projects": projects_of_firm(enterprise)}, "projects.view_project", order=300))
register(Shortcut(_("竣工投产清单"), _("工业项目"), lambda request: reverse("admin:projects_completionlist_changelist"), "projects.view_completionlist", order=300))
register(Shortcut(_("技术改造清单"), _("工业项目"), lambda request: reverse("admin:projects_renovationlist_changelist"), "projects.view_renovationlist", order=310))
