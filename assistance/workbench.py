"""What 助企服务 puts on the home page, the firm's profile and the dashboard (registry/workbench.py), each within the user's firms."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry.workbench import DashboardPanel, ProfileSection, Shortcut, Todo, register

from .scope import served_firms
from .selectors import RATE_DEFINITION, firm_service_log, overdue_problems, problem_figures, unvisited_count, visible_problems

GROUP = _("助企服务")


def overdue_url(request):
    return reverse("admin:assistance_problem_changelist") + "?overdue=yes"


def dashboard_figures(request, period, enterprises):
    """The headline figures of the problems of the dashboard's firms (None: every firm the user sees)."""
    problems = visible_problems(request.user)
    if enterprises is not None:
        problems = problems.filter(enterprise__in=enterprises)
    return {"headline": problem_figures(problems), "rate_definition": RATE_DEFINITION, "figures_url": reverse("admin:assistance_problem_figures"), "overdue_url": overdue_url(request)}


register(Todo(label=_("超期未办结的问题诉求"), group=GROUP, count=lambda request: overdue_problems(visible_problems(request.user)).count(), url=overdue_url, permission="assistance.view_problem", order=40))
register(Todo(label=_("超过走访间隔未走访的在库企业"), group=GROUP, count=lambda request: unvisited_count(served_firms(request.user)), url=lambda request: reverse("admin:assistance_problem_unvisited"), permission="assistance.view_servicerecord", order=41))
register(Shortcut(label=_("记录一次服务"), group=GROUP, url=lambda request: reverse("admin:assistance_servicerecord_add"), permission="assistance.add_servicerecord", order=40))
register(Shortcut(label=_("问题诉求"), group=GROUP, url=lambda request: reverse("admin:assistance_problem_changelist") + "?overdue=open", permission="assistance.view_problem", order=41))
register(Shortcut(label=_("助企服务统计"), group=GROUP, url=lambda request: reverse("admin:assistance_problem_figures"), permission="assistance.view_problem", order=42))
register(ProfileSection(title=_("服务记录与问题诉求"), template="admin/assistance/firm_service_log.html", context=lambda request, enterprise: firm_service_log(enterprise), permission="assistance.view_servicerecord", order=60))
register(DashboardPanel(title=_("助企服务：问题诉求办理"), template="admin/assistance/dashboard_panel.html", context=dashboard_figures, permission="assistance.view_problem", order=40))
